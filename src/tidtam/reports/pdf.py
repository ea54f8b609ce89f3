"""HTML to PDF with Debian's Chromium driven by Playwright: the one PDF writer of Tidtam.

Every report that has a PDF form renders its HTML (a self-contained page: inline CSS, fonts
installed on the system such as "Noto Sans Thai") and calls ``html_to_pdf``. Pages are A4,
backgrounds printed, and the footer carries "page X / Y". Tables repeat their header on every
page when the HTML says ``thead { display: table-header-group }``.

**One browser per process.** Starting Chromium costs about as much as printing a long report,
so each process (web worker, task worker, command) keeps one browser and prints every PDF in
a fresh browser context (no cookies, cache or storage shared between two reports). Playwright's
sync API is bound to the thread that started it, and refuses to run in a thread that has an
asyncio loop (an ASGI worker, a test session that already drove a browser), so the browser
lives in a thread of its own (``tidtam-pdf``) and callers from any thread hand it their page
through a queue: the PDFs of one process are printed one after the other. The browser is
started on the first PDF, started again when it has died (crash, killed, OOM), and closed at
exit (``atexit``) or by ``close()``. A child forked from a process that had a browser starts
its own.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]

DEFAULT_FOOTER = (
    "<div style=\"width:100%;font-family:'Noto Sans Thai',sans-serif;font-size:8pt;"
    'color:#555;text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
EMPTY_HEADER = "<div></div>"
CLOSE_TIMEOUT = 15.0  # seconds to wait for the browser to close at exit


def chromium_path() -> str:
    """Return the Chromium binary: $TIDTAM_CHROMIUM, else settings, else /usr/bin/chromium."""
    return str(
        os.environ.get("TIDTAM_CHROMIUM")
        or getattr(settings, "TIDTAM_PLAYWRIGHT_CHROMIUM", None)
        or "/usr/bin/chromium"
    )


def html_to_pdf(
    html: str,
    *,
    landscape: bool = False,
    header_html: str | None = None,
    footer_html: str | None = None,
) -> bytes:
    """Print ``html`` to an A4 PDF and return its bytes (safe to call from any thread).

    ``header_html`` / ``footer_html`` are Chromium print templates (their own inline styles;
    the classes ``pageNumber``, ``totalPages``, ``date``, ``title`` are filled in). The
    default footer is "page / pages". Every request the page would make (other than inline
    data) is refused, so a report can never fetch anything from the network.
    """
    result: bytes = _PRINTER.call(_print, html, landscape, header_html, footer_html)
    return result


def close() -> None:
    """Close this process's browser (if any); the next PDF starts a new one."""
    _PRINTER.close()


def browser_launches() -> int:
    """Return how many times this process has started Chromium (for tests and diagnostics)."""
    return _PRINTER.launches


def _refuse_network(route: Any) -> None:
    url: str = route.request.url
    if url.startswith(("data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()


class _Browser:
    """Playwright and its Chromium; used only in the printer's thread."""

    def __init__(self, printer: _Printer) -> None:
        self.printer = printer
        self.playwright: Any = None
        self.browser: Any = None

    def get(self) -> Any:
        """Return a connected browser, starting (or restarting) Chromium when needed."""
        if self.browser is not None and self.browser.is_connected():
            return self.browser
        self.stop()
        # Imported here: Playwright starts nothing at import, but keeps web workers light.
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        self.printer.launches += 1
        return self.browser

    def stop(self) -> None:
        """Close the browser and Playwright's driver, whatever state they are in."""
        browser, playwright = self.browser, self.playwright
        self.browser = self.playwright = None
        for closer in (browser.close if browser else None, playwright.stop if playwright else None):
            if closer is not None:
                with contextlib.suppress(Exception):  # already dead: nothing left to close
                    closer()


class _Printer:
    """A thread of its own that owns the browser and runs the calls queued to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        self.launches = 0

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        future: Future[Any] = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                # First use, or a forked child (threads do not survive fork): a new thread and
                # browser of this process; the parent's stay the parent's.
                self._queue = queue.SimpleQueue()
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._run, args=(self._queue,), name="tidtam-pdf", daemon=True
                )
                self._thread.start()
            assert self._queue is not None  # noqa: S101 - set just above
            self._queue.put((fn, args, future))
        return future.result()

    def _run(self, jobs: queue.SimpleQueue[Any]) -> None:
        browser = _Browser(self)
        try:
            while True:
                item = jobs.get()
                if item is None:
                    return
                fn, args, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(browser, *args))
                except BaseException as exc:  # handed to the caller
                    future.set_exception(exc)
        finally:
            browser.stop()

    def forget(self) -> None:
        """Drop the parent's thread and browser in a forked child (they stay the parent's)."""
        self._lock = threading.Lock()
        self._queue = self._thread = None
        self._pid = os.getpid()
        self.launches = 0

    def close(self) -> None:
        with self._lock:
            thread, jobs = self._thread, self._queue
            if thread is None or jobs is None or self._pid != os.getpid():
                return
            self._thread = self._queue = None
        jobs.put(None)
        thread.join(CLOSE_TIMEOUT)


_PRINTER = _Printer()
atexit.register(_PRINTER.close)
if hasattr(os, "register_at_fork"):  # a forked child gets a fresh lock (the parent's may be held)
    os.register_at_fork(after_in_child=_PRINTER.forget)


def _print(
    browser: _Browser,
    html: str,
    landscape: bool,
    header_html: str | None,
    footer_html: str | None,
) -> bytes:
    from playwright.sync_api import Error as PlaywrightError

    try:
        return _print_once(browser.get(), html, landscape, header_html, footer_html)
    except PlaywrightError:
        if browser.browser is not None and browser.browser.is_connected():
            raise  # the page failed, not the browser
    # The browser died before or while printing: start a new one and print once more.
    return _print_once(browser.get(), html, landscape, header_html, footer_html)


_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)
# page.pdf() lays the page out again for print media; hiding it on screen saves laying out a
# long report twice (once on load for the window, once for the paper).
SCREEN_HIDDEN = "<style>@media screen{html{display:none}}</style>"


def _print_only(html: str) -> str:
    """Return ``html`` with a style that hides it on screen (after the doctype: no quirks)."""
    match = _DOCTYPE.match(html)
    cut = match.end() if match else 0
    return html[:cut] + SCREEN_HIDDEN + html[cut:]


def _print_once(
    browser: Any, html: str, landscape: bool, header_html: str | None, footer_html: str | None
) -> bytes:
    context = browser.new_context()
    try:
        context.route("**/*", _refuse_network)
        page = context.new_page()
        page.set_content(_print_only(html), wait_until="load")
        pdf: bytes = page.pdf(
            # Exact A4 (210 x 297 mm = 595.28 x 841.89 pt); format="A4" gives Chromium's
            # rounded 8.27 x 11.7 in (595.92 x 842.88 pt).
            width="210mm",
            height="297mm",
            landscape=landscape,
            print_background=True,
            display_header_footer=True,
            header_template=header_html or EMPTY_HEADER,
            footer_template=footer_html or DEFAULT_FOOTER,
            margin={"top": "14mm", "bottom": "14mm", "left": "10mm", "right": "10mm"},
        )
    finally:
        with contextlib.suppress(Exception):  # the browser died meanwhile; get() restarts it
            context.close()
    return pdf

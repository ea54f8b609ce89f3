"""HTML to PDF with Debian's Chromium driven by Playwright: the one PDF writer of Tidtam.

Every report that has a PDF form renders its HTML (a self-contained page: inline CSS, fonts
installed on the system such as "Noto Sans Thai") and calls ``html_to_pdf``. Pages are A4,
backgrounds printed, and the footer carries "page X / Y". Tables repeat their header on every
page when the HTML says ``thead { display: table-header-group }``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

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
    """Print ``html`` to an A4 PDF and return its bytes.

    ``header_html`` / ``footer_html`` are Chromium print templates (their own inline styles;
    the classes ``pageNumber``, ``totalPages``, ``date``, ``title`` are filled in). The
    default footer is "page / pages". Every request the page would make (other than inline
    data) is refused, so a report can never fetch anything from the network.

    Playwright's sync API refuses to run in a thread that has an asyncio loop (an ASGI
    worker, or a test session that already drove a browser), so the printing runs in a
    thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidtam-pdf") as pool:
        return pool.submit(_print, html, landscape, header_html, footer_html).result()


def _refuse_network(route: object) -> None:
    url: str = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("data:", "about:", "blob:")):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort()  # type: ignore[attr-defined]


def _print(html: str, landscape: bool, header_html: str | None, footer_html: str | None) -> bytes:
    # Imported here: Playwright starts nothing at import, but keeps web workers light.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", _refuse_network)
            page.set_content(html, wait_until="load")
            page.emulate_media(media="print")
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
            browser.close()
    return pdf

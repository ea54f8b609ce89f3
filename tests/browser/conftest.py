"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every page loaded in a browser test is watched: a request to any host but the live server
is blocked and fails the test, so no page can depend on a CDN or leak data to one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("TIDTAM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "th-TH", "timezone_id": "Asia/Bangkok"}


@pytest.fixture
def foreign_requests(context):
    """Block and record every request to a host other than the local server."""
    blocked: list[str] = []

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield blocked
    assert blocked == [], f"requests left 127.0.0.1: {blocked}"


@pytest.fixture
def page(context, foreign_requests, live_server):
    """A page whose every request is checked by ``foreign_requests``.

    A Content-Security-Policy violation (an inline script or style, a foreign font) fails the
    test too: the browser blocks it silently, so the page would look or work differently.
    """
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []

    def watch(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", watch)
    yield page
    page.close()
    assert violations == [], f"the page broke its Content-Security-Policy: {violations}"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/screenshots/NAME.png."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    """Sign in through the real login form."""

    def sign_in(username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill(password)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_load_state("networkidle")

    return sign_in

"""The foundation seen by a person: sign in, a Thai page with a BE date, switch to English."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from tidtam.accounts.models import User
from tidtam.thai.dates import format_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
PASSWORD = "a-strong-pass-2568"


def test_login_shows_thai_home_with_be_date_then_switches_to_english(
    page, live_server, login, screenshot
):
    User.objects.create_user("somchai", password=PASSWORD, display_name="สมชาย ใจดี")
    page.set_viewport_size({"width": 1280, "height": 720})
    login("somchai", PASSWORD)

    today: dt.date = timezone.localdate()
    be_year = str(today.year + 543)
    body = page.locator("main")
    assert "สวัสดี สมชาย ใจดี" in body.inner_text()
    assert format_date(today, "long") in body.inner_text()
    assert be_year in body.inner_text()
    assert str(today.year) not in body.locator("time").inner_text()
    assert page.locator("html").get_attribute("lang") == "th"
    assert "ออกจากระบบ" in page.locator("header").inner_text()
    path = screenshot("home-th")
    if os.environ.get("TIDTAM_UPDATE_README_SCREENSHOT"):  # the README's picture, on request
        shutil.copyfile(path, DOCS_IMG / "home.png")

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.locator("header").inner_text()
    assert "Hello สมชาย ใจดี" in page.locator("main").inner_text()
    screenshot("home-en")

    with page.expect_navigation():
        page.get_by_role("button", name="ไทย").click()
    assert page.locator("html").get_attribute("lang") == "th"
    assert "ออกจากระบบ" in page.locator("header").inner_text()


def test_wrong_password_shows_thai_message_and_stays_on_login(page, live_server, login):
    User.objects.create_user("somsri", password=PASSWORD)
    login("somsri", "wrong-password")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.locator("main").inner_text()
    assert page.url.endswith("/accounts/login/")


def test_empty_login_marks_fields_invalid_and_describes_the_error(page, live_server, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state("networkidle")
    username = page.get_by_label("ชื่อผู้ใช้")
    assert username.get_attribute("aria-invalid") == "true"
    described = username.get_attribute("aria-describedby") or ""
    error_id = next(word for word in described.split() if word.endswith("_error"))
    assert page.locator(f"#{error_id}").inner_text().strip().endswith("กรุณากรอกข้อมูลในช่องนี้")
    # The summary takes the focus, so a screen reader announces the errors.
    assert page.evaluate("document.activeElement.className") == "form-errors"
    screenshot("login-errors")


def test_phone_sized_menu_opens_with_the_toggle(page, live_server, login, screenshot):
    User.objects.create_user("field", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    login("field", PASSWORD)
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    toggle = page.get_by_role("button", name="เมนู")
    assert toggle.get_attribute("aria-expanded") == "false"
    screenshot("home-phone")
    toggle.click()
    assert nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("button", name="ออกจากระบบ").is_visible()
    screenshot("home-phone-menu")
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.className") == "nav-toggle"


def test_phone_pages_do_not_scroll_sideways(page, live_server, login, screenshot):
    User.objects.create_user("field", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    login("field", PASSWORD)
    for path, name in [
        ("/", "phone-home"),
        ("/about/", "phone-about"),
        ("/ui/?amount=abc", "phone-ui"),
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
        screenshot(name)
    # The wide table scrolls inside its own box, which the keyboard can reach.
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth") is True
    assert wrap.get_attribute("tabindex") == "0"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, login):
    User.objects.create_user("keys", password=PASSWORD)
    login("keys", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.inner_text() == "ข้ามไปยังเนื้อหาหลัก"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_thai_font_comes_from_our_static_files(page, live_server):
    fonts: list[str] = []
    page.on("response", lambda r: fonts.append(r.url) if r.url.endswith(".ttf") and r.ok else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Tidtam Thai\"', 'ก')") is True
    assert any("/static/tidtam/fonts/NotoSansThai-" in url for url in fonts), fonts
    assert all(url.startswith(live_server.url) for url in fonts)


def test_about_page_credits_geothai_under_cc_by_4(page, live_server, screenshot):
    page.goto(f"{live_server.url}/about/")
    main = page.locator("main").inner_text()
    assert "GeoThai" in main
    assert "CC BY 4.0" in main
    assert "Creative Commons" in main or "ครีเอทีฟคอมมอนส์" in main
    assert "GeoThai (CC BY 4.0)" in page.locator("footer").inner_text()
    screenshot("about-th")


def test_print_shows_only_the_content(page, live_server, login, screenshot):
    User.objects.create_user("printer", password=PASSWORD)
    login("printer", PASSWORD)
    page.goto(f"{live_server.url}/ui/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".breadcrumbs").is_visible()
    assert page.locator("main h1").is_visible()
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => getComputedStyle(el).overflowX") == "visible"
    assert page.locator("thead").first.evaluate("el => getComputedStyle(el).display") == (
        "table-header-group"
    )
    screenshot("ui-print")

"""The foundation seen by a person: sign in, a Thai page with a BE date, switch to English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tidtam.accounts.models import User
from tidtam.thai.dates import format_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_shows_thai_home_with_be_date_then_switches_to_english(
    page, live_server, login, screenshot
):
    User.objects.create_user("somchai", password="a-strong-pass-2568", display_name="สมชาย ใจดี")
    login("somchai", "a-strong-pass-2568")

    today: dt.date = timezone.localdate()
    be_year = str(today.year + 543)
    body = page.locator("main")
    assert "สวัสดี สมชาย ใจดี" in body.inner_text()
    assert format_date(today, "long") in body.inner_text()
    assert be_year in body.inner_text()
    assert str(today.year) not in body.locator("time").inner_text()
    assert page.locator("html").get_attribute("lang") == "th"
    screenshot("home-th")

    page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.locator("header").inner_text()
    screenshot("home-en")


def test_wrong_password_shows_thai_message_and_stays_on_login(page, live_server, login):
    User.objects.create_user("somsri", password="a-strong-pass-2568")
    login("somsri", "wrong-password")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.locator("main").inner_text()
    assert page.url.endswith("/accounts/login/")


def test_phone_sized_menu_opens_with_the_toggle(page, live_server, login):
    User.objects.create_user("field", password="a-strong-pass-2568")
    page.set_viewport_size({"width": 390, "height": 844})
    login("field", "a-strong-pass-2568")
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name="เมนู").click()
    assert nav.is_visible()

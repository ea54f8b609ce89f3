"""News in the browser: read seed 002's post inside Tidtam and on its public page."""

from __future__ import annotations

import pytest

from tidtam.accounts.models import User
from tidtam.demo import news as news_demo
from tidtam.news.models import NewsPost

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_read_the_seed_post_inside_and_on_its_public_page(
    page, live_server, login, screenshot, areas, media_dir
):
    news_demo.load()
    post = NewsPost.objects.get()
    User.objects.create_superuser("editor", password="a-strong-pass-2568")

    login("editor", "a-strong-pass-2568")
    page.goto(f"{live_server.url}/news/")
    page.get_by_role("link", name=post.title).click()
    main = page.locator("main")
    assert "ความร่วมมือระหว่าง SUCCESS เมืองภาคใต้กับ กขป.เขต12" in main.inner_text()
    assert "12 กรกฎาคม 2565 10:07 น." in main.inner_text()
    assert page.locator("main figure img").count() == 2
    screenshot("news-detail")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/news/public/{post.pk}/")
    assert "กิจกรรมที่จะดำเนินการต่อไป" in page.locator("main").inner_text()
    assert page.locator("a", has_text="แก้ไข").count() == 0

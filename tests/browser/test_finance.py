"""The budget-status page in Chromium: seed 003's figures and the two charts."""

from __future__ import annotations

import pytest

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_status_page_shows_seed_003_and_charts(page, live_server, login, screenshot):
    from tidtam.demo import finance as demo

    demo.load()
    user = User.objects.create_user(
        "north", password="a-strong-pass-2568", display_name="เจ้าหน้าที่ภาคเหนือ"
    )
    Grant.objects.create(
        user=user,
        role=Role.AREA_OFFICER,
        region=Region.objects.get(grouping__is_default=True, code="north"),
    )
    login("north", "a-strong-pass-2568")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(
        f"{live_server.url}/finance/programmes/{demo.PROGRAMME_CODE}/budget-status/?as_of=2021-04-19"
    )
    main = page.locator("main").inner_text()
    for text in (
        "15,635,880",
        "10,921,966",
        "69.85",
        "30.15",
        "69.83",
        "30.17",
        "4,713,914",
        "งบภาค",
        "ณ วันที่ 19 เมษายน 2564",
    ):
        assert text in main
    assert "สิบล้านเก้าแสนสองหมื่นหนึ่งพันเก้าร้อยหกสิบหกบาทถ้วน" in main
    page.wait_for_selector("#chart-percent[data-ready='1']")
    page.wait_for_selector("#chart-amounts[data-ready='1']")
    box = page.locator("#chart-percent").bounding_box()
    assert box is not None and box["height"] > 200
    # The charts drew something: the canvas is not blank.
    drawn = page.evaluate(
        "() => { const c = document.getElementById('chart-percent');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; } return n; }"
    )
    assert drawn > 1000
    page.locator("#chart-percent").scroll_into_view_if_needed()
    screenshot("finance-budget-status")
    # The BE date field takes a Buddhist-Era date.
    page.get_by_label("ณ วันที่").fill("01/03/2564")
    page.get_by_role("button", name="แสดง").click()
    page.wait_for_load_state("networkidle")
    assert "1,603,650" in page.locator("main").inner_text()

"""A coordinator lists organisations, searches in Thai, opens one; then picks a place for a
community with the htmx province → district → subdistrict picker."""

from __future__ import annotations

import pytest

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.loading import ensure_areas_loaded
from tidtam.demo import organisations as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-strong-pass-2568"


@pytest.fixture
def khon_kaen_officer(db):
    """The seed 000 organisations, and a provincial officer of Khon Kaen."""
    ensure_areas_loaded()  # a transactional test flushes the areas the migrations loaded
    demo.load()
    user = User.objects.create_user("officer-kk", password=PASSWORD, display_name="เจ้าหน้าที่ขอนแก่น")
    Grant.objects.create(user=user, role=Role.AREA_OFFICER, province_id="40")
    return user


def test_list_search_in_thai_and_open_an_organisation(
    page, live_server, login, screenshot, khon_kaen_officer
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login("officer-kk", PASSWORD)
    page.goto(f"{live_server.url}/organisations/")
    table = page.locator("main table")
    assert "สมาคมผู้บริโภคจังหวัดขอนแก่น" in table.inner_text()
    assert "สหภาพยุโรป" not in table.inner_text()  # a national funder is not in Khon Kaen's scope
    screenshot("organisations-list")

    # The seed's own short form "จ." finds the full name.
    page.get_by_label("ค้นหา").fill("สมาคมผู้บริโภค  จ.ขอนแก่น")
    page.get_by_role("button", name="ค้นหา").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    rows.first.get_by_role("link").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "สมาคมผู้บริโภคจังหวัดขอนแก่น"
    main = page.locator("main").inner_text()
    assert "นางสาวศิริมล วงศาอ้วน" in main
    assert "เจ้าหน้าที่การเงินโครงการ" in main
    assert "นายปวิวัติ เถลิษชาติ" in main
    screenshot("organisation-detail")


def test_pick_a_subdistrict_for_a_new_community(
    page, live_server, login, screenshot, khon_kaen_officer
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login("officer-kk", PASSWORD)
    page.goto(f"{live_server.url}/areas/communities/new/")
    page.get_by_label("ชื่อชุมชน").fill("ชุมชนศรีจันทร์")
    page.select_option("#id_province", "40")
    # (no wait_for_function: the CSP forbids evaluating strings)
    page.locator('#id_district option[value="4010"]').wait_for(state="attached")
    page.select_option("#id_district", "4010")
    page.locator('#id_subdistrict option[value="401002"]').wait_for(state="attached")
    page.select_option("#id_subdistrict", "401002")
    page.get_by_label("ครัวเรือน", exact=False).first.fill("64")
    screenshot("community-form")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "ชุมชนศรีจันทร์"
    main = page.locator("main").inner_text()
    assert "บ้านไผ่" in main and "ในเมือง" in main and "64" in main

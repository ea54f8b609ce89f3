"""The budget-status page in Chromium: seed 003's figures and the two charts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Province, Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-strong-pass-2568"


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


def _grant(username: str, role: str, display_name: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, display_name=display_name)
    Grant.objects.create(
        user=user, role=role, region=Region.objects.get(grouping__is_default=True, code="north")
    )
    return user


def test_programme_page_frame_revision_and_a_meeting_decision(page, live_server, login, screenshot):
    """A regional officer revises a frame; a committee member records a meeting and a decision."""
    from tidtam.demo import finance as demo
    from tidtam.finance.models import BudgetFrame, BudgetFrameRevision, Decision
    from tidtam.organisations.models import Organisation
    from tidtam.projects.models import Programme, Project, ProjectLevel, ProjectStatus

    demo.load()
    programme = Programme.objects.get(code=demo.PROGRAMME_CODE)
    proposer = Organisation.objects.get(name="เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่")
    proposal = Project.objects.create(
        programme=programme,
        code="CODI-N-2564-EXTRA-50",
        title="โครงการเสริมศักยภาพผู้นำเยาวชนจังหวัดเชียงใหม่",
        level=ProjectLevel.PROVINCIAL,
        proposing_organisation=proposer,
        implementing_organisation=proposer,
        province=Province.objects.get(code="50"),
        status=ProjectStatus.PROPOSED,
    )
    _grant("north", Role.AREA_OFFICER, "เจ้าหน้าที่ภาคเหนือ")
    _grant("member", Role.COMMITTEE_MEMBER, "กรรมการภาคเหนือ")
    url = f"{live_server.url}/finance/programmes/{demo.PROGRAMME_CODE}/"
    page.set_viewport_size({"width": 1400, "height": 900})

    # 1. The regional officer revises the provincial frame, with the reason.
    login("north", PASSWORD)
    page.goto(url)
    main = page.locator("main")
    assert "13,873,500" in main.inner_text()
    assert page.locator("#id_decision-meeting").count() == 0  # not a committee member
    frame = BudgetFrame.objects.get(programme=programme, level=ProjectLevel.PROVINCIAL)
    page.select_option("#id_revise-frame", str(frame.pk))
    page.fill("#id_revise-new_amount", "14000000")
    page.fill("#id_revise-reason", "ปรับเพิ่มตามมติคณะกรรมการครั้งที่ 3/2564")
    page.get_by_role("button", name="แก้ไข", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#frames")
    text = main.inner_text()
    assert "แก้ไขกรอบงบแล้ว" in text
    assert "13,873,500 → 14,000,000 — ปรับเพิ่มตามมติคณะกรรมการครั้งที่ 3/2564" in text
    revision = BudgetFrameRevision.objects.get()
    assert (revision.old_amount, revision.new_amount) == (Decimal("13873500"), Decimal("14000000"))
    # A refused revision (no reason) shows the form's message and changes nothing.
    page.select_option("#id_revise-frame", str(frame.pk))
    page.fill("#id_revise-new_amount", "1")
    page.get_by_role("button", name="แก้ไข", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "กรุณากรอกข้อมูลในช่องนี้" in main.inner_text()
    frame.refresh_from_db()
    assert frame.amount == Decimal("14000000")

    # 2. A committee member records meeting 3/2564 and approves the proposal for less.
    page.context.clear_cookies()
    login("member", PASSWORD)
    page.goto(url)
    page.fill("#id_meeting-fiscal_year", "2564")
    page.fill("#id_meeting-number", "3")
    page.fill("#id_meeting-start_date", "15/03/2564")
    page.get_by_role("button", name="บันทึกการประชุม").click()
    page.wait_for_load_state("networkidle")
    assert "บันทึกการประชุมแล้ว" in main.inner_text()
    page.select_option(
        "#id_decision-meeting", label="คณะทำงานพิจารณาโครงการภาคเหนือ ครั้งที่ 3/2564 วันที่ 15 มี.ค.64"
    )
    page.select_option("#id_decision-project", str(proposal.pk))
    page.select_option("#id_decision-outcome", "approved")
    page.fill("#id_decision-amount_requested", "600000")
    page.fill("#id_decision-amount_approved", "500000")
    page.fill("#id_decision-resolution", "อนุมัติโดยปรับลดค่าเดินทาง")
    page.get_by_role("button", name="บันทึกมติ").click()
    page.wait_for_load_state("networkidle")
    text = main.inner_text()
    assert "บันทึกมติแล้ว" in text
    assert "อนุมัติโดยปรับลดค่าเดินทาง" in text
    decision = Decision.objects.get(project=proposal)
    assert (decision.outcome, decision.amount_requested, decision.amount_approved) == (
        "approved",
        Decimal("600000"),
        Decimal("500000"),
    )
    page.locator("#committees").scroll_into_view_if_needed()
    screenshot("finance-programme")


def test_project_page_transfer_refusal_and_reversal(page, live_server, login, screenshot):
    """A regional officer: a refused over-transfer, a transfer, then its reversing correction."""
    from tidtam.demo import finance as demo
    from tidtam.finance.models import Tranche, Transfer
    from tidtam.projects.models import Project

    demo.load()
    project = Project.objects.get(code="CODI-N-2564-LEADERS-P01")
    _grant("north", Role.AREA_OFFICER, "เจ้าหน้าที่ภาคเหนือ")
    login("north", PASSWORD)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/finance/projects/{project.pk}/")
    main = page.locator("main")
    assert "1,781,000" in main.inner_text()
    first, second = Tranche.objects.filter(project=project).order_by("number")
    before = Transfer.objects.count()

    page.select_option("#id_transfer-tranche", str(first.pk))
    page.fill("#id_transfer-amount", "5000")
    page.fill("#id_transfer-date", "01/05/2564")
    page.get_by_role("button", name="โอน", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "ยอดโอนเกินวงเงินงวด 1: เหลือโอนได้ 0 บาท จากวงเงินงวด 1,240,000 บาท" in main.inner_text()
    assert Transfer.objects.count() == before

    page.select_option("#id_transfer-tranche", str(second.pk))
    page.fill("#id_transfer-amount", "300000")
    page.fill("#id_transfer-date", "01/05/2564")
    page.fill("#id_transfer-reference", "KTB-2564-0501")
    page.get_by_role("button", name="โอน", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "บันทึกการโอนแล้ว" in main.inner_text()
    transfer = Transfer.objects.get(reference="KTB-2564-0501")
    assert (transfer.tranche, transfer.amount) == (second, Decimal("300000"))

    page.select_option("#id_reverse-transfer", str(transfer.pk))
    page.fill("#id_reverse-reason", "โอนซ้ำ ยกเลิกรายการ")
    page.get_by_role("button", name="กลับรายการ", exact=True).click()
    page.wait_for_load_state("networkidle")
    text = main.inner_text()
    assert "กลับรายการโอนแล้ว" in text
    assert "-300,000" in text
    reversal = Transfer.objects.get(reverses=transfer)
    assert (reversal.amount, reversal.reason) == (Decimal("-300000"), "โอนซ้ำ ยกเลิกรายการ")
    page.locator("#transfers").scroll_into_view_if_needed()
    screenshot("finance-project")

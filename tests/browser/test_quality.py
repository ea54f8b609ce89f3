"""The quality pages in Chromium: findings by severity with filters and links, and a legacy
table pasted from a report with its wrong cell marked on the table."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tests.conftest import seed_file
from tests.projects.factories import PASSWORD, ProgrammeFactory, ProjectFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.projects.models import CountSource, ParticipantCount, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(project, day, **counts):
    s = Session.objects.create(project=project, start_date=day, title="ประชุมทีม")
    ParticipantCount.objects.create(session=s, source=CountSource.TABLE2, **counts)
    return s


def _data():
    kkd = ProjectFactory(code="KKD-B", programme=ProgrammeFactory(code="PROG-A"))
    other = ProjectFactory(
        code="OTHER-B", programme=ProgrammeFactory(code="PROG-B"), province_id="50"
    )
    wrong = _session(kkd, dt.date(2023, 3, 10), total=10, men=4, women=5)
    _session(kkd, dt.date(2023, 1, 15), total=2, men=1, women=1)
    _session(other, dt.date(2023, 3, 11), total=7, men=3, women=4, civil_society_people=5)
    user_with_grant("admin-b", Role.ADMINISTRATOR)
    user_with_grant("cm-officer-b", Role.AREA_OFFICER, province_id="50")
    return wrong


def test_findings_by_severity_filters_and_links(page, live_server, login, screenshot):
    wrong = _data()
    login("admin-b", PASSWORD)
    page.goto(f"{live_server.url}/quality/")
    errors = page.locator("#severity-error tbody tr")
    warnings = page.locator("#severity-warning tbody tr")
    assert errors.count() == 2
    assert warnings.count() == 1
    assert page.locator("#severity-error h2 .badge").inner_text() == "2"
    first = errors.nth(0)
    assert first.locator("td").nth(0).inner_text() == "KKD-B ประชุมทีม (10 มี.ค. 2566)"
    assert first.locator("td").nth(3).inner_text() == "9"
    assert first.locator("td").nth(4).inner_text() == "10"
    assert "ผู้เข้าร่วม: ทั้งหมด ≠ ชาย + หญิง" in first.locator("td").nth(1).inner_text()
    screenshot("quality-findings")

    # Filter: warnings only.
    page.select_option("select[name=severity]", "warning")
    page.get_by_role("button", name="แสดงรายการที่พบ").click()
    page.wait_for_load_state("networkidle")
    assert "severity=warning" in page.url
    assert page.locator("#severity-error").count() == 0
    assert page.locator("#severity-warning tbody tr").count() == 1
    assert "OTHER-B" in page.locator("#severity-warning tbody").inner_text()

    # Filter: one kind, across severities.
    page.select_option("select[name=severity]", "")
    page.select_option("select[name=kind]", "session_before_project")
    page.get_by_role("button", name="แสดงรายการที่พบ").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
    assert "KKD-B ประชุมทีม (15 ม.ค. 2566)" in page.locator("tbody").inner_text()

    # Filter: programme PROG-B holds OTHER-B only.
    page.goto(f"{live_server.url}/quality/?programme=PROG-B")
    assert page.locator("tbody tr").count() == 1
    assert page.locator("#severity-error tbody tr").count() == 0

    # The link opens the session.
    page.goto(f"{live_server.url}/quality/")
    page.get_by_role("link", name="KKD-B ประชุมทีม (10 มี.ค. 2566)").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/projects/sessions/{wrong.pk}/")

    # An officer of Chiang Mai sees only the Chiang Mai project's finding.
    page.context.clear_cookies()
    login("cm-officer-b", PASSWORD)
    page.goto(f"{live_server.url}/quality/")
    assert page.locator("tbody tr").count() == 1
    assert "KKD-B" not in page.content()
    screenshot("quality-findings-officer")


def _tranche_table():
    lines = seed_file("003").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ที่\t"))
    end = next(i for i, line in enumerate(lines) if line.startswith("\t\t\t\t\t\t15,635,880"))
    return "\n".join(lines[start : end + 1])


def test_a_pasted_seed_table_shows_its_wrong_cell(page, live_server, login, screenshot, tmp_path):
    user_with_grant("officer-b", Role.AREA_OFFICER, province_id="40")
    login("officer-b", PASSWORD)
    page.goto(f"{live_server.url}/quality/")
    page.get_by_role("link", name="ตรวจตารางจากรายงานเดิม (ผลรวมและร้อยละ)").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/quality/table-audit/")

    # Seed 003's per-project tranche table, pasted as copied (tab-separated).
    page.get_by_label("วางตาราง").fill(_tranche_table())
    page.get_by_role("button", name="ตรวจตาราง").click()
    page.wait_for_load_state("networkidle")
    marked = page.locator("td.cell-finding")
    assert marked.count() == 1
    assert marked.get_attribute("id") == "cell-20-8"
    assert marked.inner_text().startswith("281,545")
    assert "ชนิดข้อมูล" in marked.get_attribute("title")
    row = page.locator(".audit-findings tbody tr")
    assert row.count() == 1
    assert [c.inner_text() for c in row.locator("td").all()][1:4] == [
        "20",
        "แถวรวม",
        "วันที่โอนงวด1",
    ]
    assert page.locator(".audited-table tbody tr").count() == 20
    # The marked cell is red (the page's own stylesheet, no inline style).
    colour = marked.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert colour == "rgb(248, 215, 215)"
    row.locator("a").click()
    assert page.url.endswith("#cell-20-8")
    screenshot("quality-table-audit-seed-003")

    # An XLSX with a wrong row total and a wrong column total: exactly those two cells.
    wb = Workbook()
    for values in [
        ["จังหวัด", "ต.ค.", "พ.ย.", "ธ.ค.", "รวม"],
        ["เชียงใหม่", 10, 20, 30, 60],
        ["ลำพูน", 1000, 20, 0, 1020],
        ["ลำปาง", 5, 5, 5, 16],
        ["รวม", 1015, 54, 35, 1096],
    ]:
        wb.active.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "ตารางรายเดือน.xlsx"
    path.write_bytes(buffer.getvalue())
    page.get_by_label("วางตาราง").fill("")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="ตรวจตาราง").click()
    page.wait_for_load_state("networkidle")
    ids = [c.get_attribute("id") for c in page.locator("td.cell-finding").all()]
    assert ids == ["cell-3-4", "cell-4-2"]
    screenshot("quality-table-audit-xlsx")

    # A file that is not a table: a clear Thai message, nothing else.
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    page.set_input_files("input[name=file]", str(pdf))
    page.get_by_role("button", name="ตรวจตาราง").click()
    page.wait_for_load_state("networkidle")
    assert "อ่านไฟล์ชนิดนี้ไม่ได้" in page.locator("form.table-audit-form").inner_text()
    assert page.locator("td.cell-finding").count() == 0

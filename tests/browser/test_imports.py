"""Imports in the browser: download the template and the current data, upload an edited export,
watch the page follow the worker (htmx polling), confirm, see the outcome."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.organisations.factories import PASSWORD, OrganisationFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.areas.models import Province
from tidtam.imports import services
from tidtam.imports.models import ImportRun, ImportStatus
from tidtam.organisations.models import Organisation, OrganisationKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOLD_POLLING = """() => {
  window.tidtamHoldPolling = true;
  if (!window.tidtamHoldListener) {
    window.tidtamHoldListener = true;
    document.body.addEventListener("htmx:beforeRequest", (event) => {
      if (window.tidtamHoldPolling) { event.preventDefault(); }
    });
  }
}"""
IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "reports", "imports"],
    }
}


@pytest.fixture
def khon_kaen_officer(areas, media_dir):
    khon_kaen = Province.objects.get(code="40")
    OrganisationFactory(
        name="สภาองค์กรชุมชนตำบลศิลา",
        kind=OrganisationKind.COMMUNITY_COUNCIL,
        province=khon_kaen,
        phone="043 000 111",
    )
    OrganisationFactory(
        name="สมาคมผู้บริโภคจังหวัดขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
    )
    return user_with_grant("officer-kk", Role.AREA_OFFICER, province=khon_kaen)


def _download(page, row, name, tmp_path):
    with page.expect_download() as info:
        row.get_by_role("link", name=name).click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    return download.suggested_filename, path


def _run_worker_step(page, step, run_id):
    """Run one worker step while the page holds back its polling (the test's in-memory
    SQLite connection is shared with the live server and must not be used by two threads at
    once), then let the page poll again."""
    page.evaluate(HOLD_POLLING)
    page.wait_for_selector(".htmx-request", state="detached")  # no poll left on the server
    step(run_id)
    page.evaluate("() => { window.tidtamHoldPolling = false; }")


def test_download_edit_upload_preview_confirm(
    page, live_server, login, screenshot, khon_kaen_officer, tmp_path
):
    login("officer-kk", PASSWORD)
    page.goto(f"{live_server.url}/imports/")
    assert page.get_by_role("heading", level=1).inner_text() == "นำเข้า/ส่งออกข้อมูล"
    row = page.locator("#kind-organisations")
    name, path = _download(page, row, "แบบฟอร์มเปล่า", tmp_path)
    assert name == "tidtam-organisations-template.xlsx"
    template = openpyxl.load_workbook(path)
    assert template.sheetnames[:2] == ["คำอธิบาย", "องค์กร"]
    assert template["องค์กร"].max_row == 1

    name, path = _download(page, row, "ข้อมูลปัจจุบัน", tmp_path)
    assert re.fullmatch(r"tidtam-organisations-\d{4}-\d\d-\d\d\.xlsx", name)
    book = openpyxl.load_workbook(path)
    sheet = book["องค์กร"]
    headers = [str(c.value).rstrip(" *") for c in sheet[1]]
    names = {r[0].value: r[0].row for r in sheet.iter_rows(min_row=2)}
    assert sorted(names) == ["สภาองค์กรชุมชนตำบลศิลา", "สมาคมผู้บริโภคจังหวัดขอนแก่น"]
    sheet.cell(names["สภาองค์กรชุมชนตำบลศิลา"], headers.index("โทรศัพท์") + 1, "043 999 888")
    edited = tmp_path / "องค์กร-แก้ไข.xlsx"
    book.save(edited)

    page.get_by_label("ข้อมูลในไฟล์").select_option("organisations")
    page.get_by_label("ไฟล์ตาราง").set_input_files(str(edited))
    page.get_by_role("button", name="อัปโหลดและตรวจ").click()
    page.wait_for_url(re.compile(r"/imports/runs/\d+/$"))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.QUEUED  # no worker in this test: the page waits for one
    state = page.locator("#import-run-state")
    assert "รอดำเนินการ" in state.inner_text()

    # The worker checks the file; the page shows the preview without being reloaded.
    _run_worker_step(page, services.import_check, run.pk)
    preview = page.locator("#import-preview")
    preview.wait_for()
    counts = preview.locator("table.import-counts tbody tr").first
    assert counts.locator("th, td").all_inner_texts() == ["องค์กร", "0", "1", "1", "0"]
    change = preview.locator("table.import-changes tbody tr")
    assert change.count() == 1
    assert "สภาองค์กรชุมชนตำบลศิลา / ขอนแก่น" in change.inner_text()
    assert "โทรศัพท์: 043 000 111 → 043 999 888" in change.inner_text()
    assert state.get_attribute("hx-get") is None  # polling stopped
    screenshot("imports-preview")

    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.wait_for_url(re.compile(rf"/imports/runs/{run.pk}/$"))
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLYING
    _run_worker_step(page, services.import_apply, run.pk)
    outcome = page.locator("#import-outcome")
    outcome.wait_for()
    assert "นำเข้าแล้ว" in state.inner_text()
    assert outcome.locator("table.import-counts tbody tr").first.locator(
        "th, td"
    ).all_inner_texts() == ["องค์กร", "0", "1", "1", "0"]
    screenshot("imports-outcome")
    sila = Organisation.objects.get(name="สภาองค์กรชุมชนตำบลศิลา")
    assert sila.phone == "043 999 888"
    assert sila.history.first().history_change_reason == f"นำเข้าไฟล์ #{run.pk} องค์กร-แก้ไข.xlsx"

    page.get_by_role("link", name="นำเข้า/ส่งออกข้อมูล").first.click()
    mine = page.locator("#my-imports tbody tr")
    assert mine.count() == 1
    assert "องค์กร-แก้ไข.xlsx" in mine.inner_text()
    assert "นำเข้าแล้ว" in mine.inner_text()
    screenshot("imports-index")


def test_a_bad_row_is_listed_and_the_confirmation_refused(
    page, live_server, login, screenshot, khon_kaen_officer, tmp_path, settings
):
    settings.TASKS = IMMEDIATE_TASKS  # the check runs inside the upload, as a worker would
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "องค์กร"
    sheet.append(["ชื่อองค์กร", "จังหวัดที่ตั้ง", "ประเภท"])
    sheet.append(["กลุ่มออมทรัพย์บ้านใหม่", "ขอนแก่น", str(OrganisationKind.ASSOCIATION.label)])
    sheet.append(["กลุ่มแม่บ้านโนนสูง", "จังหวัดสมมุติ", str(OrganisationKind.ASSOCIATION.label)])
    path = tmp_path / "new.xlsx"
    book.save(path)

    login("officer-kk", PASSWORD)
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("ข้อมูลในไฟล์").select_option("organisations")
    page.get_by_label("ไฟล์ตาราง").set_input_files(str(path))
    page.get_by_role("button", name="อัปโหลดและตรวจ").click()
    problems = page.locator("table.import-problems tbody tr")
    problems.first.wait_for()
    assert problems.count() == 1
    assert problems.first.locator("td").all_inner_texts() == [
        "องค์กร",
        "3",
        "จังหวัดที่ตั้ง",
        'ไม่พบจังหวัด "จังหวัดสมมุติ"',
    ]
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    message = page.locator(".messages .message.error")
    assert "ไฟล์มีข้อผิดพลาด" in message.inner_text()
    screenshot("imports-refused")
    assert not Organisation.objects.filter(name="กลุ่มออมทรัพย์บ้านใหม่").exists()
    assert ImportRun.objects.get().status == ImportStatus.CHECKED

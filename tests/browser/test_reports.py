"""Reports in the browser: ask for KKD-2566's progress report in the background, find it under
"my reports" and download it."""

from __future__ import annotations

import pytest

from tests.reports.conftest import IMMEDIATE_TASKS
from tidtam.accounts.models import User
from tidtam.reports.models import JobStatus, ReportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_report_in_the_background(
    page, live_server, login, screenshot, areas, media_dir, settings, tmp_path
):
    from tidtam.demo import accounts, organisations, projects

    settings.TASKS = IMMEDIATE_TASKS  # the task runs inside the request, as a worker would
    accounts.load()
    organisations.load()
    projects.load()
    User.objects.create_superuser("boss", password="a-strong-pass-2568")

    login("boss", "a-strong-pass-2568")
    page.goto(f"{live_server.url}/reports/jobs/new/?project=KKD-2566")
    assert page.get_by_label("ตั้งแต่วันที่").input_value() == "01/02/2566"
    assert page.get_by_label("ถึงวันที่").input_value() == "30/09/2566"
    page.get_by_label("รูปแบบไฟล์").select_option("docx")
    page.get_by_role("button", name="จัดทำ").click()
    page.wait_for_load_state("networkidle")

    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    status = page.locator("#job-status")
    assert "พร้อมดาวน์โหลด" in status.inner_text()
    assert page.locator("#job-status progress").get_attribute("value") == "100"
    screenshot("reports-job-done")

    page.get_by_role("link", name="รายงานของฉัน").first.click()
    row = page.locator("main table tbody tr").first
    assert "KKD-2566" in row.inner_text()
    assert "boss" in row.inner_text()
    screenshot("reports-my-reports")
    with page.expect_download() as info:
        row.get_by_role("link", name="ดาวน์โหลด").click()
    download = info.value
    assert download.suggested_filename == "progress-KKD-2566-2023-02-01-2023-09-30.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    assert path.read_bytes()[:2] == b"PK"

    # The same report as a web page (its own stylesheet, no inline style: CSP).
    page.goto(f"{live_server.url}/reports/progress/KKD-2566/?start=2023-02-01&end=2023-09-30")
    main = page.locator("main")
    assert "ตารางที่ 2" in main.inner_text()
    assert "ผู้เข้าร่วมทั้งหมด" in main.inner_text()
    assert page.locator("th.pr-in-period").count() == 8
    screenshot("reports-progress-page")

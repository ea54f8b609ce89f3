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


def test_kpi_report_in_the_background(
    page, live_server, login, screenshot, areas, media_dir, settings, tmp_path
):
    """A regional officer picks a quarter (only their region is offered) and gets the XLSX."""
    from tidtam.accounts.models import Grant, Role
    from tidtam.areas.models import Region
    from tidtam.demo import organisations
    from tidtam.demo import results as demo

    settings.TASKS = IMMEDIATE_TASKS
    organisations.load()
    demo.load()
    north = Region.objects.get(grouping__is_default=True, code="north")
    user = User.objects.create_user("north-kpi", password="a-strong-pass-2568")
    Grant.objects.create(user=user, role=Role.AREA_OFFICER, region=north)

    login("north-kpi", "a-strong-pass-2568")
    page.goto(f"{live_server.url}/reports/jobs/")
    page.get_by_role("link", name="จัดทำรายงานตัวชี้วัด (KPI)").click()
    assert page.get_by_label("ปีงบประมาณ (พ.ศ.)").input_value() == "2568"
    region = page.get_by_label("ภาค", exact=True)
    assert region.locator("option").all_inner_texts() == ["ทุกภาค", "ภาคเหนือ"]
    region.select_option("north")
    page.get_by_label("ไตรมาส").select_option("2")
    page.get_by_label("รูปแบบไฟล์").select_option("xlsx")
    screenshot("reports-kpi-request")
    page.get_by_role("button", name="จัดทำ").click()
    page.wait_for_load_state("networkidle")

    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert "พร้อมดาวน์โหลด" in page.locator("#job-status").inner_text()
    page.get_by_role("link", name="รายงานของฉัน").first.click()
    row = page.locator("main table tbody tr").first
    assert "ปีงบประมาณ 2568 ไตรมาส 2 · ภาคเหนือ · XLSX" in row.inner_text()
    with page.expect_download() as info:
        row.get_by_role("link", name="ดาวน์โหลด").click()
    assert info.value.suggested_filename == "kpi-2568-q2-north.xlsx"
    path = tmp_path / "kpi.xlsx"
    info.value.save_as(str(path))
    assert path.read_bytes()[:2] == b"PK"


def test_budget_status_report_polls_until_the_worker_is_done(
    page, live_server, login, screenshot, areas, media_dir, settings, tmp_path
):
    """The job waits in the queue; the page polls and shows the file once the worker ran it."""
    import shutil
    import subprocess

    from tidtam.accounts.models import Grant, Role
    from tidtam.areas.models import Region
    from tidtam.demo import finance as demo
    from tidtam.reports.services import report_job_run

    # A backend that keeps the task without running it: the test plays the worker.
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "reports", "imports"],
        }
    }
    demo.load()
    user = User.objects.create_user("north-money", password="a-strong-pass-2568")
    Grant.objects.create(
        user=user,
        role=Role.AREA_OFFICER,
        region=Region.objects.get(grouping__is_default=True, code="north"),
    )

    login("north-money", "a-strong-pass-2568")
    page.goto(f"{live_server.url}/reports/jobs/new/budget-status/?programme={demo.PROGRAMME_CODE}")
    assert page.get_by_label("แผนงานหลัก").input_value() == demo.PROGRAMME_CODE
    page.get_by_label("ณ วันที่").fill("19/04/2564")
    page.get_by_label("รูปแบบไฟล์").select_option("pdf")
    page.get_by_role("button", name="จัดทำ").click()
    page.wait_for_load_state("networkidle")

    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    status = page.locator("#job-status")
    assert "รอ" in status.inner_text()
    assert page.locator("#job-status progress").get_attribute("value") == "0"
    screenshot("reports-budget-status-queued")

    assert report_job_run(job.pk).status == JobStatus.DONE  # the worker
    page.wait_for_selector("#job-status progress[value='100']")  # htmx polled it in
    assert "พร้อมดาวน์โหลด" in status.inner_text()
    screenshot("reports-budget-status-done")
    with page.expect_download() as info:
        status.get_by_role("link").click()
    name = f"budget-status-{demo.PROGRAMME_CODE}-2021-04-19.pdf"
    assert info.value.suggested_filename == name
    path = tmp_path / name
    info.value.save_as(str(path))
    assert path.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603 - a file this test wrote
            ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "15,635,880" in text and "10,921,966" in text

    page.get_by_role("link", name="รายงานของฉัน").first.click()
    row = page.locator("main table tbody tr").first
    assert f"{demo.PROGRAMME_CODE} · ณ วันที่ 19 เม.ย. 2564 · ทุกภาค · PDF" in row.inner_text()
    screenshot("reports-my-reports-budget-status")

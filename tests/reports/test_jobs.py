"""Background report jobs, the progress page and organisation templates (small data)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tests.projects.factories import (
    PASSWORD,
    ActivityFactory,
    ParticipantCountFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    SessionFactory,
    WorkPlanFactory,
    months,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.reports import services
from tidtam.reports.models import JobStatus, ReportJob, ReportKind, ReportTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(media_dir):
    project = ProjectFactory(code="PRJ-R1")
    plan = WorkPlanFactory(project=project, number=1, title="พัฒนาทีม")
    activity = ActivityFactory(plan=plan, number="1.1", title="ประชุมทีม", planned_sessions=3)
    months(activity, (2023, 3), (2023, 9))
    session = SessionFactory(activity=activity, start_date=dt.date(2023, 3, 10), number=1)
    ParticipantCountFactory(session=session, total=7, men=2, women=5)
    outside = SessionFactory(activity=activity, start_date=dt.date(2023, 11, 2), number=2)
    ParticipantCountFactory(session=outside, total=100, men=50, women=50)
    ReportingPeriodFactory(project=project)
    org = project.implementing_organisation
    coordinator = user_with_grant("coord", Role.COORDINATOR, organisation=org)
    stranger = user_with_grant(
        "stranger", Role.COORDINATOR, organisation=ProjectFactory().implementing_organisation
    )
    return project, coordinator, stranger


def _params(project, fmt="json"):
    return {"project": project.code, "start": "2023-02-01", "end": "2023-09-30", "format": fmt}


def test_job_runs_in_the_background_and_only_its_requester_downloads_it(
    world, immediate_tasks, client, admin_user
):
    project, coordinator, _stranger = world
    job = services.report_job_request(coordinator, ReportKind.PROGRESS, _params(project))
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.result_name == "progress-PRJ-R1-2023-02-01-2023-09-30.json"
    assert job.started_at and job.finished_at and job.error == ""
    import json

    data = json.loads(job.result.read())
    assert data["table2_totals"]["total"] == 7  # the November session is outside the period

    url = reverse("reports:job_download", kwargs={"pk": job.pk})
    client.login(username="coord", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(reverse("reports:jobs"))
    assert "PRJ-R1" in page.content.decode()
    client.logout()

    client.login(username="stranger", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:job_detail", kwargs={"pk": job.pk})).status_code == 404
    assert "PRJ-R1" not in client.get(reverse("reports:jobs")).content.decode()
    client.logout()

    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_a_stranger_cannot_ask_for_another_organisations_report(world, immediate_tasks):
    from django.http import Http404

    project, _coordinator, stranger = world
    with pytest.raises(Http404):
        services.report_job_request(stranger, ReportKind.PROGRESS, _params(project))
    assert not ReportJob.objects.exists()


def test_job_row_transitions_queued_running_done(world):
    project, coordinator, _stranger = world
    job = ReportJob.objects.create(
        requested_by=coordinator, kind=ReportKind.PROGRESS, parameters=_params(project)
    )
    assert job.status == JobStatus.QUEUED and job.progress == 0
    seen = {}
    from tidtam.reports import progress as progress_module

    real = progress_module.progress_report

    def spy(*args, **kwargs):
        seen["status"] = ReportJob.objects.get(pk=job.pk).status
        return real(*args, **kwargs)

    import tidtam.reports.progress

    tidtam.reports.progress.progress_report = spy
    try:
        done = services.report_job_run(job.pk)
    finally:
        tidtam.reports.progress.progress_report = real
    assert seen["status"] == JobStatus.RUNNING
    assert done.status == JobStatus.DONE and done.progress == 100
    # Running it again changes nothing.
    again = services.report_job_run(job.pk)
    assert again.finished_at == done.finished_at


def test_a_failed_job_says_why(world, immediate_tasks, client, monkeypatch):
    project, coordinator, _stranger = world

    def broken(*args, **kwargs):
        raise RuntimeError("Chromium is not installed")

    monkeypatch.setattr("tidtam.reports.progress_formats.render", broken)
    job = services.report_job_request(coordinator, ReportKind.PROGRESS, _params(project, "pdf"))
    assert job.status == JobStatus.FAILED
    assert "Chromium is not installed" in job.error
    assert not job.result
    client.login(username="coord", password=PASSWORD)
    body = client.get(reverse("reports:job_detail", kwargs={"pk": job.pk})).content.decode()
    assert "Chromium is not installed" in body
    assert "hx-trigger" not in body  # a finished job stops polling


def test_status_part_polls_until_finished(world, client):
    project, coordinator, _stranger = world
    job = ReportJob.objects.create(
        requested_by=coordinator, kind=ReportKind.PROGRESS, parameters=_params(project)
    )
    client.login(username="coord", password=PASSWORD)
    url = reverse("reports:job_status", kwargs={"pk": job.pk})
    part = client.get(url, HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    assert 'hx-trigger="every 2s"' in part.content.decode()
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100)
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 286


def test_request_page_creates_a_job(world, immediate_tasks, client):
    _project, _coordinator, _stranger = world
    client.login(username="coord", password=PASSWORD)
    form = client.get(reverse("reports:job_new") + "?project=PRJ-R1")
    assert form.status_code == 200
    response = client.post(
        reverse("reports:job_new"),
        {"project": "PRJ-R1", "start": "01/02/2566", "end": "30/09/2566", "format": "json"},
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job_detail", kwargs={"pk": job.pk})
    assert job.parameters["start"] == "2023-02-01"
    assert job.status == JobStatus.DONE


def test_progress_page_and_downloads(world, client):
    _project, _coordinator, _stranger = world
    client.login(username="coord", password=PASSWORD)
    url = reverse("reports:progress", kwargs={"code": "PRJ-R1"})
    page = client.get(url, {"start": "01/02/2566", "end": "30/09/2566"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "ตารางที่ 2" in body and "7 คน" in body
    assert "(ครั้งที่ 1/3)" in body and "เซสชัน" not in body
    assert "style=" not in body.split("<main", 1)[-1]  # CSP: no inline styles in the page
    download = client.get(url, {"start": "2023-02-01", "end": "2023-09-30", "format": "json"})
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    client.logout()
    client.login(username="stranger", password=PASSWORD)
    assert client.get(url).status_code == 404


def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_organisation_template_upload_is_checked_and_used(world, client):
    project, coordinator, _stranger = world
    from tidtam.accounts.models import Grant

    org = project.implementing_organisation
    Grant.objects.filter(user=coordinator).update(role=Role.FIELD_STAFF)
    client.login(username="coord", password=PASSWORD)
    url = reverse("reports:template_upload", kwargs={"pk": org.pk})
    assert client.get(url).status_code == 200

    refused = client.post(url, {"file": SimpleUploadedFile("x.docx", b"not a zip")})
    assert "ไม่ใช่เอกสาร Word" in refused.content.decode()
    broken = client.post(url, {"file": SimpleUploadedFile("b.docx", _docx("{{ project_title "))})
    assert "สร้างรายงานตัวอย่างไม่ได้" in broken.content.decode()
    assert not ReportTemplate.objects.exists()

    good = _docx("รายงาน {{ project_code }} {{ period_text }} {{ table2_totals.total }}")
    response = client.post(url, {"file": SimpleUploadedFile("ours.docx", good)})
    assert response.status_code == 302
    assert ReportTemplate.objects.get().original_name == "ours.docx"

    download = client.get(
        reverse("reports:progress", kwargs={"code": "PRJ-R1"}),
        {"start": "2023-02-01", "end": "2023-09-30", "format": "docx"},
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert text == "รายงาน PRJ-R1 1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566 7"


def test_generator_query_count_is_fixed(world, django_assert_max_num_queries):
    """project_page's pinned queries plus agenda items, evidence, news and the period lookup."""
    from tidtam.reports.progress import progress_report
    from tidtam.reports.system import system_user

    project, _coordinator, _stranger = world
    for n in range(2, 8):
        s = SessionFactory(
            activity=project.plans.get().activities.get(), start_date=dt.date(2023, 4, n), number=n
        )
        ParticipantCountFactory(session=s)
    with django_assert_max_num_queries(18):
        report = progress_report(system_user(), project, dt.date(2023, 2, 1), dt.date(2023, 9, 30))
    assert len(report.minutes) == 7

"""The KPI and budget-status reports asked for in the background: the forms, the checks, the files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region
from tidtam.reports import services
from tidtam.reports.models import JobStatus, ReportJob, ReportKind

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-pass-2568"
PROGRAMME = "CODI-N-2564-LEADERS"


def _region(code: str) -> Region:
    return Region.objects.get(grouping__is_default=True, code=code)


def _user(username: str, role: str | None, region: str | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, display_name=username)
    if role:
        Grant.objects.create(user=user, role=role, region=_region(region) if region else None)
    return user


@pytest.fixture
def kpi_demo(db, media_dir):
    """The demo's FY 2568 indicators with targets and results, and a northern officer."""
    from tidtam.areas.loading import ensure_areas_loaded
    from tidtam.demo import organisations
    from tidtam.demo import results as demo

    ensure_areas_loaded()
    organisations.load()
    demo.load()
    return _user("north-kpi", Role.AREA_OFFICER, "north")


@pytest.fixture
def budget_demo(db, media_dir):
    """Seed 003's programme (frames, approvals, tranche-1 transfers) and a northern officer."""
    from tidtam.demo import finance as demo

    demo.load()
    return _user("north-money", Role.AREA_OFFICER, "north")


# --- KPI report -----------------------------------------------------------------------------


def test_kpi_form_offers_the_users_regions_and_queues_the_report(kpi_demo, immediate_tasks, client):
    from tidtam.results.report_cli import render
    from tidtam.results.selectors import kpi_report

    client.login(username="north-kpi", password=PASSWORD)
    url = reverse("reports:job_new_kpi")
    form = client.get(url)
    assert form.status_code == 200
    region_field = form.context["form"].fields["region"]
    assert [r.code for r in region_field.queryset] == ["north"]  # only the region they cover
    assert form.context["form"].initial["fiscal_year"] == 2568

    response = client.post(
        url, {"fiscal_year": "2568", "quarter": "2", "region": "north", "format": "json"}
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job_detail", kwargs={"pk": job.pk})
    assert job.kind == ReportKind.KPI
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.parameters == {
        "fiscal_year": 2568,
        "quarter": 2,
        "region": "north",
        "region_name": "ภาคเหนือ",
        "format": "json",
        "language": "th",
    }
    assert job.result_name == "kpi-2568-q2-north.json"
    expected = render(kpi_report(kpi_demo, 2568, 2, region_id=_region("north").pk), "json")
    data = json.loads(job.result.read())
    assert data == json.loads(expected)
    assert data["fiscal_year"] == 2568 and data["quarter"] == 2
    assert data["indicators"]  # the demo's indicators are in it

    listing = client.get(reverse("reports:jobs")).content.decode()
    assert "ปีงบประมาณ 2568 ไตรมาส 2 · ภาคเหนือ · JSON" in listing
    assert client.get(reverse("reports:job_download", kwargs={"pk": job.pk})).status_code == 200


def test_kpi_refuses_a_region_the_user_does_not_cover(kpi_demo, immediate_tasks, client):
    client.login(username="north-kpi", password=PASSWORD)
    response = client.post(
        reverse("reports:job_new_kpi"),
        {"fiscal_year": "2568", "quarter": "2", "region": "south", "format": "xlsx"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    with pytest.raises(PermissionDenied):
        services.report_job_request(
            kpi_demo,
            ReportKind.KPI,
            {"fiscal_year": 2568, "quarter": 2, "region": "south", "format": "xlsx"},
        )
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"fiscal_year": 2568, "quarter": 5, "format": "xlsx"}, "Choose a fiscal year"),
        ({"fiscal_year": "two", "quarter": 1, "format": "xlsx"}, "Choose a fiscal year"),
        ({"fiscal_year": 2568, "quarter": 1, "format": "pdf"}, "Unknown format"),
        ({"fiscal_year": 2568, "quarter": 1, "region": "mars"}, "Unknown region"),
    ],
)
def test_kpi_refuses_bad_parameters(kpi_demo, immediate_tasks, parameters, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.report_job_request(kpi_demo, ReportKind.KPI, parameters)
    assert not ReportJob.objects.exists()


def test_kpi_form_is_refused_to_a_user_without_any_grant(db, client):
    _user("nobody", None)
    client.login(username="nobody", password=PASSWORD)
    assert client.get(reverse("reports:job_new_kpi")).status_code == 403
    response = client.post(
        reverse("reports:job_new_kpi"), {"fiscal_year": "2568", "quarter": "1", "format": "xlsx"}
    )
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


# --- budget-status report -------------------------------------------------------------------


def test_budget_status_form_queues_the_report(budget_demo, immediate_tasks, client):
    from tidtam.finance import report_formats
    from tidtam.finance.selectors import budget_status
    from tidtam.projects.models import Programme

    client.login(username="north-money", password=PASSWORD)
    url = reverse("reports:job_new_budget_status")
    form = client.get(url, {"programme": PROGRAMME})
    assert form.status_code == 200
    choices = [p.code for p in form.context["form"].fields["programme"].queryset]
    assert PROGRAMME in choices
    assert form.context["form"].initial["programme"] == PROGRAMME

    response = client.post(
        url, {"programme": PROGRAMME, "region": "", "as_of": "19/04/2564", "format": "json"}
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.kind == ReportKind.BUDGET_STATUS and job.status == JobStatus.DONE
    assert job.parameters == {
        "programme": PROGRAMME,
        "as_of": "2021-04-19",
        "region": "",
        "region_name": "",
        "format": "json",
        "language": "th",
    }
    assert job.result_name == f"budget-status-{PROGRAMME}-2021-04-19.json"
    data = json.loads(job.result.read())
    programme = Programme.objects.get(code=PROGRAMME)
    expected = report_formats.to_json(budget_status(programme, as_of=dt.date(2021, 4, 19)))
    assert data == json.loads(expected)
    assert data["totals"] == {
        "approved": 15635880,
        "tranche_1": data["totals"]["tranche_1"],
        "disbursed": 10921966,
        "remaining": 4713914,
    }
    listing = client.get(reverse("reports:jobs")).content.decode()
    assert f"{PROGRAMME} · ณ วันที่ 19 เม.ย. 2564 · ทุกภาค · JSON" in listing


def test_budget_status_of_one_region_as_xlsx(budget_demo, immediate_tasks):
    job = services.report_job_request(
        budget_demo,
        ReportKind.BUDGET_STATUS,
        {"programme": PROGRAMME, "as_of": "2021-04-19", "region": "north", "format": "xlsx"},
    )
    assert job.status == JobStatus.DONE
    assert job.result_name == f"budget-status-{PROGRAMME}-north-2021-04-19.xlsx"
    assert job.result.read()[:2] == b"PK"


def test_budget_status_is_refused_to_who_may_not_see_the_money(
    budget_demo, immediate_tasks, client
):
    stranger = _user("stranger", Role.AREA_OFFICER, "south")
    client.login(username="stranger", password=PASSWORD)
    url = reverse("reports:job_new_budget_status")
    assert PROGRAMME not in [
        p.code for p in client.get(url).context["form"].fields["programme"].queryset
    ]
    response = client.post(url, {"programme": PROGRAMME, "as_of": "19/04/2564", "format": "pdf"})
    assert response.status_code == 200
    assert response.context["form"].errors["programme"]
    with pytest.raises(Http404):
        services.report_job_request(
            stranger,
            ReportKind.BUDGET_STATUS,
            {"programme": PROGRAMME, "as_of": "2021-04-19", "format": "pdf"},
        )
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"programme": PROGRAMME, "as_of": "19/04/2564"}, "Give the date"),
        ({"programme": PROGRAMME, "as_of": "2021-04-19", "format": "docx"}, "Unknown format"),
        ({"programme": PROGRAMME, "as_of": "2021-04-19", "region": "mars"}, "Unknown region"),
    ],
)
def test_budget_status_refuses_bad_parameters(budget_demo, immediate_tasks, parameters, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.report_job_request(budget_demo, ReportKind.BUDGET_STATUS, parameters)
    assert not ReportJob.objects.exists()

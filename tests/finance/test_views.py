"""The money pages: scoped through access, downloads, refusals shown as messages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Province, Region
from tidtam.finance.models import Tranche, Transfer
from tidtam.projects.models import Project

pytestmark = pytest.mark.django_db
URL = "/finance/programmes/CODI-N-2564-LEADERS/budget-status/"


@pytest.fixture
def north_officer(demo_programme):
    user = User.objects.create_user("north", password="a-strong-pass-2568")
    Grant.objects.create(
        user=user,
        role=Role.AREA_OFFICER,
        region=Region.objects.get(grouping__is_default=True, code="north"),
    )
    return user


@pytest.fixture
def south_officer(demo_programme):
    user = User.objects.create_user("south", password="a-strong-pass-2568")
    Grant.objects.create(
        user=user, role=Role.AREA_OFFICER, province=Province.objects.get(code="90")
    )
    return user


def test_budget_status_page_shows_the_seed_figures(
    client, north_officer, django_assert_max_num_queries
):
    client.force_login(north_officer)
    with django_assert_max_num_queries(25):
        response = client.get(URL, {"as_of": "2021-04-19"})
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "15,635,880",
        "10,921,966",
        "69.85",
        "30.15",
        "69.83",
        "30.17",
        "528,714",
        "งบภาค",
        "ณ วันที่ 19 เมษายน 2564",
    ):
        assert text in html
    assert 'id="budget-status-chart"' in html
    assert "finance/js/budget_status.js" in html
    assert "<script>" not in html  # no inline script


def test_budget_status_downloads(client, north_officer):
    client.force_login(north_officer)
    response = client.get(URL, {"as_of": "2021-04-19", "format": "json"})
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["summary"][-1]["disbursed"] == 10921966
    response = client.get(URL, {"as_of": "2021-04-19", "region": "north", "format": "xlsx"})
    assert response.content[:2] == b"PK"
    assert (
        "budget-status-CODI-N-2564-LEADERS-north-2021-04-19.xlsx" in response["Content-Disposition"]
    )


def test_budget_status_accepts_a_be_date(client, north_officer):
    client.force_login(north_officer)
    response = client.get(URL, {"as_of": "19/04/2564"})
    assert "ณ วันที่ 19 เมษายน 2564" in response.content.decode()


def test_other_scopes_get_404(client, south_officer):
    client.force_login(south_officer)
    assert client.get(URL, {"as_of": "2021-04-19"}).status_code == 404
    project = Project.objects.get(code="CODI-N-2564-LEADERS-P01")
    assert client.get(reverse("finance:project", kwargs={"pk": project.pk})).status_code == 404


def test_refused_transfer_shows_the_message_and_writes_nothing(client, north_officer):
    client.force_login(north_officer)
    project = Project.objects.get(code="CODI-N-2564-LEADERS-P01")
    tranche = Tranche.objects.get(project=project, number=1)
    url = reverse("finance:project", kwargs={"pk": project.pk})
    before = Transfer.objects.count()
    response = client.post(
        url,
        {
            "action": "transfer",
            "transfer-tranche": tranche.pk,
            "transfer-amount": "5000",
            "transfer-date": "01/05/2564",
        },
        follow=True,
    )
    assert "ยอดโอนเกินวงเงินงวด 1" in response.content.decode()
    assert Transfer.objects.count() == before
    tranche2 = Tranche.objects.get(project=project, number=2)
    response = client.post(
        url,
        {
            "action": "transfer",
            "transfer-tranche": tranche2.pk,
            "transfer-amount": "541000",
            "transfer-date": "01/05/2564",
            "transfer-reference": "T2",
        },
        follow=True,
    )
    assert "บันทึกการโอนแล้ว" in response.content.decode()
    assert Transfer.objects.filter(tranche=tranche2, date=dt.date(2021, 5, 1)).exists()


def test_index_and_frames_and_meeting_pages(client, north_officer):
    client.force_login(north_officer)
    assert "CODI-N-2564-LEADERS" in client.get("/finance/").content.decode()
    frames = client.get("/finance/programmes/CODI-N-2564-LEADERS/frames/", follow=True)
    assert frames.redirect_chain == [("/finance/programmes/CODI-N-2564-LEADERS/#frames", 302)]
    assert "13,873,500" in frames.content.decode()
    from tidtam.finance.models import CommitteeMeeting

    meeting = CommitteeMeeting.objects.get(number=2)
    page = client.get(reverse("finance:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64" in page
    assert page.count("CODI-N-2564-LEADERS-P") == 17

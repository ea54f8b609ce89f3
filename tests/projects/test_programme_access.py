"""Programme pages for the people who have projects in them (provincial officers, coordinators).

Seeing a project lets a person see its programme's page (VIEW only), with only the projects
they may see; another programme stays a 404 that names nothing, and no other right widens.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.projects.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    user_with_grant,
)
from tidtam.accounts import access
from tidtam.accounts.access import Action, DataKind
from tidtam.accounts.models import Role
from tidtam.projects.models import Programme

pytestmark = pytest.mark.django_db

CHIANG_MAI = "50"
LAMPANG = "52"


@pytest.fixture
def setup(db):
    """Programme P with a Chiang Mai project of org X and a Lampang project of org Y; programme Q
    (same owner) with a Lampang project only."""
    programme = ProgrammeFactory(code="PRG-NORTH", name="แผนงานภาคเหนือ 2567")
    other = ProgrammeFactory(code="PRG-OTHER", name="แผนงานลับของผู้อื่น", owner=programme.owner)
    org_x = OrganisationFactory(name="สมาคมเชียงใหม่")
    org_y = OrganisationFactory(name="มูลนิธิลำปาง")
    cm = ProjectFactory(
        code="CM-1",
        title="โครงการเชียงใหม่",
        programme=programme,
        proposing_organisation=org_x,
        province_id=CHIANG_MAI,
    )
    lp = ProjectFactory(
        code="LP-1",
        title="โครงการลำปาง",
        programme=programme,
        proposing_organisation=org_y,
        province_id=LAMPANG,
    )
    lp2 = ProjectFactory(
        code="LP-2",
        title="โครงการลำปางสอง",
        programme=other,
        proposing_organisation=org_y,
        province_id=LAMPANG,
    )
    return {
        "programme": programme,
        "other": other,
        "cm": cm,
        "lp": lp,
        "lp2": lp2,
        "officer": user_with_grant("cm-officer", Role.AREA_OFFICER, province_id=CHIANG_MAI),
        "coordinator": user_with_grant("x-coordinator", Role.COORDINATOR, organisation=org_x),
    }


def _body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("who", ["officer", "coordinator"])
def test_sees_the_programme_of_their_project_with_only_their_projects(client, setup, who):
    client.force_login(setup[who])
    response = client.get(reverse("projects:programme", args=[setup["programme"].pk]))
    assert response.status_code == 200
    body = _body(response)
    assert "แผนงานภาคเหนือ 2567" in body
    assert [p.code for p in response.context["projects"]] == ["CM-1"]
    assert "CM-1" in body and "โครงการเชียงใหม่" in body
    assert "LP-1" not in body and "โครงการลำปาง" not in body
    # the list of programmes: this one only
    response = client.get(reverse("projects:programmes"))
    assert response.status_code == 200
    assert [p.code for p in response.context["page_obj"]] == ["PRG-NORTH"]
    assert "แผนงานลับของผู้อื่น" not in _body(response)


@pytest.mark.parametrize("who", ["officer", "coordinator"])
def test_refused_a_programme_without_their_projects_and_nothing_leaks(client, setup, who):
    client.force_login(setup[who])
    for url in (
        reverse("projects:programme", args=[setup["other"].pk]),
        reverse("projects:programme", args=[999999]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        body = _body(response)
        assert "แผนงานลับของผู้อื่น" not in body
        assert "PRG-OTHER" not in body
        assert "LP-2" not in body


def test_a_user_with_no_project_in_it_gets_404(client, setup):
    bangkok = user_with_grant("bkk", Role.AREA_OFFICER, province_id="10")
    client.force_login(bangkok)
    response = client.get(reverse("projects:programme", args=[setup["programme"].pk]))
    assert response.status_code == 404
    assert "แผนงานภาคเหนือ 2567" not in _body(response)
    response = client.get(reverse("projects:programmes"))
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize("who", ["officer", "coordinator"])
def test_only_view_widens(setup, who):
    """Changing the programme (new projects under it) and its money stay with owner/region."""
    user = setup[who]
    programme = setup["programme"]
    assert access.can(user, Action.VIEW, programme)
    assert not access.can(user, Action.CHANGE, programme)
    assert list(access.scoped(user, Programme.objects.all(), Action.CHANGE)) == []
    assert list(access.scoped(user, Programme.objects.all(), Action.REVIEW)) == []
    assert list(access.scoped(user, Programme.objects.order_by("code"))) == [programme]


def test_tranche_policies_do_not_inherit_the_view_path(setup):
    from tidtam.finance.models import TranchePolicy

    officer = setup["officer"]
    TranchePolicy.objects.create(programme=setup["programme"], caps_percent=[70, 30])
    assert TranchePolicy.objects.count() == 1
    assert list(access.scoped(officer, TranchePolicy.objects.all())) == []
    assert list(access.scoped(officer, TranchePolicy.objects.all(), Action.CHANGE)) == []


def test_new_project_form_offers_no_programme_they_only_view(client, setup):
    client.force_login(setup["coordinator"])
    response = client.get(reverse("projects:project_create"))
    # a coordinator may change no programme: the page is refused, nothing is offered
    assert response.status_code == 403
    assert "แผนงานภาคเหนือ 2567" not in _body(response)


@pytest.mark.parametrize("who", ["officer", "coordinator"])
def test_the_programme_money_page_is_not_widened(client, setup, who):
    """VIEW asked as FINANCE data (the finance app's programme page) stays with owner/region."""
    user = setup[who]
    programme = setup["programme"]
    assert not access.can(user, Action.VIEW, programme, kind=DataKind.FINANCE)
    assert list(access.scoped(user, Programme.objects.all(), kind=DataKind.FINANCE)) == []
    client.force_login(user)
    response = client.get(reverse("finance:programme", args=[programme.code]))
    # they may see the programme (so not a 404) but not its money
    assert response.status_code == 403
    assert "แผนงานภาคเหนือ 2567" not in _body(response)

"""The dashboards' cache is never stale: every change to what they read changes the data version
(database triggers), whoever writes and however (services, bulk writes, ``QuerySet.update``).
Query counts of the dashboard, the KPI page and the report generator are pinned."""

from __future__ import annotations

import datetime as dt
import gc
import json
from decimal import Decimal as D

import pytest
from django.db import connection
from django.urls import reverse

from tests.projects.factories import ParticipantCountFactory, SessionFactory
from tidtam.projects.models import Session
from tidtam.results import dataversion, selectors, services
from tidtam.results.models import Result, Target

from .conftest import PASSWORD, make_user, targets

# Committed writes, as in production: on PostgreSQL the version changes when a writer commits
# (a transaction that wrote reads "not cacheable" until then), so a test inside one rolled-back
# transaction would never see the cache at work.
pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = "?fiscal_year=2568&quarter=1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    dataversion.forget_all()
    yield
    dataversion.forget_all()


@pytest.fixture
def indicator(make_indicator, analyst, regions):
    ind = make_indicator("1", "จำนวนชุมชนที่ได้รับการพัฒนา")
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["north"])
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["south"])
    return ind


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def tile(client):
    page = client.get(reverse("results:dashboard") + PERIOD)
    assert page.status_code == 200
    (only,) = page.context["tiles"]
    return only.colour, only.annual_percent, page


def approve(analyst, officer, indicator, region, value):
    result = services.result_save(officer, indicator, 2568, 1, value=D(value), region=region)
    services.result_submit(officer, result)
    services.result_approve(analyst, result)
    return result


def test_every_table_the_dashboards_read_has_the_triggers():
    tables = set(dataversion.tracked_tables())
    assert {
        "results_result",
        "results_target",
        "results_indicator",
        "projects_session",
        "projects_participantcount",
        "finance_transfer",
        "finance_projectapproval",
    } <= tables
    assert dataversion.installed_on() >= tables


def test_install_is_idempotent():
    before = dataversion.installed_on()
    assert set(dataversion.install()) == set(dataversion.tracked_tables())
    assert dataversion.installed_on() == before


def test_every_kind_of_write_changes_the_version(indicator, analyst, north_officer, regions):
    seen = [dataversion.current()]

    def changed() -> bool:
        now = dataversion.current()
        new = now is not None and now not in seen
        seen.append(now)
        return new

    result = approve(analyst, north_officer, indicator, regions["north"], 5)  # services
    assert changed()
    Result.objects.filter(pk=result.pk).update(value=D(6))  # an update without signals
    assert changed()
    Target.objects.bulk_create(  # a bulk insert without signals
        [Target(indicator=indicator, fiscal_year=2569, quarter=1, value=D(1))]
    )
    assert changed()
    with connection.cursor() as cursor:  # even raw SQL
        cursor.execute("DELETE FROM results_target WHERE fiscal_year = 2569")
    assert changed()
    session = SessionFactory(start_date=dt.date(2025, 1, 15))
    assert changed()
    Session.objects.filter(pk=session.pk).update(start_date=dt.date(2025, 2, 15))
    assert changed()
    Result.objects.filter(pk=-1).update(value=D(1))  # no row written
    if connection.vendor == "sqlite":  # row triggers; PostgreSQL's statement triggers still fire
        assert dataversion.current() == seen[-1]


def test_the_dashboard_is_never_stale(client, indicator, analyst, north_officer, regions):
    login(client, analyst)
    assert tile(client)[:2] == ("none", None)
    result = approve(analyst, north_officer, indicator, regions["north"], 50)
    assert tile(client)[:2] == ("yellow", D("62.50"))  # 50 of the year's 80
    # Written behind the services' back: no signal, still seen at once.
    Result.objects.filter(pk=result.pk).update(value=D(70))
    colour, percent, page = tile(client)
    assert (colour, percent) == ("green", D("87.50"))
    island = page.content.decode().split('id="dashboard-data" type="application/json">')[1]
    assert json.loads(island.split("</script>")[0])["tiles"][str(indicator.pk)] == [70.0]
    assert 'data-colour="green"' in page.content.decode()
    # The CSV of the tiles follows the same data.
    csv = client.get(reverse("results:dashboard_csv", args=["indicators"]) + PERIOD)
    assert "87.50,green,70.0" in csv.content.decode("utf-8")


def test_the_sessions_chart_follows_a_bulk_insert(client, indicator, analyst):
    login(client, analyst)

    def sessions():
        page = client.get(reverse("results:dashboard") + PERIOD)
        return page.context["sessions"]

    assert sessions() == [0] * 12
    session = SessionFactory(start_date=dt.date(2025, 1, 15))
    assert sessions() == [0, 0, 0, 1] + [0] * 8
    Session.objects.bulk_create(
        [
            Session(
                activity=session.activity,
                project=session.project,
                start_date=dt.date(2024, 10, 2),
                place="ห้องประชุม",
            )
        ]
    )
    assert sessions() == [1, 0, 0, 1] + [0] * 8
    ParticipantCountFactory(session=session, men=3, women=7, total=10)
    page = client.get(reverse("results:dashboard") + PERIOD)
    assert (page.context["participants"]["men"], page.context["participants"]["women"]) == (3, 7)


def test_a_cached_dashboard_costs_a_fixed_few_queries(
    client, indicator, analyst, django_assert_num_queries
):
    login(client, analyst)
    url = reverse("results:dashboard")
    assert client.get(url).status_code == 200  # computes and remembers (default period too)
    # session, user, grants, the data version (one read), unread notifications (the layout)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url + PERIOD).status_code == 200


def test_the_cache_is_per_scope(client, indicator, analyst, north_officer, south_officer, regions):
    approve(analyst, north_officer, indicator, regions["north"], 9)
    assert selectors.scope_key(north_officer) != selectors.scope_key(south_officer)
    assert selectors.scope_key(analyst) == selectors.scope_key(make_user("analyst2", "analyst"))
    region_url = reverse("results:dashboard_region") + PERIOD
    login(client, north_officer)
    north = client.get(region_url).context["tiles"]
    login(client, south_officer)
    south = client.get(region_url).context["tiles"]
    assert [t.cumulative for t in north] == [D("9.00")]
    assert [t.cumulative for t in south] == [None]


def test_kpi_page_and_report_query_counts(
    client, indicator, analyst, make_indicator, regions, django_assert_num_queries
):
    for code in ("2", "3", "4"):
        targets(analyst, make_indicator(code), 2568, [5, 5, 5, 5], region=regions["south"])
    # indicators, targets, approved results, revisions, regions (grouping + regions)
    with django_assert_num_queries(6):
        report = selectors.kpi_report(analyst, 2568, 2)
    assert len(report.rows) == 4
    login(client, analyst)
    url = reverse("results:kpi") + "?fiscal_year=2568&quarter=2"
    client.get(url)
    # session, user, grants, the report's 6, regions for the form (grouping + regions),
    # unread notifications (the layout)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(url + "&format=json").status_code == 200


def test_gc_paused_resumes_only_what_it_paused():
    assert gc.isenabled()
    with selectors.gc_paused():
        assert not gc.isenabled()
        with selectors.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with selectors.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.django_db(transaction=False)
def test_a_transaction_that_wrote_does_not_cache_what_only_it_sees(indicator):
    version = dataversion.current()
    if connection.vendor == "postgresql":
        assert version is None  # the fixture's writes are not committed: counted at commit
    else:
        assert version is not None  # SQLite: counted at once, inside the transaction

"""The project page is built in a fixed number of queries, whatever its size."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.projects.factories import (
    ActivityFactory,
    PersonFactory,
    PlannedOutputFactory,
    ReportingPeriodFactory,
    WorkPlanFactory,
)
from tidtam.projects import selectors
from tidtam.projects.models import (
    ActivityMonth,
    CountSource,
    OutputAchieved,
    ParticipantCount,
    ProjectTeamMember,
    Session,
)

pytestmark = pytest.mark.django_db

# The user's grants (access), the project (access-checked load), plans, activities, months,
# planned outputs, sessions, counts, achieved outputs, periods, team, unresolved comments,
# pending change requests.
PROJECT_PAGE_QUERIES = 13


def _build(project, n_activities: int, n_sessions: int) -> None:
    plans = [WorkPlanFactory(project=project, number=i + 1) for i in range(5)]
    activities = [
        ActivityFactory(plan=plans[i % 5], number=f"{i % 5 + 1}.{i // 5 + 1}", position=i,
                        planned_sessions=10)
        for i in range(n_activities)
    ]  # fmt: skip
    ActivityMonth.objects.bulk_create(
        ActivityMonth(activity=a, year=2023, month=m) for a in activities for m in (2, 5, 8)
    )
    outputs = [PlannedOutputFactory(activity=a) for a in activities]
    sessions = Session.objects.bulk_create(
        Session(
            project=project,
            activity=activities[i % n_activities],
            number=i // n_activities + 1,
            start_date=dt.date(2023, 2, 1) + dt.timedelta(days=i % 240),
            place=f"ที่ {i}",
            problems="ฝนตก" if i % 7 == 0 else "",
        )
        for i in range(n_sessions)
    )
    ParticipantCount.objects.bulk_create(
        ParticipantCount(session=s, source=src, total=10, men=4, women=6)
        for s in sessions
        for src in (CountSource.TABLE2, CountSource.SUMMARY_FORM)
    )
    OutputAchieved.objects.bulk_create(
        OutputAchieved(session=s, planned_output=outputs[i % n_activities], quantity=1)
        for i, s in enumerate(sessions)
    )
    for i in range(8):
        ProjectTeamMember.objects.create(project=project, person=PersonFactory(), role=f"r{i}")
    ReportingPeriodFactory(project=project, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30))


def test_project_page_query_count_is_fixed(project, reviewer, django_assert_num_queries):
    _build(project, 2, 4)
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        small = selectors.project_page(reviewer, project, as_of=dt.date(2023, 9, 30))
    assert len(small.plan_rows) == 5 + 2


def test_project_page_with_50_activities_and_500_sessions(
    project, reviewer, django_assert_num_queries
):
    _build(project, 50, 500)
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        page = selectors.project_page(reviewer, project, as_of=dt.date(2023, 9, 30))
    assert len([r for r in page.plan_rows if r.kind == "activity"]) == 50
    assert sum(r.held for r in page.plan_rows) == 500
    assert sum(len(g.rows) for g in page.session_groups) == 500
    assert sum(g.totals.values["total"] or 0 for g in page.session_groups) == 5000
    assert sum(o.achieved for o in page.outputs) == 500
    assert len(page.open_problems) == len(range(0, 500, 7))
    assert len(page.team) == 8
    # What a template reads from the page triggers no further query.
    with django_assert_num_queries(0):
        for group in page.session_groups:
            for row in group.rows:
                assert row.session.activity.plan.title and row.session.project.code
        for plan_row in page.plan_rows:
            if plan_row.activity is not None:
                assert len(plan_row.activity.months.all()) == 3
                assert plan_row.activity.plan.number
        for output in page.outputs:
            assert output.output.activity.number
        for member in page.team:
            assert member.person.first_name

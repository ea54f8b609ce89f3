"""Table 1 and Table 2 of the project page are written in Python (``projects.page_html``):
everything typed by a person is escaped, counts read as the template wrote them, and the whole
page is served in the same number of queries for 6 sessions and for 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.projects.factories import (
    ActivityFactory,
    ParticipantCountFactory,
    SessionFactory,
    WorkPlanFactory,
)
from tests.projects.test_project_page_queries import _build
from tidtam.projects.models import ActivityMonth

pytestmark = pytest.mark.django_db

EVIL = "<script>alert(1)</script>"


def test_typed_text_is_escaped_in_both_tables(client, project, coordinator):
    plan = WorkPlanFactory(project=project, number=1, title=f"แผน {EVIL}")
    activity = ActivityFactory(
        plan=plan,
        number="1.1",
        title=f'กิจกรรม "{EVIL}"',
        rescheduled_reason="เลื่อน <b>เพราะฝน</b> & น้ำท่วม",
        progress_note="<i>note</i>",
        planned_sessions=5,
    )
    ActivityMonth.objects.create(activity=activity, year=2023, month=3)
    session = SessionFactory(
        activity=activity,
        number=2,
        start_date=dt.date(2023, 3, 10),
        place='<img src=x onerror="alert(2)">',
    )
    ParticipantCountFactory(session=session, total=10, men=4, women=6, project_team=0)
    unplanned = SessionFactory(
        activity=None,
        project=project,
        title=f"เตรียมงาน {EVIL}",
        budget_category="",
        start_date=dt.date(2023, 3, 12),
        place="",
    )
    ParticipantCountFactory(session=unplanned, total=None, men=None, women=None)
    client.force_login(coordinator)
    response = client.get(reverse("projects:project", args=[project.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "<b>เพราะฝน</b>" not in body and "<i>note</i>" not in body
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"แผน {escaped}" in body  # Table 1 plan heading
    assert f"1.1 กิจกรรม &quot;{escaped}&quot;" in body  # Table 1 row and Table 2 group
    assert "เลื่อน &lt;b&gt;เพราะฝน&lt;/b&gt; &amp; น้ำท่วม" in body
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in body
    assert f"เตรียมงาน {escaped}" in body  # the group of a session without activity
    # the session's link and its number of the planned sessions
    assert f'href="{reverse("projects:session", args=[session.pk])}"' in body
    assert "2/5" in body


def test_counts_read_as_before_none_unknown_and_nothing(client, project, coordinator):
    activity = ActivityFactory(plan=WorkPlanFactory(project=project, number=1), number="1.1")
    known = SessionFactory(activity=activity, start_date=dt.date(2023, 3, 10), place="")
    ParticipantCountFactory(
        session=known,
        total=12,
        men=5,
        women=0,
        project_team=3,
        civil_society_people=None,
        civil_society_women=0,
        municipality_people=0,
        government_people=2,
        academia_people=None,
        business_media_people=0,
    )
    client.force_login(coordinator)
    response = client.get(reverse("projects:project", args=[project.code]))
    body = response.content.decode()
    row = body[body.index(reverse("projects:session", args=[known.pk])) :]
    row = row[: row.index("</tr>")]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    # total (with the team), then 0 → "-", not known → "..", a number as it is
    assert cells[0].startswith("12<br>")
    assert cells[1:] == ["-", "..", "-", "-", "2", "..", "-"]


# The session and user, the user's grants, the project (view), the project (selector), then
# the selector's 12 reads, CHANGE and VIEW_PERSONAL checks, and the unread-notifications badge.
PAGE_QUERIES = 19


def test_page_queries_do_not_grow_with_sessions(
    client, project, reviewer, django_assert_num_queries
):
    _build(project, 2, 4)
    client.force_login(reviewer)
    url = reverse("projects:project", args=[project.code])
    client.get(url)  # warm caches (content types, translations)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_page_with_50_activities_and_500_sessions_same_queries(
    client, project, reviewer, django_assert_num_queries
):
    _build(project, 50, 500)
    client.force_login(reviewer)
    url = reverse("projects:project", args=[project.code])
    client.get(url)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="activity-row') == 50

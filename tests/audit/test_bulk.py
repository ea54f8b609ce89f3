"""audit.bulk.insert_with_history: rows and history rows as the ORM would write them
(COPY on PostgreSQL, executemany on SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from tests.projects.factories import ActivityFactory
from tidtam.audit.bulk import insert_with_history
from tidtam.projects.models import CountSource, ParticipantCount, Session


@pytest.fixture
def activity(db):
    return ActivityFactory()


def _session(activity, n: int, **extra) -> Session:
    return Session(
        project=activity.plan.project,
        activity=activity,
        number=n,
        start_date=dt.date(2024, 3, n),
        end_date=dt.date(2024, 3, n + 1),
        start_time=dt.time(9, 30),
        end_time=dt.time(16, 0),
        place="ศาลาประชาคม\tบ้าน \\ดอนแก้ว\nหมู่ 3",
        title=f"เวทีครั้งที่ {n}",
        source_key=f"k{n}",
        **extra,
    )


def test_rows_and_history_rows_hold_every_value(activity):
    user = get_user_model().objects.create_user("importer", password="a-strong-pass-2568")
    sessions = [_session(activity, 1), _session(activity, 2, results="")]
    with transaction.atomic():
        insert_with_history(sessions, user=user, reason="นำเข้าไฟล์ #7 a.xlsx", ip="10.0.0.8")
    counts = [
        ParticipantCount(session=s, source=CountSource.ENTRY, total=12, men=5, women=7)
        for s in sessions
    ]
    with transaction.atomic():
        insert_with_history(counts, user=user, reason="นำเข้าไฟล์ #7 a.xlsx", ip="10.0.0.8")

    stored = list(Session.objects.filter(activity=activity).order_by("number"))
    assert [s.pk for s in stored] == [s.pk for s in sessions]
    first = stored[0]
    assert (first.start_date, first.end_date) == (dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    assert (first.start_time, first.end_time) == (dt.time(9, 30), dt.time(16, 0))
    assert first.place == "ศาลาประชาคม\tบ้าน \\ดอนแก้ว\nหมู่ 3"
    assert first.title == "เวทีครั้งที่ 1"
    assert first.opened_at is None and first.subdistrict_id is None
    assert first.created_at == first.updated_at == sessions[0].created_at

    history = list(Session.history.filter(id__in=[s.pk for s in sessions]).order_by("number"))
    assert [(h.id, h.history_type, h.history_user_id) for h in history] == [
        (sessions[0].pk, "+", user.pk),
        (sessions[1].pk, "+", user.pk),
    ]
    assert {h.history_change_reason for h in history} == {"นำเข้าไฟล์ #7 a.xlsx"}
    assert {h.ip_address for h in history} == {"10.0.0.8"}
    assert history[0].place == first.place and history[0].start_time == dt.time(9, 30)

    assert sorted(
        ParticipantCount.objects.filter(session__in=sessions).values_list("session_id", "total")
    ) == sorted((s.pk, 12) for s in sessions)
    assert ParticipantCount.history.filter(session_id__in=[s.pk for s in sessions]).count() == 2


def test_the_next_object_gets_a_new_id(activity):
    with transaction.atomic():
        insert_with_history([_session(activity, 1)])
    later = Session.objects.create(
        project=activity.plan.project, activity=activity, start_date=dt.date(2024, 4, 1)
    )
    assert later.pk > Session.objects.get(number=1).pk


def test_a_violated_constraint_writes_nothing(activity):
    bad = _session(activity, 3)
    bad.end_date = dt.date(2024, 1, 1)  # before start_date: refused by the table's check
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_with_history([_session(activity, 1), bad])
    assert Session.objects.filter(activity=activity).count() == 0
    assert Session.history.count() == 0

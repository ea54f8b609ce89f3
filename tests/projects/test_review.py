"""Review: submit → return with comment → fix → approve → locked; unlock with a reason.

Every step leaves a history row with who and why; a refused action changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.projects.factories import (
    ActivityFactory,
    ParticipantCountFactory,
    ReportingPeriodFactory,
    SessionFactory,
    WorkPlanFactory,
)
from tidtam.notifications.models import Notification
from tidtam.projects import services
from tidtam.projects.errors import ReasonRequired, SessionLocked, TransitionNotAllowed
from tidtam.projects.models import ReportingPeriod, ReviewComment, ReviewStatus, Session

pytestmark = pytest.mark.django_db


def _history_count() -> dict[str, int]:
    return {
        "session": Session.history.count(),
        "period": ReportingPeriod.history.count(),
        "comment": ReviewComment.history.count(),
    }


@pytest.fixture
def period_with_sessions(project):
    plan = WorkPlanFactory(project=project, number=1)
    activity = ActivityFactory(plan=plan, number="1.1", planned_sessions=5)
    s1 = SessionFactory(activity=activity, start_date=dt.date(2023, 3, 10), place="บ้านไผ่")
    s2 = SessionFactory(activity=activity, start_date=dt.date(2023, 9, 21), place="สหกรณ์")
    later = SessionFactory(activity=activity, start_date=dt.date(2023, 10, 20), place="นอกงวด")
    ParticipantCountFactory(session=s1, total=7, men=2, women=5)
    period = ReportingPeriodFactory(
        project=project, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30)
    )
    return period, s1, s2, later


def test_submit_return_fix_approve_lock_unlock(
    period_with_sessions, coordinator, reviewer, committed
):
    period, s1, s2, later = period_with_sessions

    committed(services.reporting_period_submit, period, user=coordinator)
    period.refresh_from_db()
    assert period.status == ReviewStatus.SUBMITTED
    assert period.submitted_by == coordinator
    assert {s.status for s in Session.objects.filter(pk__in=[s1.pk, s2.pk])} == {"submitted"}
    assert Session.objects.get(pk=later.pk).status == ReviewStatus.DRAFT  # outside the period
    # The reviewer of Khon Kaen was told.
    (note,) = Notification.objects.filter(user=reviewer)
    assert note.url == reverse("projects:period", kwargs={"pk": period.pk})
    assert Notification.objects.filter(user=coordinator).count() == 0

    committed(
        services.reporting_period_return,
        period,
        user=reviewer,
        comments=[{"session": s1, "text": "ขอเอกสารใบลงทะเบียน"}],
    )
    period.refresh_from_db()
    assert period.status == ReviewStatus.RETURNED
    assert Session.objects.get(pk=s1.pk).status == ReviewStatus.RETURNED
    assert Session.objects.get(pk=s2.pk).status == ReviewStatus.SUBMITTED
    comment = ReviewComment.objects.get()
    assert (comment.session_id, comment.text, comment.author) == (
        s1.pk,
        "ขอเอกสารใบลงทะเบียน",
        reviewer,
    )
    assert Notification.objects.filter(user=coordinator).count() == 1

    # Fix: the returned session may be edited.
    services.session_update(s1, {"place": "ชุมชนมิตรภาพซอย 4"}, user=coordinator)
    services.reporting_period_submit(period, user=coordinator)
    assert Session.objects.get(pk=s1.pk).status == ReviewStatus.SUBMITTED

    services.reporting_period_approve(period, user=reviewer)
    period.refresh_from_db()
    assert period.status == ReviewStatus.APPROVED
    assert period.is_locked
    assert {s.status for s in Session.objects.filter(pk__in=[s1.pk, s2.pk])} == {"approved"}
    assert ReviewComment.objects.get().resolved is True

    # Locked: an edit is refused and leaves no change and no history row.
    before = _history_count()
    s1_before = Session.objects.get(pk=s1.pk)
    with pytest.raises(SessionLocked):
        services.session_update(s1, {"place": "แก้หลังอนุมัติ"}, user=coordinator)
    assert Session.objects.get(pk=s1.pk).place == s1_before.place == "ชุมชนมิตรภาพซอย 4"
    assert _history_count() == before
    # Recording a new session dated inside the locked period is refused too.
    with pytest.raises(SessionLocked):
        services.session_record(
            period.project,
            {"activity": s1.activity, "start_date": dt.date(2023, 5, 5)},
            user=coordinator,
        )
    assert Session.objects.count() == 3
    # Moving an unlocked session INTO the locked period is refused.
    with pytest.raises(SessionLocked):
        services.session_update(later, {"start_date": dt.date(2023, 9, 1)}, user=coordinator)
    assert Session.objects.get(pk=later.pk).start_date == dt.date(2023, 10, 20)

    # Unlock needs a reason.
    with pytest.raises(ReasonRequired):
        services.reporting_period_unlock(period, user=reviewer, reason="  ")
    assert ReportingPeriod.objects.get(pk=period.pk).status == ReviewStatus.APPROVED
    assert _history_count() == before

    services.reporting_period_unlock(period, user=reviewer, reason="แก้จำนวนผู้เข้าร่วม")
    period.refresh_from_db()
    assert period.status == ReviewStatus.DRAFT
    assert Session.objects.get(pk=s1.pk).status == ReviewStatus.DRAFT

    # Every step is in the history, with who and why.
    steps = list(
        ReportingPeriod.history.filter(id=period.pk)
        .order_by("history_date", "history_id")
        .values_list("status", "history_user__username", "history_change_reason")
    )
    assert steps == [
        ("draft", None, None),  # created by the factory, outside the services
        ("submitted", "coordinator", None),
        ("returned", "reviewer", None),
        ("submitted", "coordinator", None),
        ("approved", "reviewer", None),
        ("draft", "reviewer", "แก้จำนวนผู้เข้าร่วม"),
    ]
    s1_steps = list(
        Session.history.filter(id=s1.pk)
        .order_by("history_date", "history_id")
        .values_list("status", "place", "history_user__username")
    )
    assert s1_steps == [
        ("draft", "บ้านไผ่", None),
        ("submitted", "บ้านไผ่", "coordinator"),
        ("returned", "บ้านไผ่", "reviewer"),
        ("returned", "ชุมชนมิตรภาพซอย 4", "coordinator"),
        ("submitted", "ชุมชนมิตรภาพซอย 4", "coordinator"),
        ("approved", "ชุมชนมิตรภาพซอย 4", "reviewer"),
        ("draft", "ชุมชนมิตรภาพซอย 4", "reviewer"),
    ]


def test_refused_transitions_change_nothing(period_with_sessions, coordinator, reviewer):
    period, s1, *_ = period_with_sessions
    before = _history_count()
    with pytest.raises(TransitionNotAllowed):
        services.reporting_period_approve(period, user=reviewer)  # still open
    with pytest.raises(TransitionNotAllowed):
        services.reporting_period_return(period, user=reviewer, comments={None: "x"})
    with pytest.raises(ReasonRequired):
        services.reporting_period_return(period, user=reviewer, comments={s1.pk: "  "})
    assert ReportingPeriod.objects.get(pk=period.pk).status == ReviewStatus.DRAFT
    assert ReviewComment.objects.count() == 0
    assert _history_count() == before
    assert Notification.objects.count() == 0


def test_return_refuses_session_of_another_period(period_with_sessions, reviewer, coordinator):
    period, _s1, _s2, later = period_with_sessions
    services.reporting_period_submit(period, user=coordinator)
    before = _history_count()
    with translation.override("en"), pytest.raises(ValidationError, match="not in this reporting"):
        services.reporting_period_return(period, user=reviewer, comments={later.pk: "ไม่ใช่งวดนี้"})
    assert _history_count() == before
    assert ReportingPeriod.objects.get(pk=period.pk).status == ReviewStatus.SUBMITTED


def test_rolled_back_submit_sends_no_notification(
    period_with_sessions, coordinator, reviewer, django_capture_on_commit_callbacks
):
    from django.db import transaction

    period, *_ = period_with_sessions
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.reporting_period_submit(period, user=coordinator)
        raise RuntimeError
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert ReportingPeriod.objects.get(pk=period.pk).status == ReviewStatus.DRAFT

"""Plans change after approval only through an approved change request; history keeps both."""

from __future__ import annotations

import pytest

from tests.projects.factories import ActivityFactory, WorkPlanFactory, months
from tidtam.projects import services
from tidtam.projects.errors import PlanLocked, ReasonRequired, TransitionNotAllowed
from tidtam.projects.models import Activity, ActivityMonth, ChangeRequest, ProjectStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(project, coordinator):
    plan = WorkPlanFactory(project=project, number=2)
    activity = ActivityFactory(plan=plan, number="2.1", planned_sessions=1, title="อบรม")
    months(activity, (2023, 3), (2023, 4), (2023, 5))
    services.project_transition(project, ProjectStatus.PROPOSED, user=coordinator)
    services.project_transition(project, ProjectStatus.APPROVED, user=coordinator)
    return activity


def test_plan_edits_are_refused_after_approval(approved, project, coordinator):
    before = (Activity.history.count(), ActivityMonth.objects.count())
    with pytest.raises(PlanLocked):
        services.activity_save(approved.plan, user=coordinator, activity=approved, title="ใหม่")
    with pytest.raises(PlanLocked):
        services.work_plan_save(project, user=coordinator, number=9, title="ใหม่")
    assert Activity.objects.get(pk=approved.pk).title == "อบรม"
    assert (Activity.history.count(), ActivityMonth.objects.count()) == before


def test_change_request_approved_applies_the_change(approved, project, coordinator, reviewer):
    cr = services.change_request_submit(
        project,
        user=coordinator,
        reason="ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน",
        activity=approved,
        new_plan={"rescheduled_months": [(2023, 10), (2023, 11)], "planned_sessions": 2},
    )
    # Nothing changes before the decision.
    assert Activity.objects.get(pk=approved.pk).planned_sessions == 1
    assert cr.old_plan["months"] == [[2023, 3], [2023, 4], [2023, 5]]
    assert cr.new_plan["rescheduled_months"] == [[2023, 10], [2023, 11]]
    services.change_request_approve(cr, user=reviewer, note="อนุมัติ")
    activity = Activity.objects.get(pk=approved.pk)
    assert activity.planned_sessions == 2
    assert sorted((m.year, m.month) for m in activity.months.filter(rescheduled=True)) == [
        (2023, 10),
        (2023, 11),
    ]
    last = activity.history.order_by("-history_date", "-history_id").first()
    assert last.history_user == reviewer
    assert last.history_change_reason.startswith(f"Change request #{cr.pk}") or str(cr.pk) in (
        last.history_change_reason
    )
    assert last.prev_record.planned_sessions == 1
    cr.refresh_from_db()
    assert (cr.status, cr.decided_by) == ("approved", reviewer)
    with pytest.raises(TransitionNotAllowed):
        services.change_request_reject(cr, user=reviewer, note="สาย")


def test_change_request_for_a_new_activity(approved, project, coordinator, reviewer):
    cr = services.change_request_submit(
        project,
        user=coordinator,
        reason="เพิ่มกิจกรรม",
        new_plan={"plan": 2, "number": "2.4", "title": "เวทีคืนข้อมูล", "months": [(2023, 12)]},
    )
    services.change_request_approve(cr, user=reviewer)
    new = Activity.objects.get(plan__project=project, number="2.4")
    assert [(m.year, m.month) for m in new.months.all()] == [(2023, 12)]


def test_rejection_needs_a_note_and_changes_nothing(approved, project, coordinator, reviewer):
    cr = services.change_request_submit(
        project, user=coordinator, reason="ย้าย", activity=approved, new_plan={"title": "ใหม่"}
    )
    with pytest.raises(ReasonRequired):
        services.change_request_reject(cr, user=reviewer, note=" ")
    assert ChangeRequest.objects.get(pk=cr.pk).status == "pending"
    services.change_request_reject(cr, user=reviewer, note="ไม่สอดคล้องกับ MoU")
    assert Activity.objects.get(pk=approved.pk).title == "อบรม"
    assert ChangeRequest.objects.get(pk=cr.pk).status == "rejected"


def test_project_transitions_follow_the_table(project, coordinator):
    with pytest.raises(TransitionNotAllowed):
        services.project_transition(project, ProjectStatus.ACTIVE, user=coordinator)
    with pytest.raises(ReasonRequired):
        services.project_transition(project, ProjectStatus.CANCELLED, user=coordinator)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert project.history.count() == 1
    services.project_transition(project, ProjectStatus.PROPOSED, user=coordinator)
    services.project_transition(project, ProjectStatus.RETURNED, user=coordinator, reason="แก้งบ")
    assert project.history.latest().history_change_reason == "แก้งบ"

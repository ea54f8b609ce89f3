"""Money services: refusals leave nothing behind but a log line; caps, frames, reversals."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tidtam.audit.services import ReasonRequired
from tidtam.finance import calculations as calc
from tidtam.finance import services
from tidtam.finance.errors import ApprovalRefused, FrameRefused, TrancheRefused, TransferRefused
from tidtam.finance.models import (
    BudgetFrame,
    BudgetFrameRevision,
    DecisionOutcome,
    ProjectApproval,
    Tranche,
    Transfer,
)
from tidtam.projects.models import ProjectStatus, ReportingPeriod, ReviewStatus

from .conftest import Small

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2021, 3, 1)


def _state():
    """Everything a refused action must leave unchanged."""
    return (
        Transfer.objects.count(),
        Transfer.history.count(),
        list(Tranche.objects.values_list("pk", "cap", "planned_amount").order_by("pk")),
        ProjectApproval.objects.count(),
        ProjectApproval.history.count(),
    )


def _refused(caplog, error, call, code, text):
    before = _state()
    with (
        caplog.at_level(logging.WARNING, logger="tidtam.finance"),
        pytest.raises(error) as info,
    ):
        call()
    assert info.value.code == code
    assert text in str(info.value)
    assert _state() == before
    warnings = [
        r for r in caplog.records if r.name == "tidtam.finance" and r.levelno == logging.WARNING
    ]
    assert warnings and code in warnings[-1].getMessage()
    return info.value


def test_approval_generates_the_70_30_schedule(small):
    services.budget_frame_revise(small.frame, 2_000_000, "ได้รับจัดสรรเพิ่ม")
    project = small.approved_project(1_781_000)
    assert project.status == ProjectStatus.APPROVED
    t1, t2 = Tranche.objects.filter(project=project).order_by("number")
    assert (t1.cap, t1.planned_amount, t1.deadline) == (
        D("1246700"),
        D("1246700"),
        dt.date(2021, 5, 4),
    )
    assert (t2.cap, t2.planned_amount, t2.deadline) == (D("534300"), D("534300"), None)
    services.tranche_amount_set(t1, 1_240_000)
    t2.refresh_from_db()
    assert (t2.cap, t2.planned_amount) == (D("541000"), D("541000"))  # seed 003: คงเหลือเบิกงวด 2


def test_transfers_within_the_tranche_and_reversal(small, officer):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    first = services.tranche_transfer(t1, 50_000, DAY, "REF-1", user=officer)
    assert first.created_by == officer
    assert first.history.first().history_user == officer
    services.tranche_transfer(t1, 20_000, DAY, "REF-2", user=officer)
    reversal = services.transfer_reverse(first, "โอนผิดบัญชี", user=officer)
    assert reversal.amount == D("-50000") and reversal.reverses == first
    first.refresh_from_db()
    assert first.amount == D("50000")  # history is never edited
    services.tranche_transfer(t1, 50_000, DAY, "REF-3", user=officer)
    assert calc.total(
        Transfer.objects.filter(project=project).values_list("amount", flat=True)
    ) == D("70000")


def test_over_transfer_is_refused(small, caplog, officer):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    services.tranche_transfer(t1, 60_000, DAY, user=officer)
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(t1, 10_001, DAY, user=officer),
        "above_cap",
        "10,000",
    )


def test_transfer_above_the_officers_tranche_amount_is_refused(small, caplog):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    services.tranche_amount_set(t1, 65_000)
    t1.refresh_from_db()
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(t1, 65_001, DAY),
        "above_tranche",
        "65,000",
    )


def test_transfer_above_the_approved_budget_is_refused(small, caplog):
    project = small.approved_project(100_000)
    t1, t2 = Tranche.objects.filter(project=project).order_by("number")
    services.tranche_transfer(t1, 70_000, DAY)
    services.tranche_transfer(t2, 30_000, DAY)
    # Make the caps wrong on purpose (as a legacy import might): the approved budget still holds.
    Tranche.objects.filter(pk=t2.pk).update(cap=D("50000"), planned_amount=D("50000"))
    t2.refresh_from_db()
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(t2, 1, DAY),
        "above_approved",
        "0",
    )


def test_transfer_on_an_unapproved_project_is_refused(small, caplog):
    approved = small.approved_project(100_000)
    tranche = Tranche.objects.get(project=approved, number=1)
    approved.status = ProjectStatus.CANCELLED
    approved.save()
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(tranche, 1_000, DAY),
        "not_approved",
        "ยังไม่ได้รับอนุมัติ",
    )


@pytest.mark.parametrize("amount", [0, -1, D("-0.01"), D("0.004")])
def test_zero_or_negative_transfer_is_refused(small, caplog, amount):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(t1, amount, DAY),
        "not_positive",
        "มากกว่าศูนย์",
    )


def test_tranche_amount_above_the_cap_is_refused(small, caplog):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    with (
        caplog.at_level(logging.WARNING, logger="tidtam.finance"),
        pytest.raises(TrancheRefused) as info,
    ):
        services.tranche_amount_set(t1, 70_001)
    assert info.value.code == "above_cap"
    t1.refresh_from_db()
    assert t1.planned_amount == D("70000")


def test_later_tranche_needs_the_previous_report_approved(db, caplog):
    small = Small(require_report=True)
    project = small.approved_project(100_000)
    t1, t2 = Tranche.objects.filter(project=project).order_by("number")
    services.tranche_transfer(t1, 70_000, DAY)
    period = ReportingPeriod.objects.create(
        project=project, start=dt.date(2021, 2, 1), end=dt.date(2021, 4, 30)
    )
    _refused(
        caplog,
        TransferRefused,
        lambda: services.tranche_transfer(t2, 30_000, dt.date(2021, 5, 10)),
        "report_not_approved",
        "รายงานงวดก่อนหน้า",
    )
    period.status = ReviewStatus.APPROVED
    period.save()
    services.tranche_transfer(t2, 30_000, dt.date(2021, 5, 10))


def test_frame_is_checked_and_excess_recorded_when_allowed(small, caplog):
    first = small.approved_project(900_000)
    assert first.approval.frame == small.frame
    project = small.project()
    decision = services.decision_record(
        small.meeting, project, outcome=DecisionOutcome.APPROVED, amount_requested=200_000,
        amount_approved=200_000,
    )  # fmt: skip
    with (
        caplog.at_level(logging.WARNING, logger="tidtam.finance"),
        pytest.raises(ApprovalRefused) as info,
    ):
        services.project_approve(decision, approval_date=dt.date(2021, 2, 4))
    assert info.value.code == "frame_exceeded"
    assert "100,000" in str(info.value)
    assert not ProjectApproval.objects.filter(project=project).exists()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED


def test_frame_excess_allowed_by_the_programme(db):
    small = Small(allow_excess=True)
    small.approved_project(900_000)
    project = small.project()
    decision = services.decision_record(
        small.meeting, project, outcome=DecisionOutcome.APPROVED, amount_requested=200_000,
        amount_approved=150_000,
    )  # fmt: skip
    with pytest.raises(ApprovalRefused):
        services.project_approve(decision, approval_date=dt.date(2021, 2, 4))
    approval = services.project_approve(
        decision, approval_date=dt.date(2021, 2, 4), excess_source="งบกลางสำนักงานภาค"
    )
    assert (approval.frame_excess, approval.excess_source) == (D("50000"), "งบกลางสำนักงานภาค")


def test_decision_amount_rules(small):
    project = small.project()
    with pytest.raises(ApprovalRefused):
        services.decision_record(
            small.meeting, project, outcome=DecisionOutcome.APPROVED, amount_requested=100,
            amount_approved=101,
        )  # fmt: skip
    returned = services.decision_record(
        small.meeting, project, outcome=DecisionOutcome.RETURNED, amount_requested=100,
        amount_approved=100,
    )  # fmt: skip
    assert returned.amount_approved is None
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED


def test_frame_revision_needs_a_reason(small, officer, caplog):
    with (
        caplog.at_level(logging.WARNING, logger="tidtam.finance"),
        pytest.raises(FrameRefused) as info,
    ):
        services.budget_frame_revise(small.frame, 2_000_000, "  ", user=officer)
    assert isinstance(info.value, ReasonRequired)  # also the audit app's refusal
    assert BudgetFrameRevision.objects.count() == 0
    small.frame.refresh_from_db()
    assert small.frame.amount == D("1000000")
    revision = services.budget_frame_revise(small.frame, 2_000_000, "ได้รับจัดสรรเพิ่ม", user=officer)
    assert (revision.old_amount, revision.new_amount, revision.changed_by) == (
        D("1000000"), D("2000000"), officer,
    )  # fmt: skip
    assert small.frame.amount == D("2000000")
    assert small.frame.history.first().history_change_reason == "ได้รับจัดสรรเพิ่ม"


def test_database_refuses_what_services_refuse(small):
    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(tranche=t1, project=project, date=DAY, amount=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.filter(pk=t1.pk).update(planned_amount=t1.cap + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetFrame.objects.create(
            programme=small.programme, fiscal_year=2564, level="provincial", amount=1
        )


def test_late_tranche_1_is_flagged(small):
    from tidtam.finance.selectors import budget_status, project_finance

    project = small.approved_project(100_000)
    t1 = Tranche.objects.get(project=project, number=1)
    services.tranche_transfer(t1, 70_000, dt.date(2021, 5, 5))  # deadline 4 May 2021
    report = budget_status(small.programme, as_of=dt.date(2021, 6, 1))
    assert report.rows[0].tranche_1_late is True
    assert report.late_count == 1
    assert project_finance(project)["tranches"][0].late is True


def test_calculations():
    assert calc.percent_pair(D("10921966"), D("15635880")) == (D("69.85"), D("30.15"))
    assert calc.percent_pair(D("1"), D("3")) == (D("33.33"), D("66.67"))
    assert calc.percent_pair(D("0"), D("0")) == (None, None)
    assert calc.format_percent(D("70.00")) == "70"
    assert calc.format_percent(D("69.85")) == "69.85"
    assert calc.format_amount(D("1781000")) == "1,781,000"
    assert calc.format_amount(D("0.5")) == "0.50"
    assert calc.tranche_caps(D("1762380"), [D("70"), D("30")]) == [D("1233666.00"), D("528714.00")]
    assert calc.tranche_caps(D("100.01"), [D("70"), D("30")]) == [D("70.01"), D("30.00")]
    assert calc.add_months(dt.date(2021, 11, 30), 3) == dt.date(2022, 2, 28)
    assert calc.frame_excess(D("100"), D("90"), D("30")) == D("20")


def test_budget_lines_planned_vs_spent(small, officer):
    from tidtam.finance.models import BudgetCategory
    from tidtam.finance.selectors import budget_lines

    project = small.approved_project(100_000)
    line = services.budget_line_add(
        project, name="ค่าอาหารและเครื่องดื่ม", category=BudgetCategory.ACTIVITIES,
        planned_amount=30_000, user=officer,
    )  # fmt: skip
    services.budget_line_add(
        project, name="ค่าตอบแทนผู้ประสานงาน", category=BudgetCategory.PERSONNEL, planned_amount=20_000
    )
    services.expenditure_record(line, amount=12_500, date=DAY, reference="ใบเสร็จ 1")
    services.expenditure_record(line, amount=D("2500.50"), date=DAY)
    with pytest.raises(TransferRefused):
        services.expenditure_record(line, amount=0, date=DAY)
    rows = budget_lines(project)
    assert [(r.name, r.planned, r.spent, r.left, r.spent_percent) for r in rows] == [
        ("ค่าอาหารและเครื่องดื่ม", D("30000"), D("15000.50"), D("14999.50"), D("50.00")),
        ("ค่าตอบแทนผู้ประสานงาน", D("20000"), D("0"), D("20000"), D("0.00")),
    ]


def test_policy_change_needs_a_reason_and_keeps_it(small, officer, caplog):
    policy = small.programme.tranche_policy
    with pytest.raises(TrancheRefused) as refused:
        services.tranche_policy_set(small.programme, caps_percent=[60, 40], user=officer)
    assert refused.value.code == "reason"
    with pytest.raises(TrancheRefused) as refused:
        services.tranche_policy_set(
            small.programme, caps_percent=[70, 30], first_tranche_deadline_months=-1, reason="x"
        )
    assert refused.value.code == "deadline"
    policy.refresh_from_db()
    assert (policy.caps_percent, policy.history.count()) == (["70", "30"], 1)
    assert "refused tranche policy of TEST-2564 by officer: reason" in caplog.text
    services.tranche_policy_set(
        small.programme, caps_percent=["60", "40"], reason="มติคณะกรรมการ", user=officer
    )
    policy.refresh_from_db()
    latest = policy.history.latest()
    assert (policy.caps_percent, latest.history_change_reason, latest.history_user) == (
        ["60", "40"],
        "มติคณะกรรมการ",
        officer,
    )


def test_a_second_frame_for_the_same_year_level_and_area_is_refused(small):
    from tidtam.areas.models import Province, Region

    with pytest.raises(FrameRefused) as refused:
        services.budget_frame_create(
            small.programme, fiscal_year=2564, level="provincial", amount=5
        )
    assert refused.value.code == "duplicate"
    with pytest.raises(FrameRefused) as refused:
        services.budget_frame_create(
            small.programme,
            fiscal_year=2564,
            level="provincial",
            amount=5,
            province=Province.objects.get(code="50"),
            region=Region.objects.filter(grouping__is_default=True).first(),
        )
    assert refused.value.code == "province_and_region"
    province = services.budget_frame_create(
        small.programme,
        fiscal_year=2564,
        level="provincial",
        amount=5,
        province=Province.objects.get(code="50"),
    )
    assert BudgetFrame.objects.filter(programme=small.programme).count() == 2
    assert province.amount == D("5.00")


def test_committee_names_are_unique_when_a_person_adds_one(small):
    with pytest.raises(ApprovalRefused) as refused:
        services.committee_create(name="คณะทดสอบ", organisation=small.owner, exists_ok=False)
    assert refused.value.code == "duplicate"
    with pytest.raises(ApprovalRefused) as refused:
        services.committee_create(name="   ", organisation=small.owner)
    assert refused.value.code == "name"
    same = services.committee_create(name=" คณะทดสอบ ", organisation=small.owner)
    assert same == small.meeting.committee

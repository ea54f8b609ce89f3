"""Every write that matters to money: frames, decisions, approvals, tranches, transfers.

Each service runs in one transaction, locks what it changes, checks the rules against the
database *inside* the lock, then writes. A refused action raises a ``FinanceError`` subclass
with a translated message, writes nothing, and leaves one WARNING line on the
"tidtam.finance" logger (who, what, why).

Lock order (always the same, so two services never deadlock): budget frame → project
approval → the project's tranches by number. On PostgreSQL these are row locks
(``select_for_update``); on SQLite the settings open IMMEDIATE transactions, so writers are
serialised by the database itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any, NoReturn

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from tidtam.finance import calculations as calc
from tidtam.finance.errors import (
    ApprovalRefused,
    FinanceError,
    FrameReasonRequired,
    FrameRefused,
    TrancheRefused,
    TransferRefused,
)
from tidtam.finance.models import (
    BudgetFrame,
    BudgetFrameRevision,
    BudgetLine,
    Committee,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Expenditure,
    ProjectApproval,
    Tranche,
    TranchePolicy,
    Transfer,
)
from tidtam.organisations.models import Organisation
from tidtam.projects.models import (
    Programme,
    Project,
    ProjectStatus,
    ReportingPeriod,
    ReviewStatus,
)
from tidtam.projects.services import project_transition

logger = logging.getLogger("tidtam.finance")

# The projects app's transition table allows approval only from "proposed".
APPROVABLE_STATUSES = {ProjectStatus.PROPOSED}
FUNDED_STATUSES = {ProjectStatus.APPROVED, ProjectStatus.ACTIVE}


def _refuse(
    error: type[FinanceError], message: Any, code: str, *, user: Any, what: str
) -> NoReturn:
    """Log the refusal (who / what / why) and raise it; nothing has been written."""
    logger.warning(
        "refused %s by %s: %s (%s)", what, getattr(user, "username", None) or "-", code, message
    )
    raise error(message, code)


def _stamp(instance: Any, user: Any, reason: str = "") -> None:
    """Tell the audit trail who made the change and why."""
    if user is not None and getattr(user, "pk", None) is not None:
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def _money(value: Decimal | int | str) -> Decimal:
    return calc.round_half_up(Decimal(value))


# --- policy ---------------------------------------------------------------------------------


def tranche_policy_set(
    programme: Programme,
    *,
    caps_percent: list[Decimal | int | str],
    first_tranche_deadline_months: int = 3,
    require_previous_report: bool = False,
    allow_frame_excess: bool = False,
    reason: str = "",
    user: Any = None,
) -> TranchePolicy:
    """Create or replace a programme's tranche policy; the caps must add up to 100 %.

    Changing an existing policy needs a reason (kept in its history). Schedules already
    generated keep their caps; the new policy applies to projects approved after it.
    """
    what = f"tranche policy of {programme.code}"
    reason = (reason or "").strip()
    caps = [Decimal(str(c)) for c in caps_percent]
    if not caps or any(c <= 0 for c in caps) or calc.total(caps) != calc.HUNDRED:
        _refuse(
            TrancheRefused,
            _("The tranche caps must be positive and add up to 100 %."),
            "caps",
            user=user,
            what=what,
        )
    if first_tranche_deadline_months < 0:
        _refuse(
            TrancheRefused,
            _("The tranche 1 deadline cannot be a negative number of months."),
            "deadline",
            user=user,
            what=what,
        )
    with transaction.atomic():
        policy = TranchePolicy.objects.select_for_update().filter(programme=programme).first()
        if policy is not None and not reason:
            _refuse(
                TrancheRefused,
                _("Say why the tranche policy changes (a reason is required)."),
                "reason",
                user=user,
                what=what,
            )
        policy = policy or TranchePolicy(programme=programme)
        policy.tranche_count = len(caps)
        policy.caps_percent = [str(c) for c in caps]
        policy.first_tranche_deadline_months = first_tranche_deadline_months
        policy.require_previous_report = require_previous_report
        policy.allow_frame_excess = allow_frame_excess
        _stamp(policy, user, reason)
        policy.save()
    return policy


# --- frames ---------------------------------------------------------------------------------

DUPLICATE_FRAME = _(
    "This programme already has a frame for that fiscal year, level and area; revise it instead."
)


def budget_frame_create(
    programme: Programme,
    *,
    fiscal_year: int,
    level: str,
    amount: Decimal | int | str,
    province: Any = None,
    region: Any = None,
    user: Any = None,
) -> BudgetFrame:
    """Create a budget frame (กรอบงบ) of a programme for a fiscal year and level.

    Refused when negative, when given both a province and a region, or when the programme
    already has a frame for that year, level and area (revise that one instead).
    """
    value = _money(amount)
    what = f"frame of {programme.code}"
    if value < 0:
        _refuse(
            FrameRefused, _("A budget frame cannot be negative."), "negative", user=user, what=what
        )
    if province is not None and region is not None:
        _refuse(
            FrameRefused,
            _("A frame is for a province or for a region, not both."),
            "province_and_region",
            user=user,
            what=what,
        )
    if BudgetFrame.objects.filter(
        programme=programme,
        fiscal_year=fiscal_year,
        level=level,
        province=province,
        region=region,
    ).exists():
        _refuse(FrameRefused, DUPLICATE_FRAME, "duplicate", user=user, what=what)
    frame = BudgetFrame(
        programme=programme,
        fiscal_year=fiscal_year,
        level=level,
        amount=value,
        province=province,
        region=region,
    )
    _stamp(frame, user)
    try:
        with transaction.atomic():
            frame.save()
    except IntegrityError:  # another officer added the same frame a moment ago
        _refuse(FrameRefused, DUPLICATE_FRAME, "duplicate", user=user, what=what)
    return frame


def budget_frame_revise(
    frame: BudgetFrame, new_amount: Decimal | int | str, reason: str, *, user: Any = None
) -> BudgetFrameRevision:
    """Change a frame's amount, keeping the old amount, the new one, the reason, who and when.

    Refused without a reason, with a negative amount, or when the frame would end below what
    is already approved in it (unless the programme allows frame excess).
    """
    reason = (reason or "").strip()
    what = f"revision of frame {frame.pk}"
    if not reason:
        _refuse(
            FrameReasonRequired,
            _("Say why the frame changes (a reason is required)."),
            "reason",
            user=user,
            what=what,
        )
    value = _money(new_amount)
    if value < 0:
        _refuse(
            FrameRefused, _("A budget frame cannot be negative."), "negative", user=user, what=what
        )
    with transaction.atomic():
        locked = BudgetFrame.objects.select_for_update().get(pk=frame.pk)
        approved = calc.total([locked.approvals.aggregate(s=Sum("approved_budget"))["s"]])
        policy = TranchePolicy.objects.filter(programme_id=locked.programme_id).first()
        if value < approved and not (policy and policy.allow_frame_excess):
            _refuse(
                FrameRefused,
                _("The frame cannot be smaller than the %(approved)s baht already approved in it.")
                % {"approved": calc.format_amount(approved)},
                "below_approved",
                user=user,
                what=what,
            )
        revision = BudgetFrameRevision.objects.create(
            frame=locked, old_amount=locked.amount, new_amount=value, reason=reason, changed_by=user
        )
        locked.amount = value
        _stamp(locked, user, reason)
        locked.save(update_fields=["amount", "updated_at"])
    frame.refresh_from_db()
    return revision


def frame_for(
    programme: Programme, fiscal_year: int, level: str, province_id: str | None
) -> BudgetFrame | None:
    """Return the frame a project falls in: its province's frame, its region's, else the level's."""
    frames = list(
        BudgetFrame.objects.filter(programme=programme, fiscal_year=fiscal_year, level=level)
    )
    if province_id:
        for frame in frames:
            if frame.province_id == province_id:
                return frame
        for frame in frames:
            if (
                frame.region is not None
                and frame.region.provinces.filter(code=province_id).exists()
            ):
                return frame
    for frame in frames:
        if frame.province_id is None and frame.region_id is None:
            return frame
    return None


# --- committees and decisions ----------------------------------------------------------------


def committee_create(
    *,
    name: str,
    organisation: Organisation,
    region: Any = None,
    user: Any = None,
    exists_ok: bool = True,
) -> Committee:
    """Create a committee, or return the one of that name in the organisation.

    With ``exists_ok=False`` (a person adding one) an existing name is refused instead.
    """
    name = " ".join((name or "").split())
    what = f"committee of {organisation.pk}"
    if not name:
        _refuse(ApprovalRefused, _("A committee needs a name."), "name", user=user, what=what)
    committee = Committee.objects.filter(organisation=organisation, name=name).first()
    if committee is not None and not exists_ok:
        _refuse(
            ApprovalRefused,
            _("%(organisation)s already has a committee named “%(name)s”.")
            % {"organisation": organisation, "name": name},
            "duplicate",
            user=user,
            what=what,
        )
    if committee is None:
        committee = Committee(name=name, organisation=organisation, region=region)
        _stamp(committee, user)
        committee.save()
    return committee


def meeting_create(
    committee: Committee,
    *,
    fiscal_year: int,
    number: int,
    start_date: dt.date,
    end_date: dt.date | None = None,
    user: Any = None,
) -> CommitteeMeeting:
    """Record a numbered meeting ("ครั้งที่ 2/2564") of a committee on a day or a range of days."""
    if end_date is not None and end_date < start_date:
        _refuse(
            ApprovalRefused,
            _("The meeting cannot end before it starts."),
            "dates",
            user=user,
            what=f"meeting {number}/{fiscal_year}",
        )
    duplicate = _("Meeting %(number)s/%(year)s is already recorded.") % {
        "number": number,
        "year": fiscal_year,
    }
    what = f"meeting {number}/{fiscal_year}"
    if CommitteeMeeting.objects.filter(
        committee=committee, fiscal_year=fiscal_year, number=number
    ).exists():
        _refuse(ApprovalRefused, duplicate, "duplicate", user=user, what=what)
    meeting = CommitteeMeeting(
        committee=committee,
        fiscal_year=fiscal_year,
        number=number,
        start_date=start_date,
        end_date=end_date if end_date != start_date else None,
    )
    _stamp(meeting, user)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # recorded by someone else a moment ago
        _refuse(ApprovalRefused, duplicate, "duplicate", user=user, what=what)
    return meeting


def decision_record(
    meeting: CommitteeMeeting,
    project: Project,
    *,
    outcome: str,
    amount_requested: Decimal | int | str,
    amount_approved: Decimal | int | str | None = None,
    resolution: str = "",
    user: Any = None,
) -> Decision:
    """Record a committee's decision on a proposal: approved (maybe for less), returned, rejected."""
    what = f"decision on {project.code}"
    asked = _money(amount_requested)
    granted = _money(amount_approved) if amount_approved not in (None, "") else None
    if asked < 0:
        _refuse(
            ApprovalRefused,
            _("The amount asked cannot be negative."),
            "negative",
            user=user,
            what=what,
        )
    if outcome == DecisionOutcome.APPROVED:
        if granted is None or granted <= 0:
            _refuse(
                ApprovalRefused,
                _("An approval needs an approved amount above zero."),
                "amount",
                user=user,
                what=what,
            )
        if granted > asked:
            _refuse(
                ApprovalRefused,
                _("The approved amount cannot be more than the amount asked."),
                "above_asked",
                user=user,
                what=what,
            )
    else:
        granted = None
    if project.programme_id and Decision.objects.filter(meeting=meeting, project=project).exists():
        _refuse(
            ApprovalRefused,
            _("This meeting already decided on this project."),
            "duplicate",
            user=user,
            what=what,
        )
    decision = Decision(
        meeting=meeting,
        project=project,
        outcome=outcome,
        amount_requested=asked,
        amount_approved=granted,
        resolution=resolution,
        recorded_by=user,
    )
    _stamp(decision, user)
    with transaction.atomic():
        decision.save()
        if outcome == DecisionOutcome.RETURNED and project.status == ProjectStatus.PROPOSED:
            project_transition(
                project,
                ProjectStatus.RETURNED,
                user=user,
                reason=resolution or f"returned at {meeting.number_label}",
            )
            project.status = ProjectStatus.RETURNED
    return decision


def project_approve(
    decision: Decision,
    *,
    approval_date: dt.date,
    user: Any = None,
    excess_source: str = "",
) -> ProjectApproval:
    """Approve a project from an "approved" decision: set its approved budget and approval date.

    The approval is checked against the frame (locked first): the frame's approved total may
    not exceed the frame unless the programme's policy allows it, and then the excess and its
    source are recorded. Moves the project to "approved" and generates its tranche schedule
    when the programme has a tranche policy.
    """
    project = decision.project
    what = f"approval of {project.code}"
    if decision.outcome != DecisionOutcome.APPROVED or decision.amount_approved is None:
        _refuse(
            ApprovalRefused,
            _("Only an approving decision can approve a project."),
            "not_approved",
            user=user,
            what=what,
        )
    if approval_date < decision.meeting.start_date:
        _refuse(
            ApprovalRefused,
            _("The approval date cannot be before the meeting."),
            "date",
            user=user,
            what=what,
        )
    amount = decision.amount_approved
    with transaction.atomic():
        frame = frame_for(
            project.programme, decision.meeting.fiscal_year, project.level, project.province_id
        )
        if frame is None:
            _refuse(
                ApprovalRefused,
                _("There is no budget frame for this programme, fiscal year and level."),
                "no_frame",
                user=user,
                what=what,
            )
        frame = BudgetFrame.objects.select_for_update().get(pk=frame.pk)
        locked_project = Project.objects.select_for_update().get(pk=project.pk)
        if ProjectApproval.objects.filter(project=locked_project).exists():
            _refuse(
                ApprovalRefused,
                _("This project is already approved."),
                "already",
                user=user,
                what=what,
            )
        if locked_project.status not in APPROVABLE_STATUSES:
            _refuse(
                ApprovalRefused,
                _("A project in status “%(status)s” cannot be approved.")
                % {"status": locked_project.get_status_display()},
                "status",
                user=user,
                what=what,
            )
        approved_in_frame = calc.total([frame.approvals.aggregate(s=Sum("approved_budget"))["s"]])
        excess = calc.frame_excess(frame.amount, approved_in_frame, amount)
        excess_source = (excess_source or "").strip()
        if excess > 0:
            policy = TranchePolicy.objects.filter(programme_id=frame.programme_id).first()
            if not (policy and policy.allow_frame_excess):
                _refuse(
                    ApprovalRefused,
                    _(
                        "The approval would exceed the budget frame by %(excess)s baht "
                        "(%(left)s baht left in the frame)."
                    )
                    % {
                        "excess": calc.format_amount(excess),
                        "left": calc.format_amount(
                            max(calc.ZERO, frame.amount - approved_in_frame)
                        ),
                    },
                    "frame_exceeded",
                    user=user,
                    what=what,
                )
            if not excess_source:
                _refuse(
                    ApprovalRefused,
                    _("Say where the %(excess)s baht above the frame comes from.")
                    % {"excess": calc.format_amount(excess)},
                    "excess_source",
                    user=user,
                    what=what,
                )
        approval = ProjectApproval(
            project=locked_project,
            decision=decision,
            frame=frame,
            approved_budget=amount,
            approval_date=approval_date,
            frame_excess=excess,
            excess_source=excess_source if excess > 0 else "",
            approved_by=user,
        )
        _stamp(approval, user)
        approval.save()
        locked_project = project_transition(
            locked_project,
            ProjectStatus.APPROVED,
            user=user,
            reason=f"approved at {decision.meeting.number_label}",
        )
        project.status = locked_project.status
        if TranchePolicy.objects.filter(programme_id=locked_project.programme_id).exists():
            tranche_schedule_generate(locked_project, user=user)
    return approval


# --- tranches -------------------------------------------------------------------------------


def tranche_schedule_generate(project: Project, *, user: Any = None) -> list[Tranche]:
    """Create the project's tranches from its programme's policy (idempotent).

    Each tranche's cap is its percent of the approved budget (the last gets the rest) and its
    planned amount starts at the cap; tranche 1 is due ``first_tranche_deadline_months`` after
    the approval date.
    """
    what = f"tranche schedule of {project.code}"
    with transaction.atomic():
        approval = ProjectApproval.objects.select_for_update().filter(project=project).first()
        if approval is None:
            _refuse(
                TrancheRefused,
                _("The project is not approved yet."),
                "not_approved",
                user=user,
                what=what,
            )
        existing = list(
            Tranche.objects.select_for_update().filter(project=project).order_by("number")
        )
        if existing:
            return existing
        policy = TranchePolicy.objects.filter(programme_id=project.programme_id).first()
        if policy is None:
            _refuse(
                TrancheRefused,
                _("The programme has no tranche policy."),
                "no_policy",
                user=user,
                what=what,
            )
        caps = calc.tranche_caps(approval.approved_budget, policy.caps())
        tranches = []
        for number, cap in enumerate(caps, start=1):
            deadline = (
                calc.add_months(approval.approval_date, policy.first_tranche_deadline_months)
                if number == 1
                else None
            )
            tranche = Tranche(
                project=project, number=number, cap=cap, planned_amount=cap, deadline=deadline
            )
            _stamp(tranche, user)
            tranche.save()
            tranches.append(tranche)
    return tranches


def _transferred(tranche_ids: list[int]) -> Decimal:
    return calc.total(
        [Transfer.objects.filter(tranche_id__in=tranche_ids).aggregate(s=Sum("amount"))["s"]]
    )


def tranche_amount_set(
    tranche: Tranche, amount: Decimal | int | str, *, user: Any = None
) -> Tranche:
    """Set the amount planned for a tranche (an officer's round figure within its cap).

    The last tranche then plans the rest of the approved budget. Refused above the cap, below
    what was already transferred in the tranche, or for the last tranche (it is the rest).
    """
    value = _money(amount)
    what = f"amount of tranche {tranche.number} of {tranche.project.code}"
    with transaction.atomic():
        approval = (
            ProjectApproval.objects.select_for_update()
            .filter(project_id=tranche.project_id)
            .first()
        )
        if approval is None:
            _refuse(
                TrancheRefused,
                _("The project is not approved yet."),
                "not_approved",
                user=user,
                what=what,
            )
        tranches = list(
            Tranche.objects.select_for_update()
            .filter(project_id=tranche.project_id)
            .order_by("number")
        )
        locked = next(t for t in tranches if t.pk == tranche.pk)
        last = tranches[-1]
        if locked.pk == last.pk:
            _refuse(
                TrancheRefused,
                _("The last tranche is the rest of the approved budget; set the earlier tranches."),
                "last",
                user=user,
                what=what,
            )
        if value < 0:
            _refuse(
                TrancheRefused,
                _("The amount cannot be negative."),
                "negative",
                user=user,
                what=what,
            )
        if value > locked.cap:
            _refuse(
                TrancheRefused,
                _("%(amount)s baht is above the cap of tranche %(number)s (%(cap)s baht).")
                % {
                    "amount": calc.format_amount(value),
                    "number": locked.number,
                    "cap": calc.format_amount(locked.cap),
                },
                "above_cap",
                user=user,
                what=what,
            )
        if value < _transferred([locked.pk]):
            _refuse(
                TrancheRefused,
                _("%(amount)s baht is less than what was already transferred in this tranche.")
                % {"amount": calc.format_amount(value)},
                "below_transferred",
                user=user,
                what=what,
            )
        locked.planned_amount = value
        _stamp(locked, user)
        locked.save(update_fields=["planned_amount"])
        rest = calc.last_tranche_cap(
            approval.approved_budget, [t.planned_amount for t in tranches if t.pk != last.pk]
        )
        last.cap = rest
        last.planned_amount = rest
        _stamp(last, user)
        last.save(update_fields=["cap", "planned_amount"])
    return locked


def _previous_period_approved(project_id: int, on: dt.date) -> bool:
    """Return True when the project's latest reporting period ended before ``on`` is approved.

    (``tidtam.projects.selectors.reporting_period_approved`` answers for "today" or for the
    period covering a day; a transfer needs "the period that ended before it", so it is read
    here.)
    """
    period = (
        ReportingPeriod.objects.filter(project_id=project_id, end__lt=on).order_by("-end").first()
    )
    return period is not None and period.status == ReviewStatus.APPROVED


def tranche_transfer(
    tranche: Tranche,
    amount: Decimal | int | str,
    date: dt.date,
    reference: str = "",
    *,
    user: Any = None,
    evidence: File | None = None,
) -> Transfer:
    """Record a transfer (โอน) against a tranche, race-safe.

    Refused when the amount is not positive, the project is not approved (or not funded any
    more), the date is before the approval, the tranche's cap or planned amount or the
    approved budget would be exceeded, or a later tranche needs the previous reporting period
    approved and it is not. The remaining amounts are read from the database after locking
    the approval row and the project's tranches, so two officers cannot overdraw together.
    """
    value = _money(amount)
    project_id = tranche.project_id
    what = f"transfer of {calc.format_amount(value)} on tranche {tranche.number} of project {project_id}"
    if value <= 0:
        _refuse(
            TransferRefused,
            _("A transfer must be more than zero baht."),
            "not_positive",
            user=user,
            what=what,
        )
    with transaction.atomic():
        approval = (
            ProjectApproval.objects.select_for_update()
            .select_related("project")
            .filter(project_id=project_id)
            .first()
        )
        if approval is None or approval.project.status not in FUNDED_STATUSES:
            _refuse(
                TransferRefused,
                _("The project is not approved: no money can be transferred to it."),
                "not_approved",
                user=user,
                what=what,
            )
        tranches = list(
            Tranche.objects.select_for_update().filter(project_id=project_id).order_by("number")
        )
        locked = next(t for t in tranches if t.pk == tranche.pk)
        if date < approval.approval_date:
            _refuse(
                TransferRefused,
                _("A transfer cannot be dated before the project's approval."),
                "before_approval",
                user=user,
                what=what,
            )
        in_tranche = _transferred([locked.pk])
        in_project = _transferred([t.pk for t in tranches])
        if in_tranche + value > locked.cap:
            _refuse(
                TransferRefused,
                _(
                    "The transfer would exceed the cap of tranche %(number)s: %(left)s baht "
                    "left of %(cap)s baht."
                )
                % {
                    "number": locked.number,
                    "left": calc.format_amount(max(calc.ZERO, locked.cap - in_tranche)),
                    "cap": calc.format_amount(locked.cap),
                },
                "above_cap",
                user=user,
                what=what,
            )
        if in_tranche + value > locked.planned_amount:
            _refuse(
                TransferRefused,
                _(
                    "The transfer would exceed tranche %(number)s: %(left)s baht left of the "
                    "%(planned)s baht planned."
                )
                % {
                    "number": locked.number,
                    "left": calc.format_amount(max(calc.ZERO, locked.planned_amount - in_tranche)),
                    "planned": calc.format_amount(locked.planned_amount),
                },
                "above_tranche",
                user=user,
                what=what,
            )
        if in_project + value > approval.approved_budget:
            _refuse(
                TransferRefused,
                _(
                    "The transfer would exceed the approved budget: %(left)s baht left of "
                    "%(approved)s baht."
                )
                % {
                    "left": calc.format_amount(approval.approved_budget - in_project),
                    "approved": calc.format_amount(approval.approved_budget),
                },
                "above_approved",
                user=user,
                what=what,
            )
        if locked.number > 1:
            policy = TranchePolicy.objects.filter(
                programme_id=approval.project.programme_id
            ).first()
            if (
                policy
                and policy.require_previous_report
                and not _previous_period_approved(project_id, date)
            ):
                _refuse(
                    TransferRefused,
                    _(
                        "Tranche %(number)s needs the previous reporting period's report "
                        "approved first."
                    )
                    % {"number": locked.number},
                    "report_not_approved",
                    user=user,
                    what=what,
                )
        transfer = Transfer(
            tranche=locked,
            project_id=project_id,
            date=date,
            amount=value,
            reference=reference,
            created_by=user,
        )
        if evidence is not None:
            transfer.evidence.save(getattr(evidence, "name", "evidence"), evidence, save=False)
        _stamp(transfer, user)
        transfer.save()
    logger.info(
        "transfer %s: %s baht on tranche %s of project %s",
        transfer.pk,
        value,
        locked.number,
        project_id,
    )
    return transfer


def transfer_reverse(
    transfer: Transfer, reason: str, *, user: Any = None, date: dt.date | None = None
) -> Transfer:
    """Cancel a transfer with a reversing entry (the negative amount); history is never edited."""
    reason = (reason or "").strip()
    what = f"reversal of transfer {transfer.pk}"
    if not reason:
        _refuse(
            TransferRefused,
            _("Say why the transfer is reversed (a reason is required)."),
            "reason",
            user=user,
            what=what,
        )
    if transfer.reverses_id is not None:
        _refuse(
            TransferRefused,
            _("A reversing entry cannot itself be reversed."),
            "reversal",
            user=user,
            what=what,
        )
    with transaction.atomic():
        ProjectApproval.objects.select_for_update().filter(project_id=transfer.project_id).first()
        list(
            Tranche.objects.select_for_update()
            .filter(project_id=transfer.project_id)
            .order_by("number")
        )
        if Transfer.objects.filter(reverses_id=transfer.pk).exists():
            _refuse(
                TransferRefused,
                _("This transfer is already reversed."),
                "already",
                user=user,
                what=what,
            )
        reversal = Transfer(
            tranche_id=transfer.tranche_id,
            project_id=transfer.project_id,
            date=date or transfer.date,
            amount=-transfer.amount,
            reference=transfer.reference,
            reverses=transfer,
            reason=reason,
            created_by=user,
        )
        _stamp(reversal, user, reason)
        reversal.save()
    return reversal


# --- budget lines and spending -----------------------------------------------------------


def budget_line_add(
    project: Project,
    *,
    name: str,
    category: str,
    planned_amount: Decimal | int | str,
    activity: Any = None,
    user: Any = None,
) -> BudgetLine:
    """Add a line to a project's budget (by category, optionally for one activity)."""
    value = _money(planned_amount)
    what = f"budget line of {project.code}"
    if value < 0:
        _refuse(
            TrancheRefused, _("The amount cannot be negative."), "negative", user=user, what=what
        )
    if activity is not None and activity.plan.project_id != project.pk:
        _refuse(
            TrancheRefused, _("The activity belongs to another project."), "activity",
            user=user, what=what,
        )  # fmt: skip
    line = BudgetLine(
        project=project, activity=activity, name=name, category=category, planned_amount=value
    )
    _stamp(line, user)
    with transaction.atomic():
        line.save()
    return line


def expenditure_record(
    budget_line: BudgetLine,
    *,
    amount: Decimal | int | str,
    date: dt.date,
    description: str = "",
    reference: str = "",
    user: Any = None,
) -> Expenditure:
    """Record money spent against a budget line (more than zero; overspending is shown, not refused)."""
    value = _money(amount)
    if value <= 0:
        _refuse(
            TransferRefused, _("An expenditure must be more than zero baht."), "not_positive",
            user=user, what=f"expenditure on budget line {budget_line.pk}",
        )  # fmt: skip
    spent = Expenditure(
        budget_line=budget_line,
        amount=value,
        date=date,
        description=description,
        reference=reference,
        created_by=user,
    )
    _stamp(spent, user)
    with transaction.atomic():
        spent.save()
    return spent


__all__ = [
    "budget_frame_create",
    "budget_frame_revise",
    "budget_line_add",
    "committee_create",
    "decision_record",
    "expenditure_record",
    "frame_for",
    "meeting_create",
    "project_approve",
    "tranche_amount_set",
    "tranche_policy_set",
    "tranche_schedule_generate",
    "tranche_transfer",
    "transfer_reverse",
]

"""Every write of indicators, targets and results: one function per change, in a transaction.

Views, the importer, the CLI and the demo call these; nothing else writes these models. Each
function checks the acting user through ``tidtam.accounts.access`` and the review steps against
the one transition table ``tidtam.projects.review.REVIEW_TRANSITIONS``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.areas.models import Province, Region
from tidtam.audit.services import ReasonRequired, reason_required
from tidtam.projects.review import check_transition
from tidtam.results.models import (
    Indicator,
    IndicatorKind,
    Result,
    ReviewStatus,
    Target,
    TargetRevision,
)

__all__ = [
    "ReasonRequired",
    "code_sort_key",
    "indicator_save",
    "result_approve",
    "result_return",
    "result_save",
    "result_submit",
    "result_unlock",
    "target_revise",
    "target_set",
]

INDICATOR_FIELDS = (
    "level",
    "programme",
    "organisation",
    "project",
    "code",
    "name",
    "unit",
    "kind",
    "base",
    "direction",
    "owner",
    "colour_rule",
    "red_below",
    "green_above",
    "pass_rule",
    "source",
    "parent",
    "regions",
    "description",
    "is_active",
)


def code_sort_key(code: str) -> str:
    """Return a key that sorts indicator codes as numbers: "1.2" < "1.10" < "4.1(1)" < "4.1(2)"."""
    parts = re.findall(r"\d+|\D+", code.strip())
    return "".join(p.zfill(6) if p.isdigit() else p for p in parts)[:120]


def _may_manage(user: Any, obj: Any) -> bool:
    return access.can(user, Action.MANAGE_INDICATORS, obj)


def _require_manage_anywhere(user: Any) -> None:
    if not access.may_anywhere(user, Action.MANAGE_INDICATORS):
        raise PermissionDenied


@transaction.atomic
def indicator_save(user: Any, indicator: Indicator | None = None, **fields: Any) -> Indicator:
    """Create an indicator, or change ``indicator``, with ``fields``; analysts only (MANAGE_INDICATORS).

    The code's sort key is refreshed; the row is validated (``full_clean``) before it is saved.
    ``regions`` (the regions that report it) replaces the current set when given.
    """
    _require_manage_anywhere(user)
    if indicator is None:
        indicator = Indicator()
    else:
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if not _may_manage(user, indicator):
            raise PermissionDenied
    regions = fields.pop("regions", None)
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise TypeError(f"indicator_save: unknown field {name!r}")
        setattr(indicator, name, value)
    indicator.sort_key = code_sort_key(indicator.code)
    indicator.full_clean()
    indicator.save()
    if regions is not None:
        indicator.regions.set(regions)
    if not _may_manage(user, indicator):
        raise PermissionDenied  # rolls back: created outside the user's scope
    return indicator


def _check_quarter(quarter: int, *, allow_annual: bool) -> None:
    if quarter not in ((0, 1, 2, 3, 4) if allow_annual else (1, 2, 3, 4)):
        raise ValidationError(_("The quarter must be 1 to 4 (0 = the whole year)."))


@transaction.atomic
def target_set(
    user: Any,
    indicator: Indicator,
    fiscal_year: int,
    quarter: int,
    value: Decimal,
    *,
    region: Region | None = None,
    province: Province | None = None,
    milestone: str = "",
) -> Target:
    """Set a target that has no value yet (or whose value does not change); analysts only.

    Changing an existing value is a revision: use :func:`target_revise` (it needs a reason).
    """
    _check_quarter(quarter, allow_annual=True)
    if not _may_manage(user, indicator):
        raise PermissionDenied
    target = (
        Target.objects.select_for_update()
        .filter(
            indicator=indicator,
            fiscal_year=fiscal_year,
            quarter=quarter,
            region=region,
            province=province,
        )
        .first()
    )
    if target is None:
        target = Target(
            indicator=indicator,
            fiscal_year=fiscal_year,
            quarter=quarter,
            region=region,
            province=province,
        )
    elif target.value != value:
        raise ReasonRequired(_("Changing a target is a revision: give the reason."))
    target.value = value
    target.milestone = milestone
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_revise(
    user: Any,
    target: Target,
    new_value: Decimal,
    *,
    reason: str,
    approver: str,
    revised_on: dt.date | None = None,
) -> TargetRevision:
    """Change a target's value, keeping the old value, the new value, the date, the approver and the reason.

    Refuses (``ReasonRequired``) a blank reason and (``ValidationError``) a blank approver or an
    unchanged value; nothing is written then.
    """
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target.pk)
    if not _may_manage(user, target.indicator):
        raise PermissionDenied
    reason = reason_required(target, reason)
    if not (approver or "").strip():
        raise ValidationError({"approver": _("Say who approved the revision.")})
    if new_value == target.value:
        raise ValidationError({"new_value": _("The new target is the same as the old one.")})
    revision = TargetRevision(
        target=target,
        old_value=target.value,
        new_value=new_value,
        revised_on=revised_on or timezone.localdate(),
        approver=approver.strip(),
        reason=reason,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    revision.full_clean()
    target.value = new_value
    target.save()
    revision.save()
    return revision


def _may_enter(user: Any, result: Result) -> bool:
    return access.can(user, Action.CHANGE, result) or _may_manage(user, result)


def _may_review(user: Any, result: Result) -> bool:
    return access.can(user, Action.REVIEW, result) or _may_manage(user, result)


@transaction.atomic
def result_save(
    user: Any,
    indicator: Indicator,
    fiscal_year: int,
    quarter: int,
    *,
    value: Decimal | None,
    region: Region | None = None,
    province: Province | None = None,
    narrative: str = "",
    next_steps: str = "",
    problems: str = "",
    status: str = ReviewStatus.DRAFT,
) -> Result:
    """Record (create or change) a quarter's result for the responsible unit, as a draft.

    A submitted or approved result cannot be changed (return or unlock it first). Results of a
    composite or of an indicator computed from Tidtam's data are not typed in. ``status`` may be
    APPROVED only for analysts recording head-office results (the importer).
    """
    _check_quarter(quarter, allow_annual=False)
    if indicator.kind == IndicatorKind.COMPOSITE:
        raise ValidationError(_("A composite indicator adds up its components' results."))
    if indicator.source:
        raise ValidationError(_("This indicator's results are computed from Tidtam's data."))
    result = (
        Result.objects.select_for_update()
        .filter(
            indicator=indicator,
            fiscal_year=fiscal_year,
            quarter=quarter,
            region=region,
            province=province,
        )
        .first()
    )
    if result is None:
        result = Result(
            indicator=indicator,
            fiscal_year=fiscal_year,
            quarter=quarter,
            region=region,
            province=province,
        )
    elif result.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        if status == ReviewStatus.APPROVED and _may_manage(user, result):
            pass  # the importer re-recording an approved head-office result
        else:
            raise ValidationError(
                _("This result is %(status)s and cannot be changed.")
                % {"status": result.get_status_display()}
            )
    result.value = value
    result.narrative = narrative
    result.next_steps = next_steps
    result.problems = problems
    result.entered_by = user if getattr(user, "pk", None) else None
    if status == ReviewStatus.APPROVED:
        result.status = ReviewStatus.APPROVED
        result.reviewed_by = result.entered_by
        result.reviewed_at = timezone.now()
    result.full_clean()
    result.save()
    allowed = _may_manage(user, result) if status == ReviewStatus.APPROVED else None
    if allowed is False or (allowed is None and not _may_enter(user, result)):
        raise PermissionDenied  # rolls back the save
    return result


def _move(user: Any, result: Result, target: str, *, reviewer: bool) -> Result:
    locked = Result.objects.select_for_update().get(pk=result.pk)
    if not (_may_review(user, locked) if reviewer else _may_enter(user, locked)):
        raise PermissionDenied
    check_transition(locked.status, target)
    locked.status = target
    return locked


@transaction.atomic
def result_submit(user: Any, result: Result) -> Result:
    """Send a draft or returned result for review."""
    locked = _move(user, result, ReviewStatus.SUBMITTED, reviewer=False)
    if locked.value is None:
        raise ValidationError(_("Enter the result before submitting it."))
    locked.submitted_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def result_return(user: Any, result: Result, comment: str) -> Result:
    """Return a submitted result to the responsible unit with a comment (required)."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    locked = _move(user, result, ReviewStatus.RETURNED, reviewer=True)
    locked.review_comment = comment.strip()
    locked.reviewed_by = user
    locked.reviewed_at = timezone.now()
    locked._change_reason = comment.strip()  # type: ignore[attr-defined]
    locked.save()
    return locked


@transaction.atomic
def result_approve(user: Any, result: Result) -> Result:
    """Approve a submitted result: it counts in reports from now on and is locked against change."""
    locked = _move(user, result, ReviewStatus.APPROVED, reviewer=True)
    if locked.entered_by_id is not None and locked.entered_by_id == getattr(user, "pk", None):
        raise PermissionDenied(_("A result is approved by someone other than who entered it."))
    locked.reviewed_by = user
    locked.reviewed_at = timezone.now()
    locked.review_comment = ""
    locked.save()
    return locked


@transaction.atomic
def result_unlock(user: Any, result: Result, reason: str) -> Result:
    """Unlock an approved result back to draft (reviewers only, with a reason)."""
    locked = _move(user, result, ReviewStatus.DRAFT, reviewer=True)
    reason_required(locked, reason)
    locked.review_comment = reason.strip()
    locked.save()
    return locked

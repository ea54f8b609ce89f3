"""Every write of the projects core: one explicit function per change.

Each service runs in a transaction, locks what it changes, checks the status against one
transition table (``PROJECT_TRANSITIONS`` here, ``review.REVIEW_TRANSITIONS`` for sessions and
reporting periods), records who/when/why in the audit history (django-simple-history via
``_history_user`` / ``_change_reason``), and queues notifications with ``on_commit``.

Permissions are the caller's job (``tidtam.accounts.access``), except ``evidence_open``.
Domain errors are ``ValidationError`` subclasses (``tidtam.projects.errors``): nothing is
changed when one is raised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidtam.accounts import access
from tidtam.notifications.services import notify_on_commit
from tidtam.projects import calculations
from tidtam.projects.errors import (
    EvidenceRefused,
    PlanLocked,
    ReasonRequired,
    SessionLocked,
    TransitionNotAllowed,
)
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    Activity,
    ActivityMonth,
    AgendaItem,
    ChangeRequest,
    ChangeRequestStatus,
    CountSource,
    Evidence,
    EvidenceKind,
    OutputAchieved,
    ParticipantCount,
    PlannedOutput,
    Programme,
    Project,
    ProjectStatus,
    ProjectTargetGroup,
    ProjectTeamMember,
    ReportingPeriod,
    ReviewComment,
    ReviewStatus,
    Session,
    WorkPlan,
)
from tidtam.projects.review import check_transition
from tidtam.projects.selectors import (  # re-exported: the predicates views ask before acting
    change_request_may_decide,
    period_may,
    plan_is_frozen,
    session_is_locked,
)
from tidtam.thai.dates import format_date

M = TypeVar("M", bound=models.Model)

# --- helpers ------------------------------------------------------------------------------------


def _save(obj: M, user: Any, reason: str = "") -> M:
    """Validate and save ``obj``, stamping the history row with who and why."""
    obj.full_clean(validate_constraints=False)
    obj._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()
    return obj


def _set(obj: models.Model, fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(obj, name, value)


def _url(name: str, **kwargs: Any) -> str:
    """Return the page of a notification's object (every notification links to its record)."""
    return reverse(name, kwargs=kwargs)


def _notify(users: Any, text: Callable[[], str], url: str) -> None:
    """Queue a notification after commit, written in the site's language (Thai) whoever acts:
    ``text`` is called with that language active."""
    with translation.override(settings.LANGUAGE_CODE):
        message = text()
    notify_on_commit(users, message, url)


def _lock(model: type[M], pk: Any) -> M:
    return model._default_manager.select_for_update().get(pk=pk)


# --- Programmes and projects --------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "code",
    "name",
    "funder",
    "funder_line",
    "owner",
    "region",
    "first_fiscal_year",
    "last_fiscal_year",
    "reporting_period_months",
    "description",
)
PROJECT_FIELDS = (
    "programme",
    "code",
    "agreement_number",
    "title",
    "level",
    "phase",
    "proposing_organisation",
    "implementing_organisation",
    "province",
    "cities",
    "start_date",
    "end_date",
    "objectives",
    "expected_results",
)
PROJECT_M2M = ("working_provinces", "working_subdistricts", "communities")


@transaction.atomic
def programme_create(*, user: Any, **fields: Any) -> Programme:
    """Create a programme."""
    programme = Programme()
    _set(programme, fields, PROGRAMME_FIELDS)
    return _save(programme, user)


@transaction.atomic
def programme_update(programme: Programme, *, user: Any, **fields: Any) -> Programme:
    """Change a programme's fields."""
    programme = _lock(Programme, programme.pk)
    _set(programme, fields, PROGRAMME_FIELDS)
    return _save(programme, user)


@transaction.atomic
def project_create(*, user: Any, **fields: Any) -> Project:
    """Create a project in draft; ``working_provinces``/``working_subdistricts``/``communities``
    may be given as lists."""
    m2m = {name: fields.pop(name) for name in PROJECT_M2M if name in fields}
    project = Project(status=ProjectStatus.DRAFT)
    _set(project, fields, PROJECT_FIELDS)
    _save(project, user)
    for name, values in m2m.items():
        getattr(project, name).set(values)
    return project


@transaction.atomic
def project_update(project: Project, *, user: Any, **fields: Any) -> Project:
    """Change a project's descriptive fields (not its status: see ``project_transition``)."""
    project = _lock(Project, project.pk)
    m2m = {name: fields.pop(name) for name in PROJECT_M2M if name in fields}
    _set(project, fields, PROJECT_FIELDS)
    _save(project, user)
    for name, values in m2m.items():
        getattr(project, name).set(values)
    return project


# The one table of project status moves.
PROJECT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ProjectStatus.DRAFT: frozenset({ProjectStatus.PROPOSED, ProjectStatus.CANCELLED}),
    ProjectStatus.PROPOSED: frozenset(
        {ProjectStatus.APPROVED, ProjectStatus.RETURNED, ProjectStatus.CANCELLED}
    ),
    ProjectStatus.RETURNED: frozenset({ProjectStatus.PROPOSED, ProjectStatus.CANCELLED}),
    ProjectStatus.APPROVED: frozenset({ProjectStatus.ACTIVE, ProjectStatus.CANCELLED}),
    ProjectStatus.ACTIVE: frozenset({ProjectStatus.CLOSED, ProjectStatus.CANCELLED}),
    ProjectStatus.CLOSED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}
# Statuses in which the plan may be edited directly; later only through a change request.
PLAN_EDITABLE = frozenset({ProjectStatus.DRAFT, ProjectStatus.RETURNED})
_REASON_NEEDED = frozenset({ProjectStatus.RETURNED, ProjectStatus.CANCELLED})


@transaction.atomic
def project_transition(project: Project, target: str, *, user: Any, reason: str = "") -> Project:
    """Move a project along ``PROJECT_TRANSITIONS``; returning and cancelling need a reason."""
    project = _lock(Project, project.pk)
    check_transition(project.status, target, PROJECT_TRANSITIONS)
    if target in _REASON_NEEDED and not reason.strip():
        raise ReasonRequired()
    project.status = target
    _save(project, user, reason)
    return project


@transaction.atomic
def team_member_add(
    project: Project, *, user: Any, person: Any, role: str, organisation: Any = None
) -> ProjectTeamMember:
    """Add a person with their role to the project's team (seed 000's role table)."""
    position = project.team_members.count() + 1
    member = ProjectTeamMember(
        project=project, person=person, role=role, organisation=organisation, position=position
    )
    return _save(member, user)


@transaction.atomic
def target_group_add(
    project: Project, *, user: Any, description: str, count: int | None = None, unit: str = ""
) -> ProjectTargetGroup:
    """Add a target group with its planned count."""
    return _save(
        ProjectTargetGroup(project=project, description=description, count=count, unit=unit), user
    )


# --- Plans and activities -----------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "number",
    "budget_number",
    "title",
    "planned_start",
    "planned_end",
    "planned_sessions",
    "budget_line_reference",
    "rescheduled_reason",
    "progress_note",
)


def _require_plan_editable(project: Project) -> None:
    if project.status not in PLAN_EDITABLE:
        raise PlanLocked()


def _position(number: str) -> int:
    """Return a sort key for "1.2" / "10" / "2.10" (each part up to 999)."""
    parts = [int(p) for p in re.findall(r"\d+", number)[:3]] + [0, 0, 0]
    return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]


@transaction.atomic
def work_plan_save(
    project: Project,
    *,
    user: Any,
    number: int,
    title: str,
    budget_plan_reference: str = "",
    plan: WorkPlan | None = None,
) -> WorkPlan:
    """Create (``plan=None``) or change a work plan; refused once the project is approved."""
    project = _lock(Project, project.pk)
    _require_plan_editable(project)
    plan = plan or WorkPlan(project=project)
    plan.number, plan.title, plan.budget_plan_reference = number, title, budget_plan_reference
    return _save(plan, user)


def _set_months(activity: Activity, months: Iterable[Sequence[int]], *, rescheduled: bool) -> None:
    wanted = {(int(y), int(m)) for y, m in months}
    existing = {(am.year, am.month): am for am in activity.months.filter(rescheduled=rescheduled)}
    for key, am in existing.items():
        if key not in wanted:
            am.delete()
    for y, m in sorted(wanted - set(existing)):
        if y > 2400:
            raise ValidationError(_("Months must be given in CE years."), code="be_year")
        row = ActivityMonth(activity=activity, year=y, month=m, rescheduled=rescheduled)
        row.full_clean()
        row.save()


def _activity_apply(
    activity: Activity,
    user: Any,
    fields: Mapping[str, Any],
    months: Iterable[Sequence[int]] | None,
    rescheduled_months: Iterable[Sequence[int]] | None,
    reason: str = "",
) -> Activity:
    _set(activity, fields, ACTIVITY_FIELDS)
    activity.position = _position(activity.number)
    _save(activity, user, reason)
    if months is not None:
        _set_months(activity, months, rescheduled=False)
    if rescheduled_months is not None:
        _set_months(activity, rescheduled_months, rescheduled=True)
    return activity


@transaction.atomic
def activity_save(
    plan: WorkPlan,
    *,
    user: Any,
    activity: Activity | None = None,
    months: Iterable[Sequence[int]] | None = None,
    rescheduled_months: Iterable[Sequence[int]] | None = None,
    **fields: Any,
) -> Activity:
    """Create or change an activity with its planned months ((CE year, month) pairs).

    Refused (``PlanLocked``) once the project is approved: use ``change_request_submit``.
    """
    project = _lock(Project, plan.project_id)
    _require_plan_editable(project)
    activity = activity or Activity(plan=plan)
    return _activity_apply(activity, user, fields, months, rescheduled_months)


@transaction.atomic
def planned_output_save(
    activity: Activity,
    *,
    user: Any,
    description: str,
    quantity: Decimal | int | None = None,
    unit: str = "",
    output: PlannedOutput | None = None,
) -> PlannedOutput:
    """Create or change a planned output; refused once the project is approved."""
    _require_plan_editable(_lock(Project, activity.plan.project_id))
    output = output or PlannedOutput(
        activity=activity, position=activity.planned_outputs.count() + 1
    )
    output.description, output.unit = description, unit
    output.quantity = Decimal(quantity) if quantity is not None else None
    return _save(output, user)


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    """Return the activity's plan as JSON-able data (the change request's "old plan")."""
    months = list(activity.months.all())
    return {
        "plan": activity.plan.number,
        "number": activity.number,
        "budget_number": activity.budget_number,
        "title": activity.title,
        "planned_start": activity.planned_start.isoformat() if activity.planned_start else None,
        "planned_end": activity.planned_end.isoformat() if activity.planned_end else None,
        "planned_sessions": activity.planned_sessions,
        "budget_line_reference": activity.budget_line_reference,
        "rescheduled_reason": activity.rescheduled_reason,
        "months": [[am.year, am.month] for am in months if not am.rescheduled],
        "rescheduled_months": [[am.year, am.month] for am in months if am.rescheduled],
    }


_CHANGE_KEYS = frozenset(
    {
        "plan",
        "number",
        "budget_number",
        "title",
        "planned_start",
        "planned_end",
        "planned_sessions",
        "budget_line_reference",
        "rescheduled_reason",
        "months",
        "rescheduled_months",
    }
)


@transaction.atomic
def change_request_submit(
    project: Project,
    *,
    user: Any,
    reason: str,
    new_plan: Mapping[str, Any],
    activity: Activity | None = None,
) -> ChangeRequest:
    """Ask for a change of an activity (or, with ``activity=None``, a new activity).

    ``new_plan`` holds only the keys that change (see ``activity_snapshot`` for the keys;
    months as [[CE year, month], ...]; a new activity needs "plan" (number), "number",
    "title"). Nothing changes until ``change_request_approve``.
    """
    if not reason.strip():
        raise ReasonRequired()
    unknown = set(new_plan) - _CHANGE_KEYS
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if activity is None and not {"plan", "number", "title"} <= set(new_plan):
        raise ValidationError(_("A new activity needs a plan, a number and a title."))
    if activity is not None and activity.plan.project_id != project.pk:
        raise ValidationError(_("The activity is not in this project."))
    old = activity_snapshot(activity) if activity is not None else {}
    new = {**old, **{k: _jsonable(v) for k, v in new_plan.items()}}
    cr = ChangeRequest(
        project=project,
        activity=activity,
        old_plan=old,
        new_plan=new,
        reason=reason,
        requested_by=user if getattr(user, "pk", None) else None,
        requested_at=timezone.now(),
    )
    _save(cr, user, reason)
    _notify(
        reviewers_of(project),
        lambda: (
            _("Change request for project %(code)s: %(reason)s")
            % {"code": project.code, "reason": reason[:200]}
        ),
        _url("projects:change_request", pk=cr.pk),
    )
    return cr


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _pending(cr: ChangeRequest) -> ChangeRequest:
    cr = _lock(ChangeRequest, cr.pk)
    if cr.status != ChangeRequestStatus.PENDING:
        raise TransitionNotAllowed(cr.status, "decided")
    return cr


@transaction.atomic
def change_request_approve(cr: ChangeRequest, *, user: Any, note: str = "") -> ChangeRequest:
    """Approve a pending change request and apply it to the plan (funder side / area officer).

    The activity's history gets a row with the new plan and the change request as reason;
    the change request keeps the old and the new plan.
    """
    cr = _pending(cr)
    new = dict(cr.new_plan)
    fields = {k: new[k] for k in ACTIVITY_FIELDS if k in new}
    for key in ("planned_start", "planned_end"):
        if fields.get(key):
            fields[key] = dt.date.fromisoformat(fields[key])
    reason = _("Change request #%(id)s: %(reason)s") % {"id": cr.pk, "reason": cr.reason}
    if cr.activity_id is not None:
        activity = _lock(Activity, cr.activity_id)
    else:
        plan = WorkPlan.objects.get(project=cr.project_id, number=new["plan"])
        activity = Activity(plan=plan)
    _activity_apply(
        activity, user, fields, new.get("months"), new.get("rescheduled_months"), reason
    )
    cr.activity = activity
    cr.status = ChangeRequestStatus.APPROVED
    cr.decided_by = user if getattr(user, "pk", None) else None
    cr.decided_at = timezone.now()
    cr.decision_note = note
    _save(cr, user, note)
    if cr.requested_by is not None:
        _notify(
            cr.requested_by,
            lambda: _("Your change request was approved."),
            _url("projects:change_request", pk=cr.pk),
        )
    return cr


@transaction.atomic
def change_request_reject(cr: ChangeRequest, *, user: Any, note: str) -> ChangeRequest:
    """Reject a pending change request (a note is required); the plan is unchanged."""
    if not note.strip():
        raise ReasonRequired()
    cr = _pending(cr)
    cr.status = ChangeRequestStatus.REJECTED
    cr.decided_by = user if getattr(user, "pk", None) else None
    cr.decided_at = timezone.now()
    cr.decision_note = note
    _save(cr, user, note)
    if cr.requested_by is not None:
        _notify(
            cr.requested_by,
            lambda: _("Your change request was rejected: %(note)s") % {"note": note},
            _url("projects:change_request", pk=cr.pk),
        )
    return cr


# --- Sessions -----------------------------------------------------------------------------------

SESSION_FIELDS = (
    "activity",
    "budget_category",
    "title",
    "number",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "opened_at",
    "closed_at",
    "place",
    "subdistrict",
    "community",
    "purpose",
    "expected_result",
    "activities_done",
    "results",
    "problems",
    "solutions",
    "source_text",
    "source_key",
)
_NESTED = ("counts", "participants", "agenda_items", "outputs")


def locked_period_for(project_id: int, day: dt.date | None) -> ReportingPeriod | None:
    """Return the approved (locked) reporting period of the project covering ``day``."""
    if day is None:
        return None
    return (
        ReportingPeriod.objects.filter(
            project_id=project_id, status=ReviewStatus.APPROVED, start__lte=day, end__gte=day
        )
        .order_by("start")
        .first()
    )


def _check_counts(counts: Mapping[str, Any], number: int | None, activity: Activity | None) -> None:
    errors = calculations.participant_errors(
        counts, number=number, planned_sessions=activity.planned_sessions if activity else None
    )
    if errors:
        raise ValidationError(errors)


def _write_counts(
    session: Session, user: Any, by_source: Mapping[str, Mapping[str, Any]], reason: str = ""
) -> None:
    for source, values in by_source.items():
        CountSource(source)  # refuse an unknown source
        unknown = set(values) - set(PARTICIPANT_FIELDS) - {"others_label"}
        if unknown:
            raise ValidationError(
                _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
        row = ParticipantCount.objects.filter(session=session, source=source).first()
        row = row or ParticipantCount(session=session, source=source)
        for name in PARTICIPANT_FIELDS:
            setattr(row, name, values.get(name))
        row.others_label = values.get("others_label", "") or ""
        _save(row, user, reason)


def _write_agenda(session: Session, user: Any, items: Sequence[Mapping[str, Any]]) -> None:
    for old in session.agenda_items.all():
        old._history_user = user  # type: ignore[attr-defined]
        old.delete()
    for i, item in enumerate(items, start=1):
        _save(
            AgendaItem(
                session=session,
                number=item.get("number") or i,
                title=item["title"],
                summary=item.get("summary", ""),
            ),
            user,
        )


def _write_outputs(session: Session, user: Any, outputs: Sequence[Mapping[str, Any]]) -> None:
    for old in session.outputs.all():
        old._history_user = user  # type: ignore[attr-defined]
        old.delete()
    for item in outputs:
        planned = item.get("planned_output")
        if planned is not None and not isinstance(planned, PlannedOutput):
            planned = PlannedOutput.objects.get(pk=planned)
        if planned is not None and planned.activity.plan.project_id != session.project_id:
            raise ValidationError(_("The planned output is not in this project."))
        quantity = item.get("quantity")
        _save(
            OutputAchieved(
                session=session,
                planned_output=planned,
                description=item.get("description", ""),
                quantity=Decimal(quantity) if quantity is not None else None,
            ),
            user,
        )


def _resolve_activity(project: Project, value: Any) -> Activity | None:
    if value is None or value == "":
        return None
    activity = value if isinstance(value, Activity) else Activity.objects.get(pk=value)
    if activity.plan.project_id != project.pk:
        raise ValidationError({"activity": _("The activity is not in this project.")})
    return activity


@transaction.atomic
def session_record(
    project: Project,
    data: Mapping[str, Any],
    *,
    user: Any,
    idempotency_key: str | None = None,
    imported: bool = False,
) -> Session:
    """Record a held session (or an unplanned record) with its counts, agenda and outputs.

    ``data`` holds ``SESSION_FIELDS`` plus optional nested data:
    ``participants`` (typed counts, stored with source "entry"), ``counts`` ({source: counts}),
    ``agenda_items`` ([{number, title, summary}]), ``outputs``
    ([{planned_output, description, quantity}]).

    Typed data (``imported=False``) is checked with ``calculations.participant_errors`` and
    refused with field errors; imported data is stored as given (flagged later by
    ``participant_inconsistencies``). A known ``idempotency_key`` (or a known ``source_key`` in
    the project) returns the existing session unchanged: never a duplicate. The returned
    session's ``was_created`` says which happened. Refused (``SessionLocked``) when its date is
    in an approved reporting period.
    """
    if idempotency_key:
        existing = Session.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.project_id != project.pk:
                raise ValidationError(_("This idempotency key belongs to another project."))
            existing.was_created = False  # type: ignore[attr-defined]
            return existing
    source_key = data.get("source_key")
    if source_key:
        existing = Session.objects.filter(project=project, source_key=source_key).first()
        if existing is not None:
            existing.was_created = False  # type: ignore[attr-defined]
            return existing
    fields = {k: v for k, v in data.items() if k not in _NESTED}
    fields["activity"] = _resolve_activity(project, fields.get("activity"))
    session = Session(project=project, idempotency_key=idempotency_key or None)
    _set(session, fields, SESSION_FIELDS)
    session.recorded_by = user if getattr(user, "pk", None) else None
    if locked_period_for(project.pk, session.start_date) is not None:
        raise SessionLocked()
    by_source: dict[str, Mapping[str, Any]] = dict(data.get("counts") or {})
    if data.get("participants") is not None:
        by_source[CountSource.ENTRY] = data["participants"]
    if not imported:
        entry = by_source.get(CountSource.ENTRY, {})
        _check_counts(entry, session.number, session.activity)
    try:
        with transaction.atomic():
            _save(session, user)
    except IntegrityError:
        # Two sends of the same draft raced: the other one won; return it.
        if idempotency_key:
            existing = Session.objects.get(idempotency_key=idempotency_key)
            existing.was_created = False  # type: ignore[attr-defined]
            return existing
        raise
    _write_counts(session, user, by_source)
    if data.get("agenda_items"):
        _write_agenda(session, user, data["agenda_items"])
    if data.get("outputs"):
        _write_outputs(session, user, data["outputs"])
    session.was_created = True  # type: ignore[attr-defined]
    return session


def _require_unlocked(session: Session, *days: dt.date | None) -> None:
    for day in (session.start_date, *days):
        if locked_period_for(session.project_id, day) is not None:
            raise SessionLocked()
    if session.status == ReviewStatus.APPROVED:
        raise SessionLocked()


@transaction.atomic
def session_update(
    session: Session, data: Mapping[str, Any], *, user: Any, imported: bool = False
) -> Session:
    """Change a session; refused (``SessionLocked``, nothing changed) when it is locked.

    A session is locked when it is approved or its old or new date is in an approved
    reporting period. Nested ``participants``/``counts``/``agenda_items``/``outputs`` replace
    what was there when given.
    """
    session = _lock(Session, session.pk)
    fields = {k: v for k, v in data.items() if k not in _NESTED}
    _require_unlocked(session, fields.get("start_date"))
    if "activity" in fields:
        fields["activity"] = _resolve_activity(session.project, fields["activity"])
    _set(session, fields, SESSION_FIELDS)
    by_source: dict[str, Mapping[str, Any]] = dict(data.get("counts") or {})
    if data.get("participants") is not None:
        by_source[CountSource.ENTRY] = data["participants"]
    if not imported:
        entry = by_source.get(CountSource.ENTRY)
        if entry is None:
            current = session.counts.filter(source=CountSource.ENTRY).first()
            entry = {k: getattr(current, k) for k in PARTICIPANT_FIELDS} if current else {}
        _check_counts(entry, session.number, session.activity)
    _save(session, user)
    _write_counts(session, user, by_source)
    if "agenda_items" in data:
        _write_agenda(session, user, data["agenda_items"] or [])
    if "outputs" in data:
        _write_outputs(session, user, data["outputs"] or [])
    return session


@transaction.atomic
def session_delete(session: Session, *, user: Any, reason: str) -> None:
    """Delete a session that is not locked; a reason is required and kept in the history."""
    if not reason.strip():
        raise ReasonRequired()
    session = _lock(Session, session.pk)
    _require_unlocked(session)
    session._history_user = user  # type: ignore[attr-defined]
    session._change_reason = reason  # type: ignore[attr-defined]
    session.delete()


# --- Evidence -----------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES_DEFAULT = 20 * 1024 * 1024

# (magic prefix, content type). Checked on the bytes, never on the name or the browser's claim.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),
)
_ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv"}
_MARKUP = re.compile(rb"<\s*(html|script|svg|body|iframe|!doctype)", re.IGNORECASE)


def sniff_content_type(head: bytes, filename: str) -> str | None:
    """Return the content type of an allowed file from its first bytes, or None (refused).

    Allowed: PDF, PNG, JPEG, GIF, WebP, HEIC, old Office (OLE), Office Open XML / OpenDocument
    (zip with a matching extension), plain UTF-8 text / CSV without markup. Never HTML or SVG.
    """
    ext = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image/heic"
    if head.startswith(b"PK\x03\x04") and ext in _ZIP_TYPES:
        return _ZIP_TYPES[ext]
    if ext in _TEXT_EXTENSIONS and b"\x00" not in head and not _MARKUP.search(head):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a cut multi-byte character at the end is fine
                return None
        return _TEXT_EXTENSIONS[ext]
    return None


@transaction.atomic
def evidence_add(session: Session, uploaded: Any, *, user: Any, kind: str) -> Evidence:
    """Attach a file to a session under a random name, after size and type checks.

    Refused (``EvidenceRefused``) when larger than ``settings.TIDTAM_EVIDENCE_MAX_BYTES``
    (20 MB by default), empty, or not of an allowed type (``sniff_content_type``);
    ``SessionLocked`` when the session is locked.
    """
    session = _lock(Session, session.pk)
    _require_unlocked(session)
    EvidenceKind(kind)
    limit = int(getattr(settings, "TIDTAM_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES_DEFAULT))
    size = int(uploaded.size or 0)
    if size == 0:
        raise EvidenceRefused(_("The file is empty."), code="empty")
    if size > limit:
        raise EvidenceRefused(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    name = str(getattr(uploaded, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    content_type = sniff_content_type(head, name)
    if content_type is None:
        raise EvidenceRefused(
            _(
                "This type of file is not accepted. Upload a PDF, a photo (JPEG, PNG, WebP, "
                "HEIC), an Office document or a text file."
            ),
            code="type",
        )
    evidence = Evidence(
        session=session,
        kind=kind,
        original_name=name[:255],
        content_type=content_type,
        size=size,
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    evidence.file.save("upload", uploaded, save=False)
    evidence._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    evidence.save()
    return evidence


def evidence_open(user: Any, evidence: Evidence) -> FileResponse:
    """Return the evidence file as a response that is safe to send.

    Checks VIEW access. Images are shown inline, everything else is an attachment; always
    ``X-Content-Type-Options: nosniff`` and a sandboxing CSP so nothing can run as a page.
    """
    access.require(user, access.Action.VIEW, evidence)
    inline = evidence.content_type.startswith("image/")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reporting periods and review ----------------------------------------------------------------


def reviewers_of(project: Project) -> list[Any]:
    """Return the active users who may REVIEW the project (the people who must act on a submit)."""
    roles = [
        role
        for role in access.Role
        if access.role_may(role, access.Action.REVIEW, access.DataKind.PROJECT)
    ]
    candidates = get_user_model().objects.filter(is_active=True, grants__role__in=roles).distinct()
    return [u for u in candidates if access.can(u, access.Action.REVIEW, project)]


@transaction.atomic
def reporting_period_create(
    project: Project, *, user: Any, start: dt.date, end: dt.date
) -> ReportingPeriod:
    """Open a reporting period; refused when it overlaps another period of the project."""
    if end < start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    _lock(Project, project.pk)
    if ReportingPeriod.objects.filter(project=project, start__lte=end, end__gte=start).exists():
        raise ValidationError(_("This period overlaps another reporting period of the project."))
    return _save(ReportingPeriod(project=project, start=start, end=end), user)


def _period_sessions(period: ReportingPeriod) -> models.QuerySet[Session]:
    """Sessions of the period: those starting within its dates."""
    return Session.objects.filter(
        project_id=period.project_id, start_date__gte=period.start, start_date__lte=period.end
    )


def _move_sessions(
    period: ReportingPeriod, user: Any, from_statuses: Iterable[str], target: str, reason: str = ""
) -> None:
    for session in (
        _period_sessions(period).filter(status__in=list(from_statuses)).select_for_update()
    ):
        check_transition(session.status, target)
        session.status = target
        _save(session, user, reason)


@transaction.atomic
def reporting_period_submit(period: ReportingPeriod, *, user: Any) -> ReportingPeriod:
    """Submit a period for review: the period and its draft/returned sessions become submitted.

    Notifies the users who may review the project.
    """
    period = _lock(ReportingPeriod, period.pk)
    check_transition(period.status, ReviewStatus.SUBMITTED)
    _move_sessions(
        period, user, (ReviewStatus.DRAFT, ReviewStatus.RETURNED), ReviewStatus.SUBMITTED
    )
    period.status = ReviewStatus.SUBMITTED
    period.submitted_by = user if getattr(user, "pk", None) else None
    period.submitted_at = timezone.now()
    _save(period, user)
    project = period.project
    _notify(
        reviewers_of(project),
        lambda: (
            _("Project %(code)s submitted its report for %(start)s – %(end)s: please review.")
            % {
                "code": project.code,
                "start": format_date(period.start),
                "end": format_date(period.end),
            }
        ),
        _url("projects:period", pk=period.pk),
    )
    return period


@transaction.atomic
def reporting_period_return(
    period: ReportingPeriod,
    *,
    user: Any,
    comments: Sequence[Mapping[str, Any]] | Mapping[Any, str],
) -> ReportingPeriod:
    """Return a submitted period with comments per item; commented sessions become returned.

    ``comments`` is a list of {"text", optional "session" (Session or id), optional "item"}
    or a mapping {session id or None: text}. At least one non-empty comment is required.
    """
    items: list[dict[str, Any]]
    if isinstance(comments, Mapping):
        items = [{"session": k, "text": v} for k, v in comments.items()]
    else:
        items = [dict(c) for c in comments]
    items = [c for c in items if str(c.get("text", "")).strip()]
    if not items:
        raise ReasonRequired()
    period = _lock(ReportingPeriod, period.pk)
    check_transition(period.status, ReviewStatus.RETURNED)
    in_period = {s.pk: s for s in _period_sessions(period).select_for_update()}
    returned: set[int] = set()
    for c in items:
        session = c.get("session")
        session_id = session.pk if isinstance(session, Session) else session
        if session_id is not None and session_id not in in_period:
            raise ValidationError(_("The commented session is not in this reporting period."))
        _save(
            ReviewComment(
                period=period,
                session_id=session_id,
                item=c.get("item", ""),
                text=c["text"],
                author=user if getattr(user, "pk", None) else None,
            ),
            user,
        )
        if session_id is not None:
            returned.add(session_id)
    for session_id in sorted(returned):
        session = in_period[session_id]
        if session.status == ReviewStatus.SUBMITTED:
            session.status = ReviewStatus.RETURNED
            _save(session, user)
    period.status = ReviewStatus.RETURNED
    period.reviewed_by = user if getattr(user, "pk", None) else None
    period.reviewed_at = timezone.now()
    _save(period, user)
    if period.submitted_by is not None:
        _notify(
            period.submitted_by,
            lambda: (
                _("Your report for %(code)s was returned with %(n)s comment(s).")
                % {"code": period.project.code, "n": len(items)}
            ),
            _url("projects:period", pk=period.pk),
        )
    return period


@transaction.atomic
def reporting_period_approve(period: ReportingPeriod, *, user: Any) -> ReportingPeriod:
    """Approve a submitted period: it and its sessions become approved, i.e. locked."""
    period = _lock(ReportingPeriod, period.pk)
    check_transition(period.status, ReviewStatus.APPROVED)
    for session in _period_sessions(period).select_for_update():
        if session.status == ReviewStatus.DRAFT:
            # Recorded after the submit: it goes through submitted on its way to approved.
            check_transition(session.status, ReviewStatus.SUBMITTED)
            session.status = ReviewStatus.SUBMITTED
        if session.status != ReviewStatus.APPROVED:
            check_transition(session.status, ReviewStatus.APPROVED)
            session.status = ReviewStatus.APPROVED
            _save(session, user)
    for comment in ReviewComment.objects.filter(period=period, resolved=False):
        comment.resolved = True
        _save(comment, user)
    period.status = ReviewStatus.APPROVED
    period.reviewed_by = user if getattr(user, "pk", None) else None
    period.reviewed_at = timezone.now()
    _save(period, user)
    if period.submitted_by is not None:
        _notify(
            period.submitted_by,
            lambda: _("Your report for %(code)s was approved.") % {"code": period.project.code},
            _url("projects:period", pk=period.pk),
        )
    return period


@transaction.atomic
def reporting_period_unlock(period: ReportingPeriod, *, user: Any, reason: str) -> ReportingPeriod:
    """Unlock an approved period (reviewer; reason required and kept in the history).

    The period and its sessions go back to draft.
    """
    if not reason.strip():
        raise ReasonRequired()
    period = _lock(ReportingPeriod, period.pk)
    check_transition(period.status, ReviewStatus.DRAFT)
    _move_sessions(period, user, (ReviewStatus.APPROVED,), ReviewStatus.DRAFT, reason)
    period.status = ReviewStatus.DRAFT
    _save(period, user, reason)
    if period.submitted_by is not None:
        _notify(
            period.submitted_by,
            lambda: (
                _("Your report for %(code)s was unlocked: %(reason)s")
                % {"code": period.project.code, "reason": reason}
            ),
            _url("projects:period", pk=period.pk),
        )
    return period


@transaction.atomic
def review_comment_resolve(comment: ReviewComment, *, user: Any) -> ReviewComment:
    """Mark a review comment as dealt with."""
    comment = _lock(ReviewComment, comment.pk)
    comment.resolved = True
    return _save(comment, user)


__all__ = [
    "PROJECT_TRANSITIONS",
    "activity_save",
    "activity_snapshot",
    "change_request_approve",
    "change_request_may_decide",
    "change_request_reject",
    "change_request_submit",
    "evidence_add",
    "evidence_open",
    "locked_period_for",
    "period_may",
    "plan_is_frozen",
    "planned_output_save",
    "programme_create",
    "programme_update",
    "project_create",
    "project_transition",
    "project_update",
    "reporting_period_approve",
    "reporting_period_create",
    "reporting_period_return",
    "reporting_period_submit",
    "reporting_period_unlock",
    "review_comment_resolve",
    "reviewers_of",
    "session_delete",
    "session_is_locked",
    "session_record",
    "session_update",
    "sniff_content_type",
    "target_group_add",
    "team_member_add",
    "work_plan_save",
]

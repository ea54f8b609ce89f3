"""Reads of the projects core: scoped lists, the project page, Tables 1–3, review views.

Every selector that takes ``user`` scopes through ``tidtam.accounts.access``. The project page
is built in a fixed number of queries (pinned in tests/projects/test_project_page_queries.py):
rows are fetched once and grouped in Python; the arithmetic is ``calculations``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tidtam.accounts import access
from tidtam.projects import calculations as calc
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    Activity,
    ActivityMonth,
    ChangeRequest,
    ChangeRequestStatus,
    CountSource,
    OutputAchieved,
    ParticipantCount,
    PlannedOutput,
    Project,
    ProjectTeamMember,
    ReportingPeriod,
    ReviewComment,
    ReviewStatus,
    Session,
    WorkPlan,
)
from tidtam.thai import normalize_text

# Which source a table shows when a session has several: typed entry first, then the report.
SOURCE_PREFERENCE: tuple[str, ...] = (
    CountSource.ENTRY,
    CountSource.TABLE2,
    CountSource.SUMMARY_FORM,
    CountSource.IMPORT,
)
NONE_WORDS = frozenset({"", "-", "ไม่มี", "*", "ไม่มีปัญหา"})


# --- Lists ----------------------------------------------------------------------------------------


def project_list(
    user: Any,
    *,
    q: str = "",
    programme_id: int | None = None,
    status: str = "",
    province_code: str = "",
) -> QuerySet[Project]:
    """Return the projects the user may see, filtered; ``q`` matches code, title, implementer."""
    qs = Project.objects.select_related("programme", "implementing_organisation", "province")
    if q.strip():
        text = normalize_text(q.strip())
        qs = qs.filter(
            Q(code__icontains=text)
            | Q(title__icontains=text)
            | Q(implementing_organisation__name__icontains=text)
        )
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if status:
        qs = qs.filter(status=status)
    if province_code:
        qs = qs.filter(Q(province_id=province_code) | Q(working_provinces=province_code)).distinct()
    return access.scoped(user, qs.order_by("code"), access.Action.VIEW)


def session_list(user: Any, *, project: Project | None = None) -> QuerySet[Session]:
    """Return the sessions the user may see (of one project when given), oldest first."""
    qs = Session.objects.select_related("activity", "activity__plan", "project")
    if project is not None:
        qs = qs.filter(project=project)
    return access.scoped(user, qs.order_by("start_date", "pk"), access.Action.VIEW)


def session_detail(user: Any, session: Session | int) -> Session:
    """Return one session the user may see, with agenda, outputs, counts and evidence loaded."""
    pk = session.pk if isinstance(session, Session) else session
    qs = Session.objects.select_related(
        "project", "activity", "activity__plan", "subdistrict", "community"
    ).prefetch_related(
        "agenda_items", "outputs__planned_output", "counts", "evidence", "review_comments"
    )
    return access.get_object_or_404(user, qs, access.Action.VIEW, pk=pk)


# --- Periods and locks ------------------------------------------------------------------------------


def reporting_period_approved(project: Project, *, covering: dt.date | None = None) -> bool:
    """Return True when the project's reporting period is approved.

    With ``covering``: the period that contains that date. Without: the latest period that
    has ended (as of today). False when there is no such period. Used by finance's tranche rule.
    """
    qs = ReportingPeriod.objects.filter(project=project)
    if covering is not None:
        period = qs.filter(start__lte=covering, end__gte=covering).first()
    else:
        period = qs.filter(end__lt=timezone.localdate()).order_by("-end").first()
    return period is not None and period.status == ReviewStatus.APPROVED


def current_period(project: Project, as_of: dt.date | None = None) -> ReportingPeriod | None:
    """Return the period containing ``as_of`` (today), else the latest one that started."""
    as_of = as_of or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(project=project).order_by("start"))
    return _pick_period(periods, as_of)


def _pick_period(periods: Sequence[ReportingPeriod], as_of: dt.date) -> ReportingPeriod | None:
    for p in periods:
        if p.start <= as_of <= p.end:
            return p
    started = [p for p in periods if p.start <= as_of]
    return started[-1] if started else (periods[0] if periods else None)


def session_is_locked(session: Session) -> bool:
    """Return True when an edit of the session would be refused (``SessionLocked``)."""
    if session.status == ReviewStatus.APPROVED:
        return True
    return ReportingPeriod.objects.filter(
        project_id=session.project_id,
        status=ReviewStatus.APPROVED,
        start__lte=session.start_date,
        end__gte=session.start_date,
    ).exists()


def plan_is_frozen(project: Project) -> bool:
    """Return True when the plan changes only through change requests (project approved)."""
    from tidtam.projects.services import PLAN_EDITABLE

    return project.status not in PLAN_EDITABLE


def project_months(project: Project, extra: Sequence[dt.date] = ()) -> list[dt.date]:
    """Return the first day of every month of the project's period (plus months in ``extra``).

    Without project dates: the months spanned by ``extra`` (e.g. planned months), else [].
    """
    dates = [d for d in (project.start_date, project.end_date, *extra) if d is not None]
    if not dates:
        return []
    return [dt.date(y, m, 1) for y, m in calc.months_between(min(dates), max(dates))]


# --- The project page ---------------------------------------------------------------------------


@dataclass
class PlanRow:
    """One row of Table 1: a plan heading (``kind="plan"``) or an activity."""

    kind: str
    number: str
    title: str
    cells: list[calc.Cell] = field(default_factory=list)
    status: str = ""
    status_label: str = ""
    reason: str = ""
    held: int = 0
    planned_sessions: int = 0
    note: str = ""
    activity: Activity | None = None
    plan: WorkPlan | None = None
    planned_months: list[dt.date] = field(default_factory=list)
    rescheduled_months: list[dt.date] = field(default_factory=list)


@dataclass
class SessionRow:
    """One session of Table 2 with the counts of its preferred source and all findings."""

    session: Session
    date: dt.date
    end_date: dt.date | None
    place: str
    number: int | None
    of: int | None
    source: str | None
    counts: Mapping[str, int | None]
    others_label: str
    sources: Mapping[str, Mapping[str, int | None]]
    findings: list[calc.Finding]


@dataclass
class SessionGroup:
    """Table 2 rows of one activity (or of one budget category) and their total row."""

    activity: Activity | None
    label: str
    plan: WorkPlan | None
    rows: list[SessionRow]
    totals: calc.CountTotals


@dataclass
class OutputRow:
    """One planned output of Table 3, planned vs achieved (summed from sessions)."""

    activity: Activity
    output: PlannedOutput
    unit: str
    planned: Decimal | None
    achieved: Decimal | None
    records: int
    achieved_texts: list[str]
    percent: Decimal | None
    status: str
    status_label: str


@dataclass
class ProjectPage:
    """Everything the project page shows; built by ``project_page`` in a fixed number of queries."""

    project: Project
    as_of: dt.date
    months: list[dt.date]
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    review_status: str
    review_status_label: str
    unresolved_comments: int
    plan_rows: list[PlanRow]
    session_groups: list[SessionGroup]
    sector_totals: list[tuple[str, int]]
    outputs: list[OutputRow]
    open_problems: list[Session]
    team: list[ProjectTeamMember]
    pending_change_requests: int
    findings: list[tuple[Session, calc.Finding]]


def _counts_of(row: ParticipantCount) -> dict[str, int | None]:
    return {name: getattr(row, name) for name in PARTICIPANT_FIELDS}


def _source_labels() -> dict[str, str]:
    return {s.value: str(s.label) for s in CountSource}


def _set_prefetched(obj: Any, name: str, rows: list[Any]) -> None:
    """Fill ``obj.<name>.all()`` from rows already read, the way prefetch_related does."""
    qs = getattr(obj, name).all()
    qs._result_cache = rows
    qs._prefetch_done = True
    obj._prefetched_objects_cache = {**getattr(obj, "_prefetched_objects_cache", {}), name: qs}


def session_findings(
    counts_by_source: Mapping[str, Mapping[str, int | None]],
    labels: Mapping[str, str] | None = None,
) -> list[calc.Finding]:
    """Return the findings of one session: each source's inconsistencies, then disagreements
    between its sources (Table 2 vs the summary form, and entry vs either)."""
    findings: list[calc.Finding] = []
    for source in SOURCE_PREFERENCE:
        if source in counts_by_source:
            findings.extend(calc.participant_inconsistencies(counts_by_source[source]))
    present = [s for s in SOURCE_PREFERENCE if s in counts_by_source]
    if len(present) > 1 and labels is None:
        labels = _source_labels()
    for i, a in enumerate(present):
        for b in present[i + 1 :]:
            findings.extend(
                calc.count_sources_disagree(
                    counts_by_source[a],
                    counts_by_source[b],
                    a_name=labels[a] if labels else a,
                    b_name=labels[b] if labels else b,
                    a_key=str(a),
                    b_key=str(b),
                )
            )
    return findings


def _session_row(
    session: Session,
    counts: Sequence[ParticipantCount],
    labels: Mapping[str, str] | None = None,
) -> SessionRow:
    by_source = {c.source: _counts_of(c) for c in counts}
    labels = {c.source: c.others_label for c in counts}
    chosen = next((s for s in SOURCE_PREFERENCE if s in by_source), None)
    activity = session.activity
    return SessionRow(
        session=session,
        date=session.start_date,
        end_date=session.end_date,
        place=session.place,
        number=session.number,
        of=activity.planned_sessions if activity is not None else None,
        source=chosen,
        counts=by_source.get(chosen, {}) if chosen else {},
        others_label=labels.get(chosen, "") if chosen else "",
        sources=by_source,
        findings=session_findings(by_source, labels),
    )


def _is_problem(text: str) -> bool:
    return text.strip() not in NONE_WORDS


def project_page(
    user: Any,
    project: Project,
    *,
    as_of: dt.date | None = None,
    period: ReportingPeriod | None = None,
) -> ProjectPage:
    """Return the project page's data as of a date (today) for a reporting period.

    ``period`` defaults to the period containing ``as_of`` (else the latest started one).
    Table 1: every planned/held month in the project's months, status per
    ``calculations.activity_status`` with sessions held on or before ``as_of``. Table 2 and
    Table 3: sessions in the period (all sessions up to ``as_of`` when there is no period).
    Raises Http404/PermissionDenied through ``access`` when the user may not see the project.
    """
    as_of = as_of or timezone.localdate()
    project = access.get_object_or_404(
        user,
        Project.objects.select_related("programme", "implementing_organisation", "province"),
        access.Action.VIEW,
        pk=project.pk,
    )
    # Each table is read once and grouped here: per-object prefetching costs a queryset per
    # row, which dominates the page time with hundreds of sessions.
    plans = list(WorkPlan.objects.filter(project=project).order_by("number"))
    plan_by_id = {p.pk: p for p in plans}
    activity_list = list(
        Activity.objects.filter(plan__project=project).order_by("position", "number", "pk")
    )
    months_of: dict[int, list[ActivityMonth]] = defaultdict(list)
    for am in ActivityMonth.objects.filter(activity__plan__project=project).order_by(
        "year", "month"
    ):
        months_of[am.activity_id].append(am)
    outputs_of: dict[int, list[PlannedOutput]] = defaultdict(list)
    for po in PlannedOutput.objects.filter(activity__plan__project=project).order_by(
        "position", "pk"
    ):
        outputs_of[po.activity_id].append(po)
    activities_of: dict[int, list[Activity]] = defaultdict(list)
    for a in activity_list:
        Activity.plan.field.set_cached_value(a, plan_by_id[a.plan_id])
        _set_prefetched(a, "months", months_of[a.pk])
        _set_prefetched(a, "planned_outputs", outputs_of[a.pk])
        for po in outputs_of[a.pk]:
            PlannedOutput.activity.field.set_cached_value(po, a)
        activities_of[a.plan_id].append(a)
    for plan in plans:
        _set_prefetched(plan, "activities", activities_of[plan.pk])
    activity_by_id = {a.pk: a for a in activity_list}
    sessions = list(Session.objects.filter(project=project).order_by("start_date", "pk"))
    for s in sessions:
        Session.project.field.set_cached_value(s, project)
        Session.activity.field.set_cached_value(
            s, activity_by_id.get(s.activity_id) if s.activity_id else None
        )
    counts_of: dict[int, list[ParticipantCount]] = defaultdict(list)
    for c in ParticipantCount.objects.filter(session__project=project).order_by("source"):
        counts_of[c.session_id].append(c)
    session_by_id = {s.pk: s for s in sessions}
    achieved = list(
        OutputAchieved.objects.filter(
            session__project=project, planned_output__isnull=False
        ).values_list("planned_output_id", "quantity", "description", "session_id")
    )
    periods = list(ReportingPeriod.objects.filter(project=project).order_by("start"))
    if period is None:
        period = _pick_period(periods, as_of)
    team = list(
        ProjectTeamMember.objects.filter(project=project)
        .select_related("person", "organisation")
        .order_by("position", "pk")
    )
    unresolved = (
        ReviewComment.objects.filter(period=period, resolved=False).count() if period else 0
    )
    pending = ChangeRequest.objects.filter(
        project=project, status=ChangeRequestStatus.PENDING
    ).count()

    period_range = (period.start, period.end) if period else None

    def in_scope(day: dt.date) -> bool:
        if period_range is not None:
            return period_range[0] <= day <= period_range[1]
        return day <= as_of

    # Table 1 ----------------------------------------------------------------------------
    held_by_activity: dict[int, list[dt.date]] = defaultdict(list)
    for s in sessions:
        if s.activity_id is not None and s.start_date <= as_of:
            held_by_activity[s.activity_id].append(s.start_date)
    planned_dates = [
        dt.date(am.year, am.month, 1)
        for p in plans
        for a in activities_of[p.pk]
        for am in months_of[a.pk]
    ]
    months = project_months(
        project, [*planned_dates, *(d for ds in held_by_activity.values() for d in ds)]
    )
    plan_rows: list[PlanRow] = []
    for plan in plans:
        plan_rows.append(PlanRow(kind="plan", number=str(plan.number), title=plan.title, plan=plan))
        for a in activities_of[plan.pk]:
            planned = [(am.year, am.month) for am in months_of[a.pk] if not am.rescheduled]
            resched = [(am.year, am.month) for am in months_of[a.pk] if am.rescheduled]
            held_dates = held_by_activity.get(a.pk, [])
            is_rescheduled = bool(resched) or bool(a.rescheduled_reason.strip())
            status = calc.activity_status(
                planned_months=planned,
                planned_sessions=a.planned_sessions,
                held=len(held_dates),
                as_of=as_of,
                rescheduled=is_rescheduled,
            )
            plan_rows.append(
                PlanRow(
                    kind="activity",
                    number=a.number,
                    title=a.title,
                    cells=calc.month_cells(
                        months,
                        planned=planned,
                        rescheduled=resched,
                        held_dates=held_dates,
                        period=period_range,
                    ),
                    status=status,
                    status_label=str(calc.ACTIVITY_STATUS_LABELS[status]),
                    reason=a.rescheduled_reason,
                    held=len(held_dates),
                    planned_sessions=a.planned_sessions,
                    note=a.progress_note,
                    activity=a,
                    plan=plan,
                    planned_months=[dt.date(y, m, 1) for y, m in planned],
                    rescheduled_months=[dt.date(y, m, 1) for y, m in resched],
                )
            )

    # Table 2 ----------------------------------------------------------------------------
    activities = [a for p in plans for a in activities_of[p.pk]]
    labels = _source_labels()
    rows_by_activity: dict[int, list[SessionRow]] = defaultdict(list)
    rows_by_category: dict[str, list[SessionRow]] = defaultdict(list)
    all_findings: list[tuple[Session, calc.Finding]] = []
    for s in sessions:
        row = _session_row(s, counts_of.get(s.pk, []), labels)
        all_findings.extend((s, f) for f in row.findings)
        if not in_scope(s.start_date):
            continue
        if s.activity_id is not None:
            rows_by_activity[s.activity_id].append(row)
        else:
            rows_by_category[s.budget_category or s.title].append(row)
    groups: list[SessionGroup] = []
    for a in activities:
        rows = rows_by_activity.get(a.pk, [])
        groups.append(
            SessionGroup(
                activity=a,
                label=f"{a.number} {a.title}",
                plan=plan_by_id[a.plan_id],
                rows=rows,
                totals=calc.sum_counts([r.counts for r in rows], PARTICIPANT_FIELDS),
            )
        )
    for label, rows in rows_by_category.items():
        groups.append(
            SessionGroup(
                activity=None,
                label=label,
                plan=None,
                rows=rows,
                totals=calc.sum_counts([r.counts for r in rows], PARTICIPANT_FIELDS),
            )
        )
    every_row = [r for g in groups for r in g.rows]
    grand = calc.sum_counts([r.counts for r in every_row], PARTICIPANT_FIELDS)
    sector_totals = [
        (str(calc.FIELD_LABELS[name]), grand.values[name] or 0)
        for name in calc.SECTOR_PEOPLE_FIELDS
    ]

    # Table 3 ----------------------------------------------------------------------------
    achieved_by_output: dict[int, list[tuple[Decimal | None, str]]] = defaultdict(list)
    for output_id, quantity, description, session_id in achieved:
        if in_scope(session_by_id[session_id].start_date):
            achieved_by_output[output_id].append((quantity, description))
    output_rows: list[OutputRow] = []
    resched_activity = {r.activity.pk for r in plan_rows if r.activity and r.reason.strip()} | {
        r.activity.pk for r in plan_rows if r.activity and r.rescheduled_months
    }
    for a in activities:
        for po in outputs_of[a.pk]:
            records = achieved_by_output.get(po.pk, [])
            quantities = [q for q, _text in records if q is not None]
            total = sum(quantities, Decimal(0)) if quantities else None
            status = calc.output_status(
                planned=po.quantity,
                achieved=total,
                records=len(records),
                rescheduled=a.pk in resched_activity,
            )
            output_rows.append(
                OutputRow(
                    activity=a,
                    output=po,
                    unit=po.unit,
                    planned=po.quantity,
                    achieved=total,
                    records=len(records),
                    achieved_texts=[text for _q, text in records if text],
                    percent=calc.output_percent(po.quantity, total),
                    status=status,
                    status_label=str(calc.OUTPUT_STATUS_LABELS[status]),
                )
            )

    problems = [s for s in reversed(sessions) if _is_problem(s.problems)]
    review_status = period.status if period else ""
    label = ""
    if period is not None:
        label = str(ReviewStatus(period.status).label)
    return ProjectPage(
        project=project,
        as_of=as_of,
        months=months,
        period=period,
        periods=periods,
        review_status=review_status,
        review_status_label=label,
        unresolved_comments=unresolved,
        plan_rows=plan_rows,
        session_groups=groups,
        sector_totals=sector_totals,
        outputs=output_rows,
        open_problems=problems,
        team=team,
        pending_change_requests=pending,
        findings=all_findings,
    )


# --- Review ------------------------------------------------------------------------------------


@dataclass
class PeriodReview:
    """What a reviewer sees for one period: its sessions with their comments and findings."""

    period: ReportingPeriod
    rows: list[SessionRow]
    comments: list[ReviewComment]
    comments_by_session: Mapping[int | None, list[ReviewComment]]


def period_review(user: Any, period: ReportingPeriod | int) -> PeriodReview:
    """Return a period the user may see with its sessions, counts, comments and findings."""
    pk = period.pk if isinstance(period, ReportingPeriod) else period
    period = access.get_object_or_404(
        user, ReportingPeriod.objects.select_related("project"), access.Action.VIEW, pk=pk
    )
    sessions = (
        Session.objects.filter(
            project_id=period.project_id,
            start_date__gte=period.start,
            start_date__lte=period.end,
        )
        .select_related("activity")
        .prefetch_related("counts")
        .order_by("start_date", "pk")
    )
    comments = list(ReviewComment.objects.filter(period=period).select_related("author", "session"))
    by_session: dict[int | None, list[ReviewComment]] = defaultdict(list)
    for c in comments:
        by_session[c.session_id].append(c)
    return PeriodReview(
        period=period,
        rows=[_session_row(s, list(s.counts.all())) for s in sessions],
        comments=comments,
        comments_by_session=dict(by_session),
    )


def period_may(period: ReportingPeriod, action: str) -> bool:
    """Return True when ``action`` ("submit", "return", "approve", "unlock") is allowed now."""
    from tidtam.projects.review import REVIEW_TRANSITIONS

    target = {
        "submit": ReviewStatus.SUBMITTED,
        "return": ReviewStatus.RETURNED,
        "approve": ReviewStatus.APPROVED,
        "unlock": ReviewStatus.DRAFT,
    }[action]
    return target in REVIEW_TRANSITIONS.get(period.status, frozenset())


# --- Change requests --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One field of a change request: its value before and after."""

    field: str
    old: Any
    new: Any
    changed: bool


def change_request_rows(cr: ChangeRequest) -> list[ChangeRow]:
    """Return the old and new value of every field of the change request's plan snapshot."""
    keys = list(dict.fromkeys([*cr.old_plan.keys(), *cr.new_plan.keys()]))
    return [
        ChangeRow(
            k, cr.old_plan.get(k), cr.new_plan.get(k), cr.old_plan.get(k) != cr.new_plan.get(k)
        )
        for k in keys
    ]


def change_request_may_decide(user: Any, cr: ChangeRequest) -> bool:
    """Return True when the user may approve or reject the change request (REVIEW on it)."""
    return cr.status == ChangeRequestStatus.PENDING and access.can(user, access.Action.REVIEW, cr)


# --- Data quality --------------------------------------------------------------------------------


def participant_findings(project: Project) -> list[tuple[Session, calc.Finding]]:
    """Return every participant finding of the project's sessions (for the data-quality report)."""
    sessions = (
        Session.objects.filter(project=project)
        .select_related("activity")
        .prefetch_related("counts")
        .order_by("start_date", "pk")
    )
    out: list[tuple[Session, calc.Finding]] = []
    for s in sessions:
        by_source = {c.source: _counts_of(c) for c in s.counts.all()}
        out.extend((s, f) for f in session_findings(by_source))
    return out


# --- Home page -----------------------------------------------------------------------------------


def home_projects(user: Any, limit: int = 8) -> tuple[list[Project], int]:
    """Return the projects the person may see, most recently changed first (at most ``limit``),
    and how many they may see in all."""
    qs = access.scoped(
        user,
        Project.objects.select_related("programme", "implementing_organisation", "province"),
        access.Action.VIEW,
    ).order_by("-updated_at", "code")
    rows = list(qs[:limit])
    return rows, len(rows) if len(rows) < limit else qs.count()


@dataclass
class ReviewsWaiting:
    """What waits for the person on the home page: reports to review, returned reports to fix
    and resubmit, and plan changes to decide (each in the projects where they may act)."""

    to_review: list[ReportingPeriod]
    to_fix: list[ReportingPeriod]
    change_requests: list[ChangeRequest]

    def __bool__(self) -> bool:
        return bool(self.to_review or self.to_fix or self.change_requests)


def reviews_waiting(user: Any, limit: int = 20) -> ReviewsWaiting:
    """Return the reviews waiting for the person (oldest first, at most ``limit`` of each)."""
    periods = ReportingPeriod.objects.select_related("project")
    to_review = access.scoped(
        user, periods.filter(status=ReviewStatus.SUBMITTED), access.Action.REVIEW
    ).order_by("submitted_at", "pk")
    to_fix = access.scoped(
        user, periods.filter(status=ReviewStatus.RETURNED), access.Action.SUBMIT
    ).order_by("reviewed_at", "pk")
    change_requests = access.scoped(
        user,
        ChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING).select_related(
            "project", "activity"
        ),
        access.Action.REVIEW,
    ).order_by("requested_at", "pk")
    return ReviewsWaiting(
        to_review=list(to_review[:limit]),
        to_fix=list(to_fix[:limit]),
        change_requests=list(change_requests[:limit]),
    )

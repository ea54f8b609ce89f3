"""The data-quality checks (ตรวจคุณภาพข้อมูล): one function per check, each returning Findings.

Every check reads only what ``Scope`` lets it see (querysets already scoped to the acting
user and filtered to a programme or project) and never writes. The arithmetic of each rule
stays where the rule lives: participant counts in ``tidtam.projects.calculations`` (through
``projects.selectors.session_findings``), lateness and caps in ``tidtam.finance``,
breakdowns in ``tidtam.results.calculations``, name keys in ``tidtam.areas.names``.
A check only decides severity, words the finding and says which record it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.areas.models import Community
from tidtam.areas.names import community_key, organisation_key, tone_free
from tidtam.audit.selectors import audited_models, history_model_of
from tidtam.audit.services import reason_rule
from tidtam.finance import calculations as money
from tidtam.finance.models import BudgetFrame, ProjectApproval, Tranche, TranchePolicy
from tidtam.finance.selectors import budget_status
from tidtam.organisations.models import Organisation
from tidtam.projects import calculations as pcalc
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    Activity,
    ChangeRequest,
    CountSource,
    Programme,
    Project,
    ReportingPeriod,
    Session,
)
from tidtam.projects.selectors import session_findings
from tidtam.results import calculations as rcalc
from tidtam.results.models import Indicator, IndicatorKind, Target, TargetRevision
from tidtam.thai import format_date


class Severity:
    """How bad a finding is: an error contradicts itself, a warning needs a look, info is a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    ORDER: tuple[str, ...] = (ERROR, WARNING, INFO)


# How the command and the page name each severity.
SEVERITY_LABELS: dict[str, Any] = {
    Severity.ERROR: gettext_lazy("error"),
    Severity.WARNING: gettext_lazy("warning"),
    Severity.INFO: gettext_lazy("info"),
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or worth a look) in Tidtam's data; the data itself is never changed.

    ``kind`` is a stable code (see docs/quality.md); ``record`` names the record as people
    name it ("KKD-2566 กิจกรรม 1.1 ครั้งที่ 2/5 (21 ก.ย. 2566)"); ``expected`` and ``found``
    are the two numbers (or dates, or names) that disagree, when there are two.
    """

    severity: str
    kind: str
    record: str
    message: str
    expected: Any = None
    found: Any = None
    project_code: str = ""
    url: str = ""
    sort: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def expected_text(self) -> str:
        return display_value(self.expected)

    @property
    def found_text(self) -> str:
        return display_value(self.found)

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "project": self.project_code or None,
            "record": self.record,
            "message": self.message,
            "expected": _json_value(self.expected),
            "found": _json_value(self.found),
            "url": self.url,
        }


def display_value(value: Any) -> str:
    """Write an expected or found value as reports do: BE dates, amounts with commas."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value, "short")
    if isinstance(value, Decimal):
        return money.format_amount(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Scope:
    """What the checks may look at: querysets already scoped to the user and the filters.

    ``finance_projects`` are the projects whose money the user may see (a narrower data kind).
    ``filtered`` is True when a programme or project filter applies (then name checks keep
    only groups touching the filtered projects).
    """

    as_of: dt.date
    programmes: QuerySet[Programme]
    projects: QuerySet[Project]
    finance_projects: QuerySet[Project]
    indicators: QuerySet[Indicator]
    organisations: QuerySet[Organisation]
    communities: QuerySet[Community]
    change_requests: QuerySet[ChangeRequest]
    history_visible: Callable[[type[Any]], QuerySet[Any] | None]
    filtered: bool = False


def _amount(value: Decimal) -> str:
    return money.format_amount(value)


def _day(value: dt.date | None) -> str:
    return format_date(value, "short") if value else "—"


# --- records, as people name them ---------------------------------------------------------------


def session_record(session: Session) -> str:
    """Return how a report names the session: project, activity, "ครั้งที่ n/N", date."""
    activity = session.activity
    parts = [session.project.code]
    if activity is not None:
        parts.append(_("activity %(number)s") % {"number": activity.number})
        if session.number is not None:
            parts.append(
                _("session %(n)s/%(N)s") % {"n": session.number, "N": activity.planned_sessions}
            )
    elif session.budget_category:
        parts.append(session.budget_category)
    elif session.title:
        parts.append(session.title[:60])
    parts.append(f"({_day(session.start_date)})")
    return " ".join(parts)


_PK_MARKER = "2147483647"


def _session_urls() -> Callable[[Session], str]:
    """Return a function giving a session's URL, with reverse() called once per check.

    The URLs differ only by the pk; a check over 20,000 sessions spent a quarter of its time
    in reverse().
    """
    pattern = reverse("projects:session", kwargs={"pk": _PK_MARKER})
    return lambda session: pattern.replace(_PK_MARKER, str(session.pk))


def _project_url(project: Project) -> str:
    return reverse("projects:project", kwargs={"code": project.code})


def _finance_url(project: Project) -> str:
    return reverse("finance:project", kwargs={"pk": project.pk})


# --- participants -----------------------------------------------------------------------------

# The participant rules' codes (projects.calculations.Finding.code) and how bad each is here.
PARTICIPANT_KINDS: dict[str, tuple[str, str]] = {
    "total_vs_gender": ("participants_total_vs_gender", Severity.ERROR),
    "impossible": ("participants_impossible", Severity.ERROR),
    "sector_sum": ("participants_sector_sum", Severity.WARNING),
    "sources_disagree": ("participants_sources_disagree", Severity.WARNING),
}


def civil_society_women_over_women(counts: pcalc.Counts) -> tuple[int, int] | None:
    """Return (women, women of civil society) when the second is greater (else None).

    Women of civil society are some of the women present; unknown values are not compared.
    """
    women, cs_women = counts.get("women"), counts.get("civil_society_women")
    if women is not None and cs_women is not None and cs_women > women:
        return women, cs_women
    return None


def _expected_found(f: pcalc.Finding) -> tuple[Any, Any]:
    v = dict(f.values)
    if f.code == "total_vs_gender":
        return v["men"] + v["women"], v["total"]
    if f.code == "sector_sum":
        return v["people"], v["sectors"]
    if f.code == "sources_disagree" and len(v) == 2:
        first, second = list(v.values())
        return first, second
    return None, None


def _sessions(scope: Scope) -> QuerySet[Session]:
    # Only the columns the checks and ``session_record`` read (sessions carry long texts).
    return (
        Session.objects.filter(project__in=scope.projects)
        .select_related("project", "activity")
        .only(
            "pk", "project_id", "activity_id", "number", "title", "budget_category",
            "start_date", "end_date",
            "project__code", "project__start_date", "project__end_date",
            "activity__number", "activity__planned_sessions",
        )
    )  # fmt: skip


def check_participant_counts(scope: Scope) -> list[Finding]:
    """Participant counts that contradict each other, in one source or between two sources.

    The rules are ``projects.selectors.session_findings`` (total ≠ men + women, sectors ≠
    men + women, impossible values, Table 2 vs the summary form), the same the project page
    flags; plus women of civil society > women. Unknown counts ("..คน") are never compared.
    """
    findings: list[Finding] = []
    session_url = _session_urls()
    sessions = (
        _sessions(scope).prefetch_related("counts").order_by("project__code", "start_date", "pk")
    )
    for s in sessions:
        by_source = {
            c.source: {n: getattr(c, n) for n in PARTICIPANT_FIELDS} for c in s.counts.all()
        }
        if not by_source:
            continue
        rules = session_findings(by_source)
        overs = [
            (source, over)
            for source, counts in sorted(by_source.items())
            if (over := civil_society_women_over_women(counts)) is not None
        ]
        if not rules and not overs:
            continue
        record = session_record(s)
        for f in rules:
            kind, severity = PARTICIPANT_KINDS.get(
                f.code, (f"participants_{f.code}", Severity.WARNING)
            )
            expected, found = _expected_found(f)
            findings.append(
                Finding(
                    severity,
                    kind,
                    record,
                    f.message,
                    expected,
                    found,
                    s.project.code,
                    session_url(s),
                    (s.project.code, s.start_date, s.pk),
                )
            )
        for source, over in overs:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "participants_cs_women_over_women",
                    record,
                    _(
                        "Women of civil society (%(cs)s) are more than all the women (%(women)s) "
                        "in %(source)s."
                    )
                    % {"cs": over[1], "women": over[0], "source": CountSource(source).label},
                    over[0],
                    over[1],
                    s.project.code,
                    session_url(s),
                    (s.project.code, s.start_date, s.pk),
                )
            )
    return findings


# --- dates ------------------------------------------------------------------------------------


def check_session_dates(scope: Scope) -> list[Finding]:
    """Sessions dated outside their project's period, or inside no reporting period of it.

    A session outside the project period (before its start or after its end) is an error. A
    session whose start date falls in none of the project's reporting periods is a warning
    (reported in a period it does not belong to); projects without periods are not checked.
    """
    periods: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for p in ReportingPeriod.objects.filter(project__in=scope.projects).order_by("start"):
        periods[p.project_id].append(p)
    findings: list[Finding] = []
    session_url = _session_urls()
    for s in _sessions(scope).order_by("project__code", "start_date", "pk"):
        project = s.project
        end = s.end_date or s.start_date
        sort = (project.code, s.start_date, s.pk)
        before = bool(project.start_date and s.start_date < project.start_date)
        after = bool(project.end_date and end > project.end_date)
        mine = periods.get(project.pk, [])
        outside = bool(mine and not any(p.start <= s.start_date <= p.end for p in mine))
        if not (before or after or outside):
            continue
        record = session_record(s)
        if before:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "session_before_project",
                    record,
                    _("The session (%(date)s) is before the project starts (%(start)s).")
                    % {"date": _day(s.start_date), "start": _day(project.start_date)},
                    project.start_date,
                    s.start_date,
                    project.code,
                    session_url(s),
                    sort,
                )
            )
        if after:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "session_after_project",
                    record,
                    _("The session (%(date)s) is after the project ends (%(end)s).")
                    % {"date": _day(end), "end": _day(project.end_date)},
                    project.end_date,
                    end,
                    project.code,
                    session_url(s),
                    sort,
                )
            )
        if outside:
            ranges = ", ".join(f"{_day(p.start)} – {_day(p.end)}" for p in mine)
            findings.append(
                Finding(
                    Severity.WARNING,
                    "session_outside_periods",
                    record,
                    _("The session (%(date)s) is in none of the reporting periods (%(periods)s).")
                    % {"date": _day(s.start_date), "periods": ranges},
                    ranges,
                    s.start_date,
                    project.code,
                    session_url(s),
                    sort,
                )
            )
    return findings


def _months(activity: Activity) -> list[pcalc.Month]:
    """Return the activity's months still planned: the rescheduled ones when it was moved."""
    rows = list(activity.months.all())
    moved = [(m.year, m.month) for m in rows if m.rescheduled]
    if moved:
        return sorted(moved)
    planned = sorted((m.year, m.month) for m in rows)
    if planned:
        return planned
    if activity.planned_start and activity.planned_end:
        return pcalc.months_between(activity.planned_start, activity.planned_end)
    return []


def check_activities_without_sessions(scope: Scope) -> list[Finding]:
    """Activities with no session held by ``as_of`` although every planned month is over.

    Planned months are the rescheduled months when the activity was moved, else its ✓ months
    (else its planned start – end). A session counts when it started on or before ``as_of``.
    """
    activities = (
        Activity.objects.filter(plan__project__in=scope.projects)
        .select_related("plan__project")
        .prefetch_related("months")
        .annotate(held=Count("sessions", filter=Q(sessions__start_date__lte=scope.as_of)))
        .order_by("plan__project__code", "plan__number", "position", "number")
    )
    findings: list[Finding] = []
    for a in activities:
        months = _months(a)
        if a.held or not months:
            continue
        last = max(months)
        if pcalc.month_last_day(last) >= scope.as_of:
            continue
        project = a.plan.project
        findings.append(
            Finding(
                Severity.WARNING,
                "activity_without_sessions",
                f"{project.code} " + _("activity %(number)s") % {"number": a.number},
                _(
                    "No session held by %(as_of)s although the planned months ended in "
                    "%(last)s (%(N)s planned)."
                )
                % {
                    "as_of": _day(scope.as_of),
                    "last": format_date(dt.date(last[0], last[1], 1), "month"),
                    "N": a.planned_sessions,
                },
                a.planned_sessions,
                0,
                project.code,
                reverse("projects:plans", kwargs={"code": project.code}),
                (project.code, a.plan.number, a.position, a.number),
            )
        )
    return findings


# --- money ------------------------------------------------------------------------------------


def check_tranche_one(scope: Scope) -> list[Finding]:
    """Tranche-1 transfers after the deadline (finance's own late flag) or above the cap.

    Late: ``finance.selectors.budget_status`` as of ``as_of`` (the flag of the budget-status
    report). Cap: what was transferred against tranche 1 (reversals included) above the
    lower of the tranche's cap and the programme policy's first cap
    (``finance.calculations.tranche_caps`` of the approved budget).
    """
    findings: list[Finding] = []
    visible = set(scope.finance_projects.values_list("pk", flat=True))
    by_id = {p.pk: p for p in Project.objects.filter(pk__in=visible)}
    for programme in scope.programmes.filter(projects__in=scope.finance_projects).distinct():
        report = budget_status(programme, as_of=scope.as_of)
        for row in report.rows:
            if row.project_id not in visible or not row.tranche_1_late:
                continue
            project = by_id[row.project_id]
            findings.append(
                Finding(
                    Severity.WARNING,
                    "tranche1_late",
                    _("%(project)s tranche 1") % {"project": project.code},
                    _("Tranche 1 was transferred on %(date)s, after its deadline %(deadline)s.")
                    % {"date": _day(row.tranche_1_date), "deadline": _day(row.tranche_1_deadline)},
                    row.tranche_1_deadline,
                    row.tranche_1_date,
                    project.code,
                    _finance_url(project),
                    (project.code, 1),
                )
            )
    policies = {p.programme_id: p for p in TranchePolicy.objects.all()}
    tranches = (
        Tranche.objects.filter(number=1, project_id__in=visible)
        .select_related("project__approval")
        .annotate(transferred=Sum("transfers__amount", filter=Q(transfers__date__lte=scope.as_of)))
        .order_by("project__code")
    )
    for t in tranches:
        transferred = money.total([t.transferred])
        limit = t.cap
        policy = policies.get(t.project.programme_id)
        approval = getattr(t.project, "approval", None)
        if policy is not None and approval is not None and policy.caps():
            limit = min(limit, money.tranche_caps(approval.approved_budget, policy.caps())[0])
        if transferred <= limit:
            continue
        findings.append(
            Finding(
                Severity.ERROR,
                "tranche1_over_cap",
                _("%(project)s tranche 1") % {"project": t.project.code},
                _("Tranche 1 transfers add up to %(found)s baht, above its cap of %(cap)s baht.")
                % {"found": _amount(transferred), "cap": _amount(limit)},
                limit,
                transferred,
                t.project.code,
                _finance_url(t.project),
                (t.project.code, 1),
            )
        )
    return findings


def check_approvals_within_frame(scope: Scope) -> list[Finding]:
    """Approvals above their budget frame, in approval order (date, then id).

    Each approval takes what its frame has left after the approvals before it
    (``finance.calculations.frame_excess``). An excess not recorded on the approval is an
    error; an excess recorded with its source (allowed by the policy) is reported as info.
    """
    visible = set(scope.finance_projects.values_list("pk", flat=True))
    frames = BudgetFrame.objects.filter(programme__in=scope.programmes).prefetch_related(
        Prefetch(
            "approvals",
            queryset=ProjectApproval.objects.select_related("project").order_by(
                "approval_date", "pk"
            ),
        )
    )
    findings: list[Finding] = []
    for frame in frames:
        taken = money.ZERO
        for a in frame.approvals.all():
            excess = money.frame_excess(frame.amount, taken, a.approved_budget)
            left = max(frame.amount - taken, money.ZERO)
            taken += a.approved_budget
            if a.project_id not in visible:
                continue
            record = _("%(project)s approval") % {"project": a.project.code}
            sort = (a.project.code, 0)
            if excess > a.frame_excess:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "approval_above_frame",
                        record,
                        _(
                            "Approved %(approved)s baht but the frame (%(frame)s baht) had "
                            "%(left)s baht left: %(excess)s baht above it."
                        )
                        % {
                            "approved": _amount(a.approved_budget),
                            "frame": _amount(frame.amount),
                            "left": _amount(left),
                            "excess": _amount(excess),
                        },
                        left,
                        a.approved_budget,
                        a.project.code,
                        _finance_url(a.project),
                        sort,
                    )
                )
            elif a.frame_excess > 0:
                findings.append(
                    Finding(
                        Severity.INFO,
                        "approval_frame_excess_recorded",
                        record,
                        _("%(excess)s baht above the frame, recorded with its source: %(source)s.")
                        % {"excess": _amount(a.frame_excess), "source": a.excess_source},
                        left,
                        a.approved_budget,
                        a.project.code,
                        _finance_url(a.project),
                        sort,
                    )
                )
    return findings


# --- indicators -------------------------------------------------------------------------------

# Only targets that are counts add up (a percentage of each region is not a part of the total).
ADDITIVE_KINDS = (IndicatorKind.COUNT,)


def check_target_breakdowns(scope: Scope) -> list[Finding]:
    """Regional (or provincial) targets of a count indicator that do not add up to its target.

    Per indicator, fiscal year and quarter (0 = the year): the sum of the regions' targets
    and, separately, of the provinces' targets against the national target
    (``results.calculations.breakdown_matches``); a breakdown without a national target is
    not compared.
    """
    targets = (
        Target.objects.filter(indicator__in=scope.indicators, indicator__kind__in=ADDITIVE_KINDS)
        .select_related("indicator")
        .order_by("indicator__sort_key", "indicator__code", "fiscal_year", "quarter", "pk")
    )
    slots: dict[tuple[int, int, int], dict[str, list[Target]]] = defaultdict(
        lambda: {"total": [], "region": [], "province": []}
    )
    for t in targets:
        part = "region" if t.region_id else "province" if t.province_id else "total"
        slots[(t.indicator_id, t.fiscal_year, t.quarter)][part].append(t)
    findings: list[Finding] = []
    for (_ind, year, quarter), parts in slots.items():
        if not parts["total"]:
            continue
        total = parts["total"][0]
        indicator = total.indicator
        for name in ("region", "province"):
            rows = parts[name]
            if (
                not rows
                or rcalc.breakdown_matches(total.value, [r.value for r in rows]) is not False
            ):
                continue
            found = sum((r.value for r in rows), Decimal(0))
            period = _("fiscal year %(year)s") % {"year": year}
            if quarter:
                period += " " + _("quarter %(q)s") % {"q": quarter}
            findings.append(
                Finding(
                    Severity.ERROR,
                    "target_breakdown_mismatch",
                    f"{indicator.code} {period}",
                    _(
                        "The targets of %(count)s %(parts)s add up to %(found)s, not to the "
                        "target %(expected)s."
                    )
                    % {
                        "count": len(rows),
                        "parts": _("regions") if name == "region" else _("provinces"),
                        "found": _amount(found),
                        "expected": _amount(total.value),
                    },
                    total.value,
                    found,
                    "",
                    reverse("results:indicator_targets", kwargs={"pk": indicator.pk}),
                    (indicator.sort_key, indicator.code, year, quarter, name),
                )
            )
    return findings


# --- revisions --------------------------------------------------------------------------------

_BLANK = r"^\s*$"


def _history_url(model: type[Any], pk: Any) -> str:
    return reverse(
        "audit:history",
        kwargs={"app_label": model._meta.app_label, "model": model._meta.model_name, "pk": pk},
    )


def _changed(record: Any, previous: Any, fields: Iterable[str] | None) -> list[str]:
    names = fields or [f.attname for f in record.instance_type._meta.concrete_fields]
    skipped = {"created_at", "updated_at", "search_name"}
    return [
        n
        for n in names
        if n not in skipped and getattr(record, n, None) != getattr(previous, n, None)
    ]


def check_revisions_without_reason(scope: Scope) -> list[Finding]:
    """Changes that needed a reason and have none.

    * a change (in the audit trail) of a model that requires a reason
      (``audit.services.require_reason_for``, e.g. a target's value) whose history row has an
      empty reason and that really changed a field the rule covers;
    * a target revision or a change request whose reason is blank (only spaces).
    """
    findings: list[Finding] = []
    for model in audited_models():
        needed, fields = reason_rule(model)
        visible = scope.history_visible(model) if needed else None
        if visible is None:
            continue
        history = history_model_of(model)
        rows = list(
            history.objects.filter(id__in=visible.values("pk"), history_type="~")  # type: ignore[attr-defined]
            .filter(Q(history_change_reason__isnull=True) | Q(history_change_reason__regex=_BLANK))
            .order_by("history_date", "history_id")
        )
        for rec in rows:
            previous = (
                history.objects.filter(id=rec.id, history_date__lt=rec.history_date)  # type: ignore[attr-defined]
                .order_by("-history_date", "-history_id")
                .first()
            )
            if previous is None:
                continue
            changed = _changed(rec, previous, fields)
            if not changed:
                continue
            name = str(model._meta.verbose_name)
            findings.append(
                Finding(
                    Severity.WARNING,
                    "change_without_reason",
                    f"{name} {rec.instance}",
                    _(
                        "Changed on %(date)s by %(user)s without a reason (%(fields)s: %(old)s → %(new)s)."
                    )
                    % {
                        "date": _day(rec.history_date.date()),
                        "user": rec.history_user or "—",
                        "fields": ", ".join(changed),
                        "old": ", ".join(str(getattr(previous, f)) for f in changed),
                        "new": ", ".join(str(getattr(rec, f)) for f in changed),
                    },
                    None,
                    None,
                    "",
                    _history_url(model, rec.id),
                    (name, rec.history_date),
                )
            )
    revisions = (
        TargetRevision.objects.filter(target__indicator__in=scope.indicators, reason__regex=_BLANK)
        .select_related("target__indicator")
        .order_by("revised_on", "pk")
    )
    for r in revisions:
        indicator = r.target.indicator
        findings.append(
            Finding(
                Severity.WARNING,
                "target_revision_without_reason",
                f"{indicator.code} {r.target.fiscal_year} Q{r.target.quarter}",
                _("The target was revised from %(old)s to %(new)s on %(date)s without a reason.")
                % {
                    "old": _amount(r.old_value),
                    "new": _amount(r.new_value),
                    "date": _day(r.revised_on),
                },
                r.old_value,
                r.new_value,
                "",
                reverse("results:indicator_targets", kwargs={"pk": indicator.pk}),
                (indicator.code, r.revised_on),
            )
        )
    for cr in scope.change_requests.filter(reason__regex=_BLANK).select_related(
        "project", "activity"
    ):
        record = cr.project.code
        if cr.activity is not None:
            record += " " + _("activity %(number)s") % {"number": cr.activity.number}
        findings.append(
            Finding(
                Severity.WARNING,
                "change_request_without_reason",
                record,
                _("A change request of %(date)s (%(status)s) gives no reason.")
                % {"date": _day(cr.requested_at.date()), "status": cr.get_status_display()},
                None,
                None,
                cr.project.code,
                reverse("projects:change_request", kwargs={"pk": cr.pk}),
                (cr.project.code, cr.requested_at),
            )
        )
    return findings


# --- names ------------------------------------------------------------------------------------

# Words that begin community names without naming which one ("ชุมชน" is in community_key).
_VILLAGE_PREFIX = re.compile(r"^บ้าน(?=.)")


def community_compare_key(name: str) -> str:
    """Return the key two communities' names are compared by: ``community_key`` without "บ้าน"."""
    return _VILLAGE_PREFIX.sub("", community_key(name))


def _pairs(
    rows: Sequence[Any], key: Callable[[Any], str], area: Callable[[Any], Any]
) -> list[tuple[Any, Any, bool]]:
    """Return (a, b, same) for every two rows whose names match without tone marks.

    ``same`` is True when the keys are equal, False when only the tone-free keys are. Rows in
    different areas never match, except when one of them has no area.
    """
    buckets: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for row in rows:
        k = key(row)
        if k:
            buckets[tone_free(k)].append((k, row))
    out = []
    for bucket in buckets.values():
        for i, (ka, a) in enumerate(bucket):
            for kb, b in bucket[i + 1 :]:
                if area(a) is None or area(b) is None or area(a) == area(b):
                    out.append((a, b, ka == kb))
    return out


def check_duplicate_names(scope: Scope) -> list[Finding]:
    """Organisations and communities whose names are the same once typing is set aside.

    Keys (``tidtam.areas.names``): Thai normalisation (ZWSP, "เเ", tone-mark order, spaces,
    punctuation, Thai digits), short forms ("จ." = จังหวัด) for organisations, a leading
    "ชุมชน" or "บ้าน" for communities. Same key: a warning (duplicate); same key but for tone
    marks: info (near-duplicate). Organisations are compared within a province (or with
    those without one), communities within a subdistrict.
    """
    findings: list[Finding] = []
    touched_orgs: set[int] | None = None
    touched_communities: set[int] | None = None
    if scope.filtered:
        touched_orgs = set(
            scope.projects.values_list("proposing_organisation_id", flat=True)
        ) | set(scope.projects.values_list("implementing_organisation_id", flat=True))
        touched_communities = set(
            scope.projects.exclude(communities=None).values_list("communities", flat=True)
        ) | set(
            Session.objects.filter(project__in=scope.projects, community__isnull=False).values_list(
                "community_id", flat=True
            )
        )
    orgs = list(scope.organisations.select_related("province").order_by("pk"))
    for a, b, same in _pairs(orgs, lambda o: organisation_key(o.name), lambda o: o.province_id):
        if touched_orgs is not None and not {a.pk, b.pk} & touched_orgs:
            continue
        findings.append(
            Finding(
                Severity.WARNING if same else Severity.INFO,
                "organisation_duplicate" if same else "organisation_near_duplicate",
                a.name,
                _("Same organisation as “%(other)s” (%(province)s)?")
                % {"other": b.name, "province": b.province.name_th if b.province else "—"},
                a.name,
                b.name,
                "",
                reverse("organisations:detail", kwargs={"pk": a.pk}),
                (a.name, b.pk),
            )
        )
    communities = list(scope.communities.select_related("subdistrict").order_by("pk"))
    for a, b, same in _pairs(
        communities, lambda c: community_compare_key(c.name), lambda c: c.subdistrict_id
    ):
        if touched_communities is not None and not {a.pk, b.pk} & touched_communities:
            continue
        findings.append(
            Finding(
                Severity.WARNING if same else Severity.INFO,
                "community_duplicate" if same else "community_near_duplicate",
                a.name,
                _("Same community as “%(other)s” (subdistrict %(subdistrict)s)?")
                % {"other": b.name, "subdistrict": b.subdistrict.name_th},
                a.name,
                b.name,
                "",
                reverse("areas:community_detail", kwargs={"pk": a.pk}),
                (a.name, b.pk),
            )
        )
    return findings


# Every check, in the order findings are listed within a severity.
CHECKS: tuple[Callable[[Scope], list[Finding]], ...] = (
    check_participant_counts,
    check_session_dates,
    check_activities_without_sessions,
    check_tranche_one,
    check_approvals_within_frame,
    check_target_breakdowns,
    check_revisions_without_reason,
    check_duplicate_names,
)

# Every kind of finding, in the order of the checks, with the words the page shows for it.
KIND_LABELS: dict[str, Any] = {
    "participants_total_vs_gender": gettext_lazy("Participants: total ≠ men + women"),
    "participants_impossible": gettext_lazy("Participants: impossible counts"),
    "participants_cs_women_over_women": gettext_lazy(
        "Participants: women of civil society > women"
    ),
    "participants_sector_sum": gettext_lazy("Participants: sectors ≠ men + women"),
    "participants_sources_disagree": gettext_lazy("Participants: two sources disagree"),
    "session_before_project": gettext_lazy("Session before the project starts"),
    "session_after_project": gettext_lazy("Session after the project ends"),
    "session_outside_periods": gettext_lazy("Session outside every reporting period"),
    "activity_without_sessions": gettext_lazy("Activity without sessions past its months"),
    "tranche1_late": gettext_lazy("Tranche 1 transferred late"),
    "tranche1_over_cap": gettext_lazy("Tranche 1 above its cap"),
    "approval_above_frame": gettext_lazy("Approval above the budget frame"),
    "approval_frame_excess_recorded": gettext_lazy("Approval above the frame, with its source"),
    "target_breakdown_mismatch": gettext_lazy("Target breakdown does not add up"),
    "change_without_reason": gettext_lazy("Change without a reason"),
    "target_revision_without_reason": gettext_lazy("Target revision without a reason"),
    "change_request_without_reason": gettext_lazy("Change request without a reason"),
    "organisation_duplicate": gettext_lazy("Duplicate organisation name"),
    "organisation_near_duplicate": gettext_lazy("Near-duplicate organisation name"),
    "community_duplicate": gettext_lazy("Duplicate community name"),
    "community_near_duplicate": gettext_lazy("Near-duplicate community name"),
}

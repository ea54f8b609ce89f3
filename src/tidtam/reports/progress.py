"""The project progress report (seed 000 layout): the generator.

``progress_report(user, project, start, end)`` reads the projects core once (its
``project_page`` selector for Tables 1-3, plus one query each for agenda items, evidence and news
posts) and returns a ``ProgressReport`` of plain dataclasses. The formatters in
``tidtam.reports.progress_formats`` write HTML, PDF, DOCX and JSON from it and compute nothing.

Counts follow the seed: ``None`` (unknown) is written "..คน", ``0`` (none) "-".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tidtam.projects import calculations as calc
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    AgendaItem,
    Evidence,
    Project,
    ReportingPeriod,
)
from tidtam.projects.selectors import ProjectPage, project_page
from tidtam.thai import MONTHS_SHORT, format_date, format_date_range

# Table 2 columns: (key, people field, units field or None, unit word).
TABLE2_COLUMNS: tuple[tuple[str, str, str | None, str], ...] = (
    ("total", "total", None, "คน"),
    ("women", "women", None, "คน"),
    ("civil_society", "civil_society_people", "civil_society_orgs", "องค์กร"),
    ("civil_society_women", "civil_society_women", None, "คน"),
    ("municipality", "municipality_people", "municipality_units", "เทศบาล"),
    ("government", "government_people", "government_units", "หน่วยงาน"),
    ("academia", "academia_people", "academia_units", "หน่วยงาน"),
    ("business_media", "business_media_people", "business_media_units", "สื่อ"),
)


def table2_headers() -> list[str]:
    """Return the Table 2 column headings (activity column first)."""
    return [
        _("Activity (session n/N), date and place"),
        _("Total participants"),
        _("Women"),
        _("Civil society"),
        _("Women (civil society)"),
        _("Municipality"),
        _("Government"),
        _("Academia"),
        _("Business / media"),
    ]


def count_text(value: int | None, unit: str = "คน") -> str:
    """Write one count as the seed does: "7 คน", "..คน" when unknown, "-" when none."""
    if value is None:
        return f"..{unit}"
    if value == 0:
        return "-"
    return f"{value:,} {unit}"


def _cell_text(counts: Mapping[str, int | None], people: str, units: str | None, unit: str) -> str:
    people_value = counts.get(people)
    text = count_text(people_value)
    if units is None or text == "-":
        return text
    units_value = counts.get(units)
    if units_value is None and people_value is None:
        return f"{text} ..{unit}"
    if units_value is None or units_value == 0:
        return text
    return f"{text} {units_value:,} {unit}"


def be_period_text(start: dt.date, end: dt.date) -> str:
    """Write a period as the seed's cover does: "1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566"."""
    text = format_date_range(start, end, "long")
    if start.year == end.year:
        year = str(end.year + 543)
        if text.endswith(" " + year):
            return f"{text[: -len(year)]}พ.ศ. {year}"
    return text


@dataclass
class MonthHead:
    """One month column of Table 1."""

    month: dt.date
    label: str
    in_period: bool


@dataclass
class GridCell:
    planned: bool
    rescheduled: bool
    held: int
    in_period: bool


@dataclass
class GridRow:
    """A plan heading (``kind="plan"``) or an activity of Table 1."""

    kind: str
    number: str
    title: str
    cells: list[GridCell]
    held: int
    planned_sessions: int
    status_label: str
    note: str


@dataclass
class ResultItem:
    date_text: str
    activity: str
    text: str


@dataclass
class PlanResults:
    """Section 2: the results of the sessions held in the period, for one plan."""

    number: str
    title: str
    items: list[ResultItem]


@dataclass
class ProblemItem:
    date_text: str
    activity: str
    problems: str
    solutions: str


@dataclass
class Table2Row:
    """A session of Table 2; ``values`` are the raw counts, ``cells`` the written ones."""

    session_id: int
    date: dt.date
    date_text: str
    activity: str
    number: int | None
    of: int | None
    place: str
    project_team: int | None
    csnm: int | None
    values: dict[str, int | None]
    cells: list[str]


@dataclass
class Table2Group:
    """The sessions of one activity and their total row."""

    plan: str
    label: str
    rows: list[Table2Row]
    totals: dict[str, int | None]
    total_cells: list[str]
    incomplete: list[str]


@dataclass
class Table3Row:
    plan: str
    activity: str
    required: str
    planned: Decimal | None
    achieved: Decimal | None
    unit: str
    achieved_texts: list[str]
    percent: Decimal | None
    status_label: str


@dataclass
class Publication:
    date_text: str
    title: str
    author: str


@dataclass
class RoleRow:
    name: str
    role: str
    organisation: str


@dataclass
class AgendaEntry:
    number: int
    title: str
    summary: str


@dataclass
class Minutes:
    """Annex 1: the minutes of one session."""

    session_id: int
    activity: str
    date_text: str
    time_text: str
    place: str
    purpose: str
    expected_result: str
    opened_at: str
    closed_at: str
    agenda: list[AgendaEntry]


@dataclass
class SummaryFormRow:
    """Annex 2: one line of the activity summary form."""

    date_place: str
    activity: str
    done: str
    who: str
    results: str


@dataclass
class EvidenceRow:
    date_text: str
    activity: str
    kind: str
    name: str


@dataclass
class ProgressReport:
    """Everything the progress report shows, computed once."""

    project_code: str
    project_title: str
    programme_name: str
    funder_line: str
    implementer: str
    start: dt.date
    end: dt.date
    period_text: str
    months: list[MonthHead]
    grid: list[GridRow]
    results: list[PlanResults]
    problems: list[ProblemItem]
    table2: list[Table2Group]
    table2_totals: dict[str, int | None]
    table2_total_cells: list[str]
    table3: list[Table3Row]
    publications: list[Publication]
    minutes: list[Minutes]
    roles: list[RoleRow]
    summary_form: list[SummaryFormRow]
    evidence: list[EvidenceRow]


def _time(value: dt.time | None) -> str:
    return f"{value:%H.%M} น." if value else ""


def _date_text(start: dt.date, end: dt.date | None) -> str:
    if end and end != start:
        return format_date_range(start, end, "slash")
    return format_date(start, "slash")


def _who_text(counts: Mapping[str, int | None], others_label: str) -> str:
    parts = [f"ผู้เข้าร่วมทั้งหมด {count_text(counts.get('total'))}"]
    if counts.get("men") is not None or counts.get("women") is not None:
        parts.append(f"ชาย {count_text(counts.get('men'))} หญิง {count_text(counts.get('women'))}")
    sectors = (
        ("แกนนำชุมชน", "community_leaders"),
        ("ภาคประชาสังคม", "civil_society_people"),
        ("เทศบาล", "municipality_people"),
        ("หน่วยงานราชการ", "government_people"),
        ("ภาควิชาการ", "academia_people"),
        ("เอกชน/สื่อมวลชน", "business_media_people"),
    )
    for label, name in sectors:
        if counts.get(name) is not None:
            parts.append(f"{label} {count_text(counts.get(name))}")
    if counts.get("others_people") is not None:
        extra = f" ({others_label})" if others_label else ""
        parts.append(f"อื่นๆ {count_text(counts.get('others_people'))}{extra}")
    return "; ".join(parts)


def _period_for(project: Project, start: dt.date, end: dt.date) -> ReportingPeriod:
    """Return the project's reporting period with exactly these dates, else a transient one.

    The transient period is never saved: its pk is 0 so that the selector's lookups of review
    comments find nothing (the projects core has no start/end argument yet).
    """
    saved = ReportingPeriod.objects.filter(project=project, start=start, end=end).first()
    if saved is not None:
        return saved
    return ReportingPeriod(pk=0, project=project, start=start, end=end)


def table2_cells(counts: Mapping[str, int | None]) -> list[str]:
    """Write the Table 2 participant cells of one row (or total row)."""
    return [_cell_text(counts, p, u, w) for _key, p, u, w in TABLE2_COLUMNS]


def progress_report(user: Any, project: Project, start: dt.date, end: dt.date) -> ProgressReport:
    """Build the progress report of ``project`` for ``start``..``end`` (both included).

    Reads through ``project_page`` (which checks that ``user`` may VIEW the project) as of
    ``end``; sessions, outputs, problems and publications are those dated inside the period;
    Table 1 covers every month of the project with the period's months flagged.
    """
    period = _period_for(project, start, end)
    page: ProjectPage = project_page(user, project, as_of=end, period=period)
    project = page.project

    months = [
        MonthHead(month=m, label=MONTHS_SHORT[m.month - 1], in_period=start <= m <= end)
        for m in page.months
    ]
    # A month is in the period when any of its days is.
    for head in months:
        month_end = (head.month.replace(day=28) + dt.timedelta(days=4)).replace(
            day=1
        ) - dt.timedelta(days=1)
        head.in_period = head.month <= end and month_end >= start

    grid: list[GridRow] = []
    for r in page.plan_rows:
        cells = [
            GridCell(
                planned=c.planned, rescheduled=c.rescheduled, held=c.held, in_period=h.in_period
            )
            for c, h in zip(r.cells, months, strict=False)
        ]
        note = r.note
        if r.kind == "activity" and not note.strip():
            note = _("%(held)s of %(planned)s sessions held (%(status)s)") % {
                "held": r.held,
                "planned": r.planned_sessions,
                "status": r.status_label,
            }
        if r.reason.strip() and r.reason not in note:
            note = f"{note}\n{r.reason}".strip()
        grid.append(
            GridRow(
                kind=r.kind,
                number=r.number,
                title=r.title,
                cells=cells,
                held=r.held,
                planned_sessions=r.planned_sessions,
                status_label=r.status_label,
                note=note if r.kind == "activity" else "",
            )
        )

    session_rows = [row for g in page.session_groups for row in g.rows]
    session_rows.sort(key=lambda row: (row.date, row.session.pk))
    session_ids = [row.session.pk for row in session_rows]

    def activity_label(row: Any) -> str:
        a = row.session.activity
        if a is not None:
            return f"{a.number} {a.title}"
        return row.session.title or row.session.budget_category

    # Section 2: results per plan.
    plan_titles = {r.number: r.title for r in page.plan_rows if r.kind == "plan"}
    results_by_plan: dict[str, list[ResultItem]] = defaultdict(list)
    other_results: list[ResultItem] = []
    for g in page.session_groups:
        for row in g.rows:
            text = row.session.results.strip()
            if not text:
                continue
            item = ResultItem(
                date_text=_date_text(row.date, row.end_date),
                activity=activity_label(row),
                text=text,
            )
            if g.plan is not None:
                results_by_plan[str(g.plan.number)].append(item)
            else:
                other_results.append(item)
    results = [
        PlanResults(number=n, title=t, items=results_by_plan.get(n, []))
        for n, t in plan_titles.items()
    ]
    if other_results:
        results.append(PlanResults(number="", title=_("Other activities"), items=other_results))

    # Section 3: problems and solutions of the sessions in the period.
    problems = [
        ProblemItem(
            date_text=_date_text(row.date, row.end_date),
            activity=activity_label(row),
            problems=row.session.problems.strip(),
            solutions=row.session.solutions.strip(),
        )
        for row in session_rows
        if row.session.problems.strip() not in ("", "-", "ไม่มี", "*", "ไม่มีปัญหา")
        or row.session.solutions.strip()
    ]

    # Table 2.
    groups: list[Table2Group] = []
    for g in page.session_groups:
        rows = [
            Table2Row(
                session_id=row.session.pk,
                date=row.date,
                date_text=_date_text(row.date, row.end_date),
                activity=g.label,
                number=row.number,
                of=row.of,
                place=row.place,
                project_team=row.counts.get("project_team"),
                csnm=row.counts.get("csnm"),
                values={name: row.counts.get(name) for name in PARTICIPANT_FIELDS},
                cells=table2_cells(row.counts),
            )
            for row in g.rows
        ]
        totals = dict(g.totals.values)
        groups.append(
            Table2Group(
                plan=(f"{g.plan.number} {g.plan.title}" if g.plan is not None else ""),
                label=g.label,
                rows=rows,
                totals=totals,
                total_cells=table2_cells(totals) if rows else ["-"] * len(TABLE2_COLUMNS),
                incomplete=sorted(g.totals.incomplete),
            )
        )
    grand = calc.sum_counts([row.counts for row in session_rows], PARTICIPANT_FIELDS)
    table2_totals = dict(grand.values)

    # Table 3.
    plan_label = {
        r.activity.pk: f"{r.plan.number} {r.plan.title}"
        for r in page.plan_rows
        if r.activity is not None and r.plan is not None
    }
    table3 = [
        Table3Row(
            plan=plan_label.get(o.activity.pk, ""),
            activity=f"{o.activity.number} {o.activity.title}",
            required=o.output.description,
            planned=o.planned,
            achieved=o.achieved,
            unit=o.unit,
            achieved_texts=o.achieved_texts,
            percent=o.percent,
            status_label=o.status_label,
        )
        for o in page.outputs
    ]

    # Section 6: news posts linked to the project, published in the period.
    from tidtam.news.models import NewsPost

    posts = (
        NewsPost.objects.filter(projects=project)
        .select_related("author")
        .order_by("published_at", "pk")
    )
    publications = []
    for post in posts:
        day = dt.date.fromordinal(_local_day(post.published_at).toordinal())
        if start <= day <= end:
            publications.append(
                Publication(
                    date_text=format_date(day, "long"),
                    title=post.title,
                    author=post.author_name or (str(post.author) if post.author else ""),
                )
            )

    # Annex 1: minutes; one query for the agenda items of every session in the period.
    agenda: dict[int, list[AgendaEntry]] = defaultdict(list)
    for agenda_item in AgendaItem.objects.filter(session_id__in=session_ids).order_by(
        "session_id", "number", "pk"
    ):
        agenda[agenda_item.session_id].append(
            AgendaEntry(
                number=agenda_item.number, title=agenda_item.title, summary=agenda_item.summary
            )
        )
    minutes: list[Minutes] = []
    summary_form: list[SummaryFormRow] = []
    for row in session_rows:
        s = row.session
        time_text = ""
        if s.start_time:
            time_text = _time(s.start_time)
            if s.end_time:
                time_text = f"{time_text}-{_time(s.end_time)}"
        date_long = (
            format_date_range(s.start_date, s.end_date, "long")
            if s.end_date and s.end_date != s.start_date
            else format_date(s.start_date, "long")
        )
        minutes.append(
            Minutes(
                session_id=s.pk,
                activity=activity_label(row),
                date_text=date_long,
                time_text=time_text,
                place=s.place,
                purpose=s.purpose,
                expected_result=s.expected_result,
                opened_at=_time(s.opened_at),
                closed_at=_time(s.closed_at),
                agenda=agenda.get(s.pk, []),
            )
        )
        summary_form.append(
            SummaryFormRow(
                date_place=f"{date_long}\n{s.place}".strip(),
                activity=activity_label(row),
                done=s.activities_done or s.purpose,
                who=_who_text(row.counts, row.others_label),
                results=s.results,
            )
        )
    roles = [
        RoleRow(
            name=str(m.person) if m.person_id else "",
            role=m.role,
            organisation=(m.organisation.name if m.organisation is not None else ""),
        )
        for m in page.team
    ]

    labels = {row.session.pk: activity_label(row) for row in session_rows}
    dates = {row.session.pk: _date_text(row.date, row.end_date) for row in session_rows}
    evidence = [
        EvidenceRow(
            date_text=dates[e.session_id],
            activity=labels[e.session_id],
            kind=str(e.get_kind_display()),
            name=e.original_name,
        )
        for e in Evidence.objects.filter(session_id__in=session_ids).order_by(
            "session__start_date", "session_id", "pk"
        )
    ]

    programme = project.programme
    return ProgressReport(
        project_code=project.code,
        project_title=project.title,
        programme_name=programme.name,
        funder_line=programme.funder_line,
        implementer=(
            project.implementing_organisation.name if project.implementing_organisation else ""
        ),
        start=start,
        end=end,
        period_text=be_period_text(start, end),
        months=months,
        grid=grid,
        results=results,
        problems=problems,
        table2=groups,
        table2_totals=table2_totals,
        table2_total_cells=table2_cells(table2_totals),
        table3=table3,
        publications=publications,
        minutes=minutes,
        roles=roles,
        summary_form=summary_form,
        evidence=evidence,
    )


def _local_day(value: dt.datetime) -> dt.date:
    from django.utils import timezone

    if timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value.date()

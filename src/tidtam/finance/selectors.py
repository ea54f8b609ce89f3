"""Reads of money: the budget-status report (seed 003) and the pages' lists.

``budget_status`` computes the whole report once, in a fixed number of queries whatever the
number of projects (aggregates in SQL, no query per project), and returns plain dataclasses
that the HTML, XLSX, PDF and JSON formatters write out (``tidtam.finance.report_formats``).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from tidtam.areas.models import Region
from tidtam.finance import calculations as calc
from tidtam.finance.models import (
    BudgetFrame,
    BudgetFrameRevision,
    BudgetLine,
    Committee,
    CommitteeMeeting,
    Decision,
    ProjectApproval,
    Tranche,
    TranchePolicy,
    Transfer,
    meeting_label,
)
from tidtam.projects.models import Programme, Project, ProjectLevel, ProjectStatus
from tidtam.thai.dates import format_date
from tidtam.thai.fiscal import fiscal_year

# Seed 003 lists provincial projects first and the regional line ("งบภาค") last.
LEVEL_ROW_ORDER: dict[str, int] = {
    ProjectLevel.PROVINCIAL: 0,
    ProjectLevel.COMMUNITY: 1,
    ProjectLevel.REGIONAL: 2,
}
# ...but its summary table starts with the regional level.
LEVEL_SUMMARY_ORDER = (ProjectLevel.REGIONAL, ProjectLevel.PROVINCIAL, ProjectLevel.COMMUNITY)
RECORDED_STATUSES = {ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.CLOSED}
REGIONAL_LINE = "งบภาค"


def level_label(level: str) -> str:
    """Return the summary-table label of a level ("โครงการระดับภาค")."""
    return {
        ProjectLevel.REGIONAL: _("Regional-level projects"),
        ProjectLevel.PROVINCIAL: _("Provincial-level projects"),
        ProjectLevel.COMMUNITY: _("Community-level projects"),
    }[ProjectLevel(level)]


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary table: a level, or the grand total (``key == "total"``)."""

    key: str
    label: str
    frame: Decimal
    approved: Decimal
    approved_count: int
    frame_approved_percent: Decimal | None
    recorded_count: int
    disbursed: Decimal
    disbursed_count: int
    disbursed_percent: Decimal | None
    remaining: Decimal
    remaining_percent: Decimal | None


@dataclass(frozen=True)
class ProjectRow:
    """One project of the per-project tranche table."""

    number: int
    project_id: int
    project_code: str
    level: str
    meeting: str
    approval_date: dt.date
    province: str
    province_code: str | None
    title: str
    proposing_organisation: str
    approved: Decimal
    tranche_1: Decimal
    tranche_1_date: dt.date | None
    tranche_1_deadline: dt.date | None
    tranche_1_late: bool
    disbursed: Decimal
    remaining: Decimal
    frame_excess: Decimal
    excess_source: str


@dataclass(frozen=True)
class TotalsRow:
    """The totals of the per-project table. It has no date field, so no format can print one."""

    approved: Decimal
    tranche_1: Decimal
    disbursed: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class ChartSeries:
    """Chart data by province (the regional line is "งบภาค")."""

    labels: list[str]
    disbursed_percent: list[Decimal | None]
    approved: list[Decimal]
    disbursed: list[Decimal]


@dataclass(frozen=True)
class BudgetStatusReport:
    """Everything seed 003's budget section shows, computed once."""

    programme_code: str
    programme_name: str
    owner_name: str
    region_code: str | None
    region_name: str | None
    as_of: dt.date
    fiscal_year: int
    summary: list[SummaryRow]
    rows: list[ProjectRow]
    totals: TotalsRow
    narrative_heading: str
    narrative: list[str]
    chart: ChartSeries
    committee_names: list[str] = field(default_factory=list)
    late_count: int = 0

    @property
    def grand_total(self) -> SummaryRow:
        """Return the last summary line (รวมทั้งสิ้น)."""
        return self.summary[-1]


def _region_project_filter(region: Region | None, programme: Programme, prefix: str = "") -> Q:
    """Return the filter of a region's projects: its provinces, and the regional line when the
    programme belongs to that region (or to none)."""
    if region is None:
        return Q()
    q = Q(**{f"{prefix}province__in": region.provinces.all()})
    if programme.region_id in (None, region.pk):
        q |= Q(**{f"{prefix}province__isnull": True})
    return q


def _frames(programme: Programme, region: Region | None, up_to_year: int) -> dict[str, Decimal]:
    frames = BudgetFrame.objects.filter(programme=programme, fiscal_year__lte=up_to_year)
    if region is not None:
        area = Q(province__in=region.provinces.all()) | Q(region=region)
        if programme.region_id == region.pk:
            area |= Q(province__isnull=True, region__isnull=True)
        frames = frames.filter(area)
    by_level: dict[str, Decimal] = {}
    for row in frames.values("level").annotate(total=Sum("amount")):
        by_level[row["level"]] = calc.total([row["total"]])
    return by_level


def approved_projects(
    programme: Programme, *, as_of: dt.date, region: Region | None = None
) -> QuerySet[ProjectApproval]:
    """Return the approvals (with project, province, organisation, meeting) dated up to ``as_of``."""
    return (
        ProjectApproval.objects.filter(project__programme=programme, approval_date__lte=as_of)
        .filter(_region_project_filter(region, programme, "project__"))
        .select_related(
            "project__province",
            "project__proposing_organisation",
            "decision__meeting",
        )
    )


def budget_status(
    programme: Programme, *, region: Region | None = None, as_of: dt.date
) -> BudgetStatusReport:
    """Compute the budget-status report of ``programme`` (optionally one region) as of a date.

    Includes approvals dated up to ``as_of`` and transfers (and reversals) dated up to
    ``as_of``; frames of the fiscal years up to the one ``as_of`` falls in. "Recorded" counts
    approved projects whose record is in Tidtam in an approved, active or closed status.
    A fixed number of queries (5 or 6) whatever the number of projects.
    """
    fy = fiscal_year(as_of)
    approved = approved_projects(programme, as_of=as_of, region=region)
    # Plain values, not model instances: building 6 objects per project costs more than SQL.
    approvals = list(
        approved.values(
            "project_id",
            "approved_budget",
            "approval_date",
            "frame_excess",
            "excess_source",
            "project__code",
            "project__title",
            "project__level",
            "project__status",
            "project__province_id",
            "project__province__name_th",
            "project__proposing_organisation__name",
            "decision__meeting_id",
            "decision__meeting__number",
            "decision__meeting__fiscal_year",
            "decision__meeting__start_date",
            "decision__meeting__end_date",
        )
    )
    in_report = approved.values("project_id")
    # Not reversed on or before ``as_of``. A correlated NOT EXISTS on the reversal's unique
    # ``reverses`` column, not a LEFT JOIN: most transfers are never reversed, and SQLite's
    # planner then scans every transfer for each joined row (30 s at 2,000 projects).
    effective = ~Exists(Transfer.objects.filter(reverses_id=OuterRef("pk"), date__lte=as_of))
    money: dict[int, dict[str, Any]] = {
        row["project_id"]: dict(row)
        for row in Transfer.objects.filter(project_id__in=in_report, date__lte=as_of)
        .values("project_id")
        .annotate(
            disbursed=Sum("amount"),
            tranche_1=Sum("amount", filter=Q(tranche__number=1)),
            tranche_1_date=Max("date", filter=Q(effective, tranche__number=1, amount__gt=0)),
        )
    }
    deadlines = dict(
        Tranche.objects.filter(project_id__in=in_report, number=1).values_list(
            "project_id", "deadline"
        )
    )
    frames = _frames(programme, region, fy)

    approvals.sort(
        key=lambda a: (
            LEVEL_ROW_ORDER.get(a["project__level"], 9),
            a["approval_date"],
            a["project__code"],
        )
    )
    meetings: dict[int, str] = {}
    rows: list[ProjectRow] = []
    for number, a in enumerate(approvals, start=1):
        project_id = a["project_id"]
        m = money.get(project_id, {})
        disbursed = calc.total([m.get("disbursed")])
        t1_date = m.get("tranche_1_date")
        deadline = deadlines.get(project_id)
        meeting_id = a["decision__meeting_id"]
        if meeting_id is not None and meeting_id not in meetings:
            meetings[meeting_id] = meeting_label(
                a["decision__meeting__number"],
                a["decision__meeting__fiscal_year"],
                a["decision__meeting__start_date"],
                a["decision__meeting__end_date"],
            )
        rows.append(
            ProjectRow(
                number=number,
                project_id=project_id,
                project_code=a["project__code"],
                level=a["project__level"],
                meeting=meetings.get(meeting_id, "") if meeting_id is not None else "",
                approval_date=a["approval_date"],
                province=a["project__province__name_th"] or REGIONAL_LINE,
                province_code=a["project__province_id"],
                title=a["project__title"],
                proposing_organisation=a["project__proposing_organisation__name"],
                approved=a["approved_budget"],
                tranche_1=calc.total([m.get("tranche_1")]),
                tranche_1_date=t1_date,
                tranche_1_deadline=deadline,
                tranche_1_late=calc.is_late(t1_date, deadline),
                disbursed=disbursed,
                remaining=calc.remaining(a["approved_budget"], disbursed),
                frame_excess=a["frame_excess"],
                excess_source=a["excess_source"],
            )
        )
    statuses = {a["project_id"]: a["project__status"] for a in approvals}

    summary: list[SummaryRow] = []
    levels = [
        lvl for lvl in LEVEL_SUMMARY_ORDER if lvl in frames or any(r.level == lvl for r in rows)
    ]
    for level in levels:
        summary.append(
            _summary_row(
                level,
                level_label(level),
                frames.get(level, calc.ZERO),
                [r for r in rows if r.level == level],
                statuses,
            )
        )
    summary.append(
        _summary_row("total", _("Grand total"), calc.total(frames.values()), rows, statuses)
    )
    totals = TotalsRow(
        approved=calc.total(r.approved for r in rows),
        tranche_1=calc.total(r.tranche_1 for r in rows),
        disbursed=calc.total(r.disbursed for r in rows),
        remaining=calc.total(r.remaining for r in rows),
    )
    policy = TranchePolicy.objects.filter(programme=programme).first()
    owner = programme.owner
    owner_name = owner.short_name or owner.name
    heading, narrative = _narrative(programme.name, summary, rows, as_of, owner_name, policy)
    return BudgetStatusReport(
        programme_code=programme.code,
        programme_name=programme.name,
        owner_name=owner_name,
        region_code=region.code if region else None,
        region_name=region.name_th if region else None,
        as_of=as_of,
        fiscal_year=fy,
        summary=summary,
        rows=rows,
        totals=totals,
        narrative_heading=heading,
        narrative=narrative,
        chart=_chart(rows),
        late_count=sum(1 for r in rows if r.tranche_1_late),
    )


def _summary_row(
    key: str, label: str, frame: Decimal, rows: list[ProjectRow], statuses: dict[int, str]
) -> SummaryRow:
    approved = calc.total(r.approved for r in rows)
    disbursed = calc.total(r.disbursed for r in rows)
    disbursed_percent, remaining_percent = calc.percent_pair(disbursed, approved)
    return SummaryRow(
        key=key,
        label=label,
        frame=frame,
        approved=approved,
        approved_count=len(rows),
        frame_approved_percent=calc.percent(approved, frame),
        recorded_count=sum(1 for r in rows if statuses.get(r.project_id) in RECORDED_STATUSES),
        disbursed=disbursed,
        disbursed_count=sum(1 for r in rows if r.disbursed > 0),
        disbursed_percent=disbursed_percent,
        remaining=calc.remaining(approved, disbursed),
        remaining_percent=remaining_percent,
    )


def _chart(rows: list[ProjectRow]) -> ChartSeries:
    groups: OrderedDict[str, list[ProjectRow]] = OrderedDict()
    for row in rows:
        groups.setdefault(row.province, []).append(row)
    labels = list(groups)
    approved = [calc.total(r.approved for r in g) for g in groups.values()]
    disbursed = [calc.total(r.disbursed for r in g) for g in groups.values()]
    return ChartSeries(
        labels=labels,
        disbursed_percent=[calc.percent(d, a) for d, a in zip(disbursed, approved, strict=True)],
        approved=approved,
        disbursed=disbursed,
    )


def _narrative(
    programme_name: str,
    summary: list[SummaryRow],
    rows: list[ProjectRow],
    as_of: dt.date,
    owner_name: str,
    policy: TranchePolicy | None,
) -> tuple[str, list[str]]:
    """Write seed 003's sentences 1.1-1.3 from the figures (Thai, as the report is)."""
    total = summary[-1]
    by_level = {s.key: s for s in summary[:-1]}
    level_words = {
        ProjectLevel.REGIONAL: "ระดับภาค",
        ProjectLevel.PROVINCIAL: "ระดับจังหวัด",
        ProjectLevel.COMMUNITY: "ระดับชุมชน",
    }
    amount = calc.format_amount
    heading = (
        f"{programme_name} กรอบงบประมาณ {amount(total.frame)} บาท "
        f"มีการดำเนินงาน ณ เดือน{format_date(as_of, 'month')} ดังนี้"
    )
    approved_parts = [
        f"{level_words[ProjectLevel(k)]} จำนวน {s.approved_count} โครงการ"
        if i == 0
        else f"{level_words[ProjectLevel(k)]} {s.approved_count} โครงการ"
        for i, (k, s) in enumerate(by_level.items())
    ]
    s11 = (
        "1.1 จำนวนโครงการและงบประมาณที่มีการอนุมัติ ให้แก่องค์กรชุมชน "
        + " และ ".join(approved_parts)
        + f" รวม {total.approved_count} โครงการ วงเงินงบประมาณ {amount(total.approved)} บาท "
        f"คิดเป็น ร้อยละ {calc.format_percent(total.frame_approved_percent)} "
        "ของกรอบงบประมาณที่ได้รับการจัดสรร"
    )
    if total.recorded_count == total.approved_count:
        s12 = (
            "1.2 การบันทึกข้อมูลในระบบโปรแกรม พบว่า มีการอนุมัติโครงการในระบบโปรแกรม "
            f"จำนวน {total.recorded_count} โครงการได้ครบถ้วน"
        )
    else:
        s12 = (
            "1.2 การบันทึกข้อมูลในระบบโปรแกรม พบว่า มีการอนุมัติโครงการในระบบโปรแกรม "
            f"จำนวน {total.recorded_count} โครงการ จากที่อนุมัติ {total.approved_count} โครงการ"
        )
    disbursed_parts = " ".join(
        f"โครงการ{level_words[ProjectLevel(k)]} จำนวน {s.disbursed_count} โครงการ"
        for k, s in by_level.items()
    )
    tranche_1_count = sum(1 for r in rows if r.tranche_1 > 0)
    s13 = (
        f"1.3 จำนวนงบประมาณที่มีการเบิกจ่าย (ณ วันที่ {format_date(as_of, 'long')}) "
        f"จำนวน {amount(total.disbursed)} บาท ({calc.baht_text(total.disbursed)}) "
        f"คิดเป็นร้อยละ {calc.format_percent(total.disbursed_percent)} ของกรอบงบอนุมัติ "
        f"โดยโครงการที่เบิกจ่าย เป็น{disbursed_parts} "
        f"รวมเบิกจ่ายงวด 1 แล้ว {tranche_1_count} โครงการ "
        f"ซึ่งยังเหลือการเบิกจ่ายงวด 2 งบประมาณ จำนวน {amount(total.remaining)} บาท "
        f"คิดเป็นร้อยละคงเหลือ {calc.format_percent(total.remaining_percent)}"
    )
    if policy is not None:
        caps = policy.caps()
        parts = " และ ".join(
            (
                f"งวดแรกไม่เกินร้อยละ {calc.format_percent(c)}"
                if i == 0
                else f"งวด{_thai_ordinal(i + 1)}ร้อยละ {calc.format_percent(c)}"
            )
            for i, c in enumerate(caps)
        )
        s13 += (
            f" ทั้งนี้ {owner_name} ได้ดำเนินการการเบิกจ่ายตามเงื่อนไข โดยแบ่งการเบิกจ่ายเป็น "
            f"{policy.tranche_count} งวด {parts} การเบิกจ่ายงบประมาณงวดแรก ภายใน "
            f"{policy.first_tranche_deadline_months} เดือน นับจากวันที่ได้รับอนุมัติโครงการ"
        )
    return heading, [s11, s12, s13]


def _thai_ordinal(n: int) -> str:
    words = {2: "สอง", 3: "สาม", 4: "สี่", 5: "ห้า", 6: "หก"}
    return words.get(n, str(n))


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrancheLine:
    """A tranche on the project finance page, with what was transferred against it."""

    tranche: Tranche
    transferred: Decimal
    left: Decimal
    late: bool


@dataclass(frozen=True)
class BudgetLineRow:
    """A budget line with what was spent against it (planned vs spent)."""

    name: str
    category: str
    activity: str
    planned: Decimal
    spent: Decimal
    left: Decimal
    spent_percent: Decimal | None


def budget_lines(project: Project) -> list[BudgetLineRow]:
    """Return the project's budget lines with the spending summed in SQL (one query)."""
    rows = []
    for line in (
        BudgetLine.objects.filter(project=project)
        .select_related("activity")
        .annotate(spent=Sum("expenditures__amount"))
        .order_by("pk")
    ):
        spent = calc.total([line.spent])
        rows.append(
            BudgetLineRow(
                name=line.name,
                category=line.get_category_display(),
                activity=f"{line.activity.number} {line.activity.title}" if line.activity else "",
                planned=line.planned_amount,
                spent=spent,
                left=calc.remaining(line.planned_amount, spent),
                spent_percent=calc.percent(spent, line.planned_amount),
            )
        )
    return rows


def project_finance(project: Project) -> dict[str, Any]:
    """Return the project's approval, tranches (with amounts transferred) and transfers."""
    approval = (
        ProjectApproval.objects.select_related("decision__meeting", "frame")
        .filter(project=project)
        .first()
    )
    tranches = list(Tranche.objects.filter(project=project).order_by("number"))
    transfers = list(
        Transfer.objects.filter(project=project)
        .select_related("tranche", "reverses", "created_by")
        .order_by("date", "pk")
    )
    reversed_ids = {t.reverses_id for t in transfers if t.reverses_id}
    lines = []
    for tranche in tranches:
        mine = [t for t in transfers if t.tranche_id == tranche.pk]
        transferred = calc.total(t.amount for t in mine)
        first_date = min(
            (t.date for t in mine if t.amount > 0 and t.pk not in reversed_ids), default=None
        )
        lines.append(
            TrancheLine(
                tranche=tranche,
                transferred=transferred,
                left=tranche.planned_amount - transferred,
                late=tranche.number == 1 and calc.is_late(first_date, tranche.deadline),
            )
        )
    disbursed = calc.total(t.amount for t in transfers)
    approved = approval.approved_budget if approval else calc.ZERO
    return {
        "approval": approval,
        "tranches": lines,
        "transfers": transfers,
        "reversed_ids": reversed_ids,
        "disbursed": disbursed,
        "remaining": calc.remaining(approved, disbursed),
        "disbursed_percent": calc.percent(disbursed, approved),
        "budget_lines": budget_lines(project),
    }


@dataclass(frozen=True)
class FrameLine:
    """A budget frame on the programme page: what is approved in it and its revisions."""

    frame: BudgetFrame
    approved: Decimal
    left: Decimal
    revisions: list[BudgetFrameRevision]


def programme_frames(programme: Programme) -> list[FrameLine]:
    """Return the programme's frames with the approved total in each and every revision.

    Two queries: the frames with their approved sums, then all their revisions.
    """
    frames = list(
        BudgetFrame.objects.filter(programme=programme)
        .select_related("province", "region")
        .annotate(approved_sum=Sum("approvals__approved_budget"))
        .order_by("-fiscal_year", "level", "province__code", "region__order")
    )
    revisions: dict[int, list[BudgetFrameRevision]] = {f.pk: [] for f in frames}
    for revision in (
        BudgetFrameRevision.objects.filter(frame__programme=programme)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    ):
        revisions[revision.frame_id].append(revision)
    lines = []
    for frame in frames:
        approved = calc.total([frame.approved_sum])
        lines.append(
            FrameLine(
                frame=frame,
                approved=approved,
                left=frame.amount - approved,
                revisions=revisions[frame.pk],
            )
        )
    return lines


def programme_committees(
    committees: QuerySet[Committee], decisions: QuerySet[Decision]
) -> list[Committee]:
    """Return the committees with ``meetings_list`` (newest first) each with ``decisions_list``.

    ``decisions`` is the (already scoped) set of decisions to show, e.g. those on one
    programme's projects. Three queries whatever the number of meetings.
    """
    return list(
        committees.prefetch_related(
            Prefetch(
                "meetings",
                queryset=CommitteeMeeting.objects.order_by(
                    "-fiscal_year", "-number"
                ).prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=decisions.select_related("project", "approval").order_by("pk"),
                        to_attr="decisions_list",
                    )
                ),
                to_attr="meetings_list",
            )
        ).order_by("name")
    )

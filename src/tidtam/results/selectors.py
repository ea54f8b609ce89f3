"""Reads of indicators, targets and results: the quarterly KPI report (computed once) and the dashboards.

``kpi_report`` is the generator: a fixed number of queries (indicators, targets, approved results,
revisions, regions, one per built-in source) whatever the number of indicators, then the numbers
from ``tidtam.results.calculations``. The formatters (``tidtam.results.formats``) and the web
pages only present its rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from tidtam.accounts import access
from tidtam.accounts.access import Action, Role, ScopeKind
from tidtam.areas.models import Region, RegionGrouping
from tidtam.projects.models import ReviewStatus
from tidtam.results import calculations as calc
from tidtam.results import sources
from tidtam.results.models import (
    Indicator,
    IndicatorKind,
    Result,
    Target,
    TargetRevision,
)

CARRIED_RULE_LABELS = {
    calc.CarriedRule.CARRIED_FORWARD: gettext_lazy("carried forward"),
    calc.CarriedRule.ANNUAL_REMAINDER: gettext_lazy("annual remainder"),
    calc.CarriedRule.ANNUAL_REACHED: gettext_lazy("annual target reached"),
    calc.CarriedRule.QUARTER_TARGET: gettext_lazy("quarter's own target"),
    calc.CarriedRule.ANNUAL_ONLY: gettext_lazy("annual target only"),
    calc.CarriedRule.CUMULATIVE_OF_BASE: gettext_lazy("cumulative percent of the base"),
    calc.CarriedRule.PASS_FAIL: gettext_lazy("pass or fail"),
}
COLOUR_LABELS = {
    calc.Colour.RED: gettext_lazy("red"),
    calc.Colour.YELLOW: gettext_lazy("yellow"),
    calc.Colour.GREEN: gettext_lazy("green"),
}
# The fixed words of the calculations' explanations, translated when shown (``explain_text``);
# formulas made of symbols and numbers ("(T1 + T2) − (R1)") need no translation.
EXPLANATION_TEXTS = (
    gettext_noop("A (annual target only)"),
    gettext_noop("green when nothing happened"),
    gettext_noop("latest result = 1 (pass)"),
    gettext_noop("latest result reported"),
    gettext_noop("lower is better: a result of 0 is best"),
    gettext_noop("no colour for this indicator"),
    gettext_noop("no quarterly target set"),
    gettext_noop("pass = 1"),
    gettext_noop("pass → green, fail → red"),
    gettext_noop("result so far vs target so far"),
    gettext_noop("result so far ≥ target so far"),
    gettext_noop("result so far ≤ target so far"),
    gettext_noop("year colour = green"),
    gettext_noop("target ÷ result × 100 (lower is better)"),
    gettext_noop("result ÷ target × 100"),
    gettext_noop("annual target (set for the year)"),
    gettext_noop("percent of the base due by the end of the year"),
    gettext_noop("((R1 + … + Rq) ÷ base × 100) ÷ Tq × 100"),
    gettext_noop("(R1 + … + Rq) ÷ base × 100"),
    gettext_noop("pass or fail has no percent"),
    gettext_noop("result blank or 0"),
    gettext_noop("no percent → no colour"),
    gettext_noop("no result"),
)


def explain_text(text: str) -> str:
    """Return an explanation's formula or working in the reader's language (symbols stay)."""
    return _(text) if text else text


ADDITIVE_TARGETS = {IndicatorKind.COUNT, IndicatorKind.COMPOSITE}
ADDITIVE_RESULTS = {IndicatorKind.COUNT, IndicatorKind.COMPOSITE, IndicatorKind.BASE_PERCENT}
NO_BREAKDOWN = {IndicatorKind.BASE_PERCENT, IndicatorKind.COMPOSITE}
COUNTED = (ReviewStatus.APPROVED,)


@dataclass(frozen=True)
class RevisionRow:
    quarter: int
    region: str
    old_value: Decimal
    new_value: Decimal
    revised_on: dt.date
    approver: str
    reason: str


@dataclass(frozen=True)
class BreakdownRow:
    """One region's (or province's) numbers under an indicator."""

    region_id: int
    label: str
    year: calc.YearFigures


@dataclass(frozen=True)
class KpiRow:
    """One indicator of the KPI report, with every number computed and explained."""

    id: int
    code: str
    name: str
    unit: str
    kind: str
    kind_label: str
    direction: str
    owner: str
    depth: int
    parent_code: str
    source: str
    year: calc.YearFigures
    milestones: tuple[str, str, str, str]
    narrative: str
    next_steps: str
    problems: str
    revisions: tuple[RevisionRow, ...]
    breakdown: tuple[BreakdownRow, ...]
    breakdown_mismatches: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColourCount:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class KpiReport:
    fiscal_year: int
    quarter: int
    region_id: int | None
    region_label: str
    rows: tuple[KpiRow, ...]
    generated_at: dt.datetime
    colour_counts: tuple[ColourCount, ...] = field(default=())

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        return (
            ("red", _("red: below 50 percent of the target")),
            ("yellow", _("yellow: 50 to 80 percent of the target")),
            ("green", _("green: above 80 percent of the target")),
        )


# ---------------------------------------------------------------------------------------------
# Scope


def user_region_ids(user: Any) -> set[int] | None:
    """Return the regions (default grouping) a user's grants cover; None = the whole country.

    Province grants count as the region of the province.
    """
    if getattr(user, "is_superuser", False):
        return None
    grants = access.grants_of(user)
    if any(g.scope_kind == ScopeKind.COUNTRY and g.role != Role.FUNDER for g in grants):
        return None
    regions = {r for g in grants for r in g.region_ids}
    provinces = {p for g in grants if g.scope_kind == ScopeKind.PROVINCE for p in g.province_codes}
    if provinces:
        mapping = sources.province_region_map()
        regions |= {mapping[p] for p in provinces if p in mapping}
    return regions


def scope_key(user: Any) -> Any:
    """Return a value equal for two users who may see exactly the same data (cache keys).

    What a user may see follows from their grants alone (``accounts.access``): administrators
    see everything; anyone else sees what their resolved grants (roles and scopes, organisation
    trees expanded) cover. ``None`` (the CLI) is the whole country.
    """
    if user is None:
        return "country"
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return "nobody"
    if access.is_administrator(user):
        return "administrator"
    return frozenset(access.grants_of(user))


def default_regions() -> list[Region]:
    """Return the regions of the default grouping, in order (one query)."""
    grouping = RegionGrouping.objects.filter(is_default=True).first()
    if grouping is None:
        return []
    return list(Region.objects.filter(grouping=grouping).order_by("order", "code"))


def indicators_for_year(user: Any, fiscal_year: int) -> QuerySet[Indicator]:
    """Return the active indicators the user may see that have a target in ``fiscal_year``,
    a built-in source, or components (composites), ordered by code."""
    has_target = Target.objects.filter(indicator=OuterRef("pk"), fiscal_year=fiscal_year)
    has_component = Indicator.objects.filter(parent=OuterRef("pk"))
    qs = (
        Indicator.objects.filter(is_active=True)
        .filter(Exists(has_target) | ~Q(source="") | Exists(has_component))
        .select_related("owner", "parent")
        .order_by("sort_key", "code", "pk")
    )
    return _scoped(user, qs)


def _scoped(user: Any, qs: QuerySet[Any], action: Action = Action.VIEW) -> QuerySet[Any]:
    """Scope ``qs`` to the user; ``user=None`` is the explicit whole-country scope (the CLI)."""
    if user is None:
        return qs
    return access.scoped(user, qs, action)


# ---------------------------------------------------------------------------------------------
# The generator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a report is computed and laid out.

    A national report creates a few hundred thousand small objects (numbers, explanations,
    rows), all alive until the response is sent; each allocation burst makes the collector walk
    every object of the process again and again, which measured at about two thirds of the
    report's CPU time. None of these objects forms a reference cycle, so nothing is lost: the
    collector runs as usual afterwards. Nested or concurrent use only resumes what it paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _four() -> list[Decimal | None]:
    return [None, None, None, None]


@dataclass
class _Slot:
    """Targets (0..4) and results (1..4) of one indicator for the total or one region."""

    targets: dict[int, Decimal] = field(default_factory=dict)
    results: dict[int, Decimal] = field(default_factory=dict)
    milestones: dict[int, str] = field(default_factory=dict)

    def numbers(self, ind: Indicator, *, base: Decimal | None = None) -> calc.IndicatorNumbers:
        return calc.IndicatorNumbers(
            kind=ind.kind,
            quarter_targets=tuple(self.targets.get(q) for q in (1, 2, 3, 4)),
            results=tuple(self.results.get(q) for q in (1, 2, 3, 4)),
            annual_target=self.targets.get(0),
            direction=ind.direction,
            colour_rule=ind.colour_rule,
            red_below=ind.red_below,
            green_above=ind.green_above,
            pass_rule=ind.pass_rule,
            base=base if base is not None else ind.base,
        )


@dataclass
class _Texts:
    narrative: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _add(mapping: dict[int, Decimal], key: int, value: Decimal | None) -> None:
    if value is None:
        return
    mapping[key] = mapping.get(key, Decimal(0)) + value


def kpi_report(
    user: Any,
    fiscal_year: int,
    quarter: int,
    *,
    region_id: int | None = None,
    indicator_ids: Iterable[int] | None = None,
    breakdown: bool = True,
) -> KpiReport:
    """Compute the quarterly KPI report of ``fiscal_year`` as at the end of ``quarter``.

    Includes the indicators the user may see (``indicators_for_year``); only approved results
    count. Without ``region_id`` the numbers are the country's: the total rows where they exist,
    else the sum of the regions' rows (for additive kinds), with a breakdown table per region.
    With ``region_id`` the numbers are that region's rows only. A user whose grants cover only
    some regions sees only their results. ``user=None`` means the whole country (the CLI).
    ``breakdown=False`` leaves out the regional tables (the dashboard shows only the tiles);
    every other number is the same.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    with gc_paused():
        return _kpi_report(user, fiscal_year, quarter, region_id, indicator_ids, breakdown)


def _kpi_report(
    user: Any,
    fiscal_year: int,
    quarter: int,
    region_id: int | None,
    indicator_ids: Iterable[int] | None,
    breakdown: bool,
) -> KpiReport:
    indicators_qs = indicators_for_year(user, fiscal_year)
    if indicator_ids is not None:
        wanted = set(indicator_ids)
        # Composites need their components, even when only the composite is asked for.
        indicators_qs = indicators_qs.filter(Q(pk__in=wanted) | Q(parent_id__in=wanted))
    indicators = list(indicators_qs)
    ids = [i.pk for i in indicators]
    regions = default_regions()
    region_names = {r.pk: r.name_th for r in regions}

    totals: dict[int, _Slot] = defaultdict(_Slot)
    region_slots: dict[int, dict[int, _Slot]] = defaultdict(lambda: defaultdict(_Slot))
    has_total_target: dict[int, set[int]] = defaultdict(set)
    has_total_result: dict[int, set[int]] = defaultdict(set)
    region_target_sum: dict[int, dict[int, Decimal]] = defaultdict(dict)
    texts: dict[int, _Texts] = defaultdict(_Texts)

    targets = Target.objects.filter(indicator_id__in=ids, fiscal_year=fiscal_year).values_list(
        "indicator_id", "quarter", "region_id", "province_id", "value", "milestone"
    )
    for ind_id, q, reg, prov, value, milestone in targets:
        if prov is not None:
            continue  # province targets are shown on the indicator page, not in the KPI tables
        if reg is None:
            totals[ind_id].targets[q] = value
            has_total_target[ind_id].add(q)
            if milestone:
                totals[ind_id].milestones[q] = milestone
        else:
            region_slots[ind_id][reg].targets[q] = value
            _add(region_target_sum[ind_id], q, value)
            if milestone:
                region_slots[ind_id][reg].milestones[q] = milestone

    results = _scoped(
        user,
        Result.objects.filter(
            indicator_id__in=ids, fiscal_year=fiscal_year, status__in=COUNTED, quarter__lte=quarter
        ),
    ).values_list(
        "indicator_id",
        "quarter",
        "region_id",
        "province_id",
        "value",
        "narrative",
        "next_steps",
        "problems",
    )
    region_result_sum: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for ind_id, q, reg, prov, value, narrative, next_steps, problems in results:
        if prov is not None:
            continue
        if reg is None:
            if value is not None:
                totals[ind_id].results[q] = value
            has_total_result[ind_id].add(q)
            prefix = ""
        else:
            if value is not None:
                region_slots[ind_id][reg].results[q] = value
            _add(region_result_sum[ind_id], q, value)
            prefix = f"{region_names.get(reg, '')}: "
        if q == quarter and (region_id is None or reg == region_id):
            for attr, text in (
                ("narrative", narrative),
                ("next_steps", next_steps),
                ("problems", problems),
            ):
                if text.strip():
                    getattr(texts[ind_id], attr).append(prefix + text.strip())

    revisions: dict[int, list[RevisionRow]] = defaultdict(list)
    for rev in (
        TargetRevision.objects.filter(target__indicator_id__in=ids, target__fiscal_year=fiscal_year)
        .order_by("revised_on", "pk")
        .values_list(
            "target__indicator_id",
            "target__quarter",
            "target__region__name_th",
            "old_value",
            "new_value",
            "revised_on",
            "approver",
            "reason",
        )
    ):
        revisions[rev[0]].append(RevisionRow(rev[1], rev[2] or "", *rev[3:]))

    # Built-in sources: one computation per (source, programme, project).
    source_cache: dict[tuple[str, int | None, int | None], sources.SourceValues] = {}
    source_notes: dict[int, list[str]] = defaultdict(list)
    for ind in indicators:
        if not ind.source:
            continue
        key = (ind.source, ind.programme_id, ind.project_id)
        if key not in source_cache:
            source_cache[key] = sources.source_values(
                ind.source, fiscal_year, programme_id=ind.programme_id, project_id=ind.project_id
            )
        if not sources.source_available(ind.source):
            source_notes[ind.pk].append(
                _("Computed from finance data, which is not available yet.")
            )
        values = source_cache[key]
        totals[ind.pk].results = {
            q: v for (q, r), v in values.items() if r is None and q <= quarter
        }
        has_total_result[ind.pk] = set(totals[ind.pk].results)
        for (q, r), v in values.items():
            if r is not None and q <= quarter:
                region_slots[ind.pk][r].results[q] = v

    # The country's numbers: total rows, else the sum of the regions for additive kinds.
    def country_slot(ind: Indicator) -> _Slot:
        slot = totals[ind.pk]
        if ind.kind in ADDITIVE_TARGETS:
            for q, v in region_target_sum[ind.pk].items():
                slot.targets.setdefault(q, v)
        if ind.kind in ADDITIVE_RESULTS and not ind.source:
            for q, v in region_result_sum[ind.pk].items():
                if q not in has_total_result[ind.pk]:
                    slot.results[q] = v
        return slot

    def slot_for(ind: Indicator) -> _Slot:
        if region_id is None:
            return country_slot(ind)
        return region_slots[ind.pk].get(region_id, _Slot())

    by_id = {i.pk: i for i in indicators}
    children: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        if ind.parent_id in by_id:
            children[ind.parent_id].append(ind)

    def depth_of(ind: Indicator) -> int:
        depth, current = 0, ind
        while current.parent_id in by_id and depth < 5:
            depth += 1
            current = by_id[current.parent_id]
        return depth

    def numbers_of(ind: Indicator, seen: frozenset[int] = frozenset()) -> calc.IndicatorNumbers:
        if ind.kind == IndicatorKind.COMPOSITE and ind.pk not in seen:
            parts = [numbers_of(c, seen | {ind.pk}) for c in children[ind.pk]]
            return calc.composite_numbers(slot_for(ind).numbers(ind), parts)
        return slot_for(ind).numbers(ind)

    kind_labels = {k: str(v) for k, v in IndicatorKind.choices}
    rows: list[KpiRow] = []
    for ind in _tree_order(indicators, children):
        if ind.kind == IndicatorKind.COMPOSITE:
            year = calc.composite_year(
                numbers_of(ind),
                [(c.code, numbers_of(c)) for c in children[ind.pk]],
                quarter,
            )
        else:
            year = calc.indicator_year(numbers_of(ind), quarter)
        region_rows: list[BreakdownRow] = []
        mismatches: list[str] = []
        if breakdown and region_id is None and ind.kind not in NO_BREAKDOWN:
            for region in regions:
                slot = region_slots[ind.pk].get(region.pk)
                if slot is None or not (slot.targets or slot.results):
                    continue
                region_rows.append(
                    BreakdownRow(
                        region.pk, region.name_th, calc.indicator_year(slot.numbers(ind), quarter)
                    )
                )
        if region_id is None and ind.kind in ADDITIVE_TARGETS:
            mismatches = _mismatches(
                totals[ind.pk], has_total_target[ind.pk], region_target_sum[ind.pk]
            )
        slot = slot_for(ind)
        t = texts[ind.pk]
        rows.append(
            KpiRow(
                id=ind.pk,
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                kind=ind.kind,
                kind_label=kind_labels.get(ind.kind, ind.kind),
                direction=ind.direction,
                owner=(ind.owner.short_name or ind.owner.name) if ind.owner else "",
                depth=depth_of(ind),
                parent_code=by_id[ind.parent_id].code if ind.parent_id in by_id else "",
                source=ind.source,
                year=year,
                milestones=tuple(slot.milestones.get(q, "") for q in (1, 2, 3, 4)),  # type: ignore[arg-type]
                narrative="\n".join(t.narrative),
                next_steps="\n".join(t.next_steps),
                problems="\n".join(t.problems),
                revisions=tuple(revisions[ind.pk]),
                breakdown=tuple(region_rows),
                breakdown_mismatches=tuple(mismatches),
                notes=tuple(source_notes[ind.pk]),
            )
        )
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.year.annual_colour.colour is not None:
            counts[row.year.annual_colour.colour.value] += 1
    return KpiReport(
        fiscal_year=fiscal_year,
        quarter=quarter,
        region_id=region_id,
        region_label=region_names.get(region_id, "") if region_id else "",
        rows=tuple(rows),
        generated_at=timezone.now(),
        colour_counts=tuple(
            ColourCount(c.value, str(COLOUR_LABELS[c]), counts[c.value]) for c in calc.Colour
        ),
    )


def _tree_order(
    indicators: list[Indicator], children: dict[int, list[Indicator]]
) -> list[Indicator]:
    """Return the indicators in code order, each composite followed by its components."""
    by_id = {i.pk for i in indicators}
    ordered: list[Indicator] = []
    seen: set[int] = set()

    def visit(ind: Indicator) -> None:
        if ind.pk in seen:
            return
        seen.add(ind.pk)
        ordered.append(ind)
        for child in children.get(ind.pk, []):
            visit(child)

    for ind in indicators:
        if ind.parent_id is None or ind.parent_id not in by_id:
            visit(ind)
    for ind in indicators:  # anything left (a cycle) still appears once
        visit(ind)
    return ordered


def _mismatches(total: _Slot, explicit: set[int], region_sum: dict[int, Decimal]) -> list[str]:
    """Return a message for each quarter whose regional targets do not add up to the total target."""
    messages = []
    for q in sorted(explicit):
        if q not in region_sum:
            continue
        if not calc.breakdown_matches(total.targets.get(q), [region_sum[q]]):
            label = _("the year") if q == 0 else _("quarter %(q)s") % {"q": q}
            messages.append(
                _(
                    "The regional targets of %(period)s add up to %(parts)s, not to the target %(total)s."
                )
                % {
                    "period": label,
                    "parts": calc.fmt(region_sum[q]),
                    "total": calc.fmt(total.targets.get(q)),
                }
            )
    return messages


def find_row(report: KpiReport, indicator_id: int) -> KpiRow | None:
    """Return the report row of one indicator, or None."""
    return next((r for r in report.rows if r.id == indicator_id), None)


def explanation_of(row: KpiRow, cell: str) -> tuple[str, calc.Explanation] | None:
    """Return (label, explanation) of a cell name: "annual_target", "cumulative", "annual_percent",
    "annual_colour", "passed", "q2.carried", "q2.percent", "q2.colour", "q2.result", "q2.target"."""
    year = row.year
    simple: dict[str, tuple[str, calc.Explanation]] = {
        "annual_target": (_("annual target"), year.annual_target.explanation),
        "cumulative": (_("cumulative result"), year.cumulative_result.explanation),
        "annual_percent": (_("annual %"), year.annual_percent.explanation),
        "annual_colour": (_("colour of the year"), year.annual_colour.explanation),
        "passed": (_("pass / fail"), year.passed_explanation),
    }
    if cell in simple:
        return simple[cell]
    try:
        q_text, part = cell.split(".", 1)
        quarter = year.quarters[int(q_text.lstrip("q")) - 1]
    except (ValueError, IndexError):
        return None
    parts: dict[str, tuple[str, calc.Explanation]] = {
        "target": (_("quarter target"), quarter.target.explanation),
        "carried": (_("carried-forward target"), quarter.carried_target.explanation),
        "result": (_("result"), quarter.result.explanation),
        "percent": (_("quarter %"), quarter.percent.explanation),
        "colour": (_("colour of the quarter"), quarter.colour.explanation),
    }
    found = parts.get(part)
    if found is None:
        return None
    label, explanation = found
    return f"{label} ({_('quarter')} {quarter.quarter})", explanation


# ---------------------------------------------------------------------------------------------
# Lists and dashboards


@dataclass(frozen=True)
class Tile:
    id: int
    code: str
    name: str
    unit: str
    colour: str
    annual_percent: Decimal | None
    cumulative: Decimal | None
    annual_target: Decimal | None
    sparkline: tuple[float | None, ...]


def dashboard_tiles(report: KpiReport) -> list[Tile]:
    """Return one tile per top-level indicator of a KPI report (colour, %, quarterly results)."""
    tiles = []
    for row in report.rows:
        if row.depth:
            continue
        year = row.year
        tiles.append(
            Tile(
                id=row.id,
                code=row.code,
                name=row.name,
                unit=row.unit,
                colour=year.annual_colour.colour.value if year.annual_colour.colour else "none",
                annual_percent=year.annual_percent.value,
                cumulative=year.cumulative_result.value,
                annual_target=year.annual_target.value,
                sparkline=tuple(
                    float(q.result.value) if q.result.value is not None else None
                    for q in year.quarters[: report.quarter]
                ),
            )
        )
    return tiles


@dataclass(frozen=True)
class ReviewRow:
    id: int
    code: str
    name: str
    fiscal_year: int
    quarter: int
    region: str
    value: Decimal | None
    unit: str
    status: str
    status_label: str
    entered_by: str
    narrative: str
    review_comment: str


def result_review_rows(
    user: Any, *, status: str | None = ReviewStatus.SUBMITTED, fiscal_year: int | None = None
) -> list[ReviewRow]:
    """Return the results the user may review (analysts or area officers), submitted first."""
    qs = Result.objects.select_related("indicator", "region", "province", "entered_by")
    if status:
        qs = qs.filter(status=status)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    review_ids = access.scoped(user, Result.objects.all(), Action.REVIEW).values("pk")
    manage_ids = access.scoped(user, Result.objects.all(), Action.MANAGE_INDICATORS).values("pk")
    qs = qs.filter(Q(pk__in=review_ids) | Q(pk__in=manage_ids)).order_by(
        "fiscal_year", "quarter", "indicator__sort_key", "region__order"
    )
    return [
        ReviewRow(
            id=r.pk,
            code=r.indicator.code,
            name=r.indicator.name,
            fiscal_year=r.fiscal_year,
            quarter=r.quarter,
            region=(r.region.name_th if r.region else r.province.name_th if r.province else ""),
            value=r.value,
            unit=r.indicator.unit,
            status=r.status,
            status_label=str(r.get_status_display()),
            entered_by=str(r.entered_by) if r.entered_by else "",
            narrative=r.narrative,
            review_comment=r.review_comment,
        )
        for r in qs[:500]
    ]


# ---------------------------------------------------------------------------------------------
# Entry, defaults


@dataclass(frozen=True)
class EntryRow:
    """One indicator on the results-entry page of a region (or the country) and a quarter."""

    indicator: Indicator
    target: Decimal | None
    result_id: int | None
    value: Decimal | None
    narrative: str
    next_steps: str
    problems: str
    status: str
    status_label: str
    review_comment: str

    @property
    def editable(self) -> bool:
        return self.status in ("", ReviewStatus.DRAFT, ReviewStatus.RETURNED)


def entry_rows(user: Any, fiscal_year: int, quarter: int, region_id: int | None) -> list[EntryRow]:
    """Return the indicators whose results a unit types in for a quarter, with what is entered so far.

    Indicators the user may see with a target in ``fiscal_year``, except composites and built-in
    (computed) ones. Three queries.
    """
    indicators = [
        i
        for i in indicators_for_year(user, fiscal_year)
        if i.kind != IndicatorKind.COMPOSITE and not i.source
    ]
    ids = [i.pk for i in indicators]
    target_filter = Q(region_id=region_id) if region_id else Q(region__isnull=True)
    targets = dict(
        Target.objects.filter(
            target_filter,
            indicator_id__in=ids,
            fiscal_year=fiscal_year,
            quarter=quarter,
            province__isnull=True,
        ).values_list("indicator_id", "value")
    )
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            target_filter,
            indicator_id__in=ids,
            fiscal_year=fiscal_year,
            quarter=quarter,
            province__isnull=True,
        )
    }
    rows = []
    for ind in indicators:
        r = results.get(ind.pk)
        rows.append(
            EntryRow(
                indicator=ind,
                target=targets.get(ind.pk),
                result_id=r.pk if r else None,
                value=r.value if r else None,
                narrative=r.narrative if r else "",
                next_steps=r.next_steps if r else "",
                problems=r.problems if r else "",
                status=r.status if r else "",
                status_label=str(r.get_status_display()) if r else "",
                review_comment=r.review_comment if r else "",
            )
        )
    return rows


def default_period(user: Any) -> tuple[int, int]:
    """Return the fiscal year and quarter a page opens at: the latest year with targets the user
    may see (not after this one) and its latest quarter with an approved result (else quarter 1)."""
    from tidtam.thai.fiscal import fiscal_quarter, fiscal_year

    today = timezone.localdate()
    this_year, this_quarter = fiscal_year(today), fiscal_quarter(today)
    visible = _scoped(user, Indicator.objects.filter(is_active=True)).values("pk")
    year = (
        Target.objects.filter(indicator_id__in=visible, fiscal_year__lte=this_year)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if year is None:
        return this_year, this_quarter
    latest = (
        Result.objects.filter(fiscal_year=year, status__in=COUNTED, indicator_id__in=visible)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )
    if year == this_year:
        return year, max(latest or 1, 1) if latest else this_quarter
    return year, latest or 1

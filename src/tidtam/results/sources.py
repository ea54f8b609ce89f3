"""Built-in indicators computed from Tidtam's own data (the "query-defined" sources).

Each source returns, for one fiscal year, the value of every quarter for the whole country and
for each region of the default grouping: ``{(quarter, region_id or None): value}``. Each runs a
fixed number of aggregate queries whatever the number of indicators that use it.

- sessions held: sessions whose start date falls in the quarter (every recorded session);
- participants who are women: the ``women`` count of each session in the quarter, one set of
  counts per session (typed entry first, then Table 2, the summary form, an import);
- % of approved budget disbursed: from ``tidtam.finance.selectors.disbursement_by_region`` when
  the finance app provides it, else summed from its approvals and transfers (as budget status does).

A project's region is the region of its province in the default grouping, or its programme's
region for a regional-level project without a province.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.db.models.functions import ExtractMonth

from tidtam.areas.models import RegionGrouping, RegionProvince
from tidtam.results.models import IndicatorSource
from tidtam.thai.fiscal import fiscal_quarter_range, fiscal_year_range

SourceValues = dict[tuple[int, int | None], Decimal]

COUNT_SOURCE_PRIORITY = ("entry", "table2", "summary_form", "import")


def month_quarter(month: int) -> int:
    """Return the fiscal quarter of a calendar month (10-12 → 1, 1-3 → 2, 4-6 → 3, 7-9 → 4)."""
    return (month + 2) // 3 % 4 + 1


def province_region_map() -> dict[str, int]:
    """Return {province code: region id} for the default grouping (one query)."""
    grouping = RegionGrouping.objects.filter(is_default=True).values_list("pk", flat=True).first()
    if grouping is None:
        return {}
    return dict(
        RegionProvince.objects.filter(grouping_id=grouping).values_list("province_id", "region_id")
    )


def _add(out: SourceValues, quarter: int, region: int | None, value: Decimal) -> None:
    out[(quarter, None)] = out.get((quarter, None), Decimal(0)) + value
    if region is not None:
        out[(quarter, region)] = out.get((quarter, region), Decimal(0)) + value


def _project_filter(
    programme_id: int | None, project_id: int | None, prefix: str
) -> dict[str, int]:
    if project_id is not None:
        return {f"{prefix}project_id": project_id}
    if programme_id is not None:
        return {f"{prefix}project__programme_id": programme_id}
    return {}


def sessions_held(
    fiscal_year: int, *, programme_id: int | None = None, project_id: int | None = None
) -> SourceValues:
    """Return the number of sessions held per quarter and region of ``fiscal_year``."""
    from tidtam.projects.models import Session

    first, last = fiscal_year_range(fiscal_year)
    regions = province_region_map()
    rows = (
        Session.objects.filter(
            start_date__range=(first, last), **_project_filter(programme_id, project_id, "")
        )
        .annotate(month=ExtractMonth("start_date"))
        .values("month", "project__province_id", "project__programme__region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: SourceValues = {}
    for row in rows:
        region = (
            regions.get(row["project__province_id"] or "") or row["project__programme__region_id"]
        )
        _add(out, month_quarter(row["month"]), region, Decimal(row["n"]))
    return out


def women_participants(
    fiscal_year: int, *, programme_id: int | None = None, project_id: int | None = None
) -> SourceValues:
    """Return the number of women among participants per quarter and region of ``fiscal_year``."""
    from tidtam.projects.models import ParticipantCount

    first, last = fiscal_year_range(fiscal_year)
    regions = province_region_map()
    rows = (
        ParticipantCount.objects.filter(
            session__start_date__range=(first, last),
            women__isnull=False,
            **_project_filter(programme_id, project_id, "session__"),
        )
        .annotate(month=ExtractMonth("session__start_date"))
        .values(
            "session_id",
            "source",
            "women",
            "month",
            "session__project__province_id",
            "session__project__programme__region_id",
        )
    )
    chosen: dict[int, Any] = {}
    rank = {s: i for i, s in enumerate(COUNT_SOURCE_PRIORITY)}
    for row in rows:
        current = chosen.get(row["session_id"])
        if current is None or rank.get(row["source"], 99) < rank.get(current["source"], 99):
            chosen[row["session_id"]] = row
    out: SourceValues = {}
    for row in chosen.values():
        region = (
            regions.get(row["session__project__province_id"] or "")
            or row["session__project__programme__region_id"]
        )
        _add(out, month_quarter(row["month"]), region, Decimal(row["women"]))
    return out


def budget_disbursed_percent(
    fiscal_year: int, *, programme_id: int | None = None, project_id: int | None = None
) -> SourceValues:
    """Return % of the approved budget disbursed by the end of each quarter, per region.

    Prefers ``tidtam.finance.selectors.disbursement_by_region(fiscal_year, programme_id=...)``
    (rows with ``quarter``, ``region_id`` (None = whole country), ``approved`` and ``disbursed``,
    cumulative to the end of the quarter) when the finance app provides it. Until then it sums the
    finance records the way the budget-status report does: approvals dated up to the end of the
    quarter (``ProjectApproval.approved_budget``) and transfers, reversals included, dated up to
    it (``Transfer.amount``). Two aggregate queries.
    """
    from tidtam.thai.money import percent

    provider = _finance_provider()
    out: SourceValues = {}
    if provider is not None:
        for row in provider(fiscal_year, programme_id=programme_id):
            approved = Decimal(_field(row, "approved") or 0)
            value = percent(Decimal(_field(row, "disbursed") or 0), approved)
            if value is not None:
                out[(int(_field(row, "quarter")), _field(row, "region_id"))] = value
        return out
    try:
        from tidtam.finance.models import ProjectApproval, Transfer
    except ImportError:
        return out
    ends = [fiscal_quarter_range(fiscal_year, q)[1] for q in (1, 2, 3, 4)]
    approved_sums = _by_quarter(
        ProjectApproval.objects.all(),
        "approval_date",
        "approved_budget",
        "",
        ends,
        programme_id,
        project_id,
    )
    disbursed_sums = _by_quarter(
        Transfer.objects.all(), "date", "amount", "", ends, programme_id, project_id
    )
    for q in (1, 2, 3, 4):
        for region in {r for (_q, r) in approved_sums} | {None}:
            a = sum(
                (
                    v
                    for (qq, r), v in approved_sums.items()
                    if qq <= q and (region is None or r == region)
                ),
                Decimal(0),
            )
            d = sum(
                (
                    v
                    for (qq, r), v in disbursed_sums.items()
                    if qq <= q and (region is None or r == region)
                ),
                Decimal(0),
            )
            value = percent(d, a)
            if value is not None:
                out[(q, region)] = value
    return out


def _by_quarter(
    qs: Any,
    date_field: str,
    amount_field: str,
    prefix: str,
    ends: list[Any],
    programme_id: int | None,
    project_id: int | None,
) -> dict[tuple[int, int | None], Decimal]:
    """Return {(quarter bucket, region id): sum} of ``amount_field`` up to the end of each quarter.

    Bucket 1 holds everything dated up to the end of Q1 (earlier years included), bucket q the
    rest dated within quarter q; later dates are left out.
    """
    regions = province_region_map()
    bucket = Case(
        *[When(**{f"{date_field}__lte": end}, then=Value(q)) for q, end in enumerate(ends, 1)],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        qs.filter(**_project_filter(programme_id, project_id, prefix))
        .annotate(bucket=bucket)
        .filter(bucket__gte=1)
        .values("bucket", "project__province_id", "project__programme__region_id")
        .annotate(total=Sum(amount_field))
        .order_by()
    )
    out: dict[tuple[int, int | None], Decimal] = {}
    for row in rows:
        region = (
            regions.get(row["project__province_id"] or "") or row["project__programme__region_id"]
        )
        key = (row["bucket"], region)
        out[key] = out.get(key, Decimal(0)) + (row["total"] or Decimal(0))
    return out


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _finance_provider() -> Callable[..., Any] | None:
    try:
        module = import_module("tidtam.finance.selectors")
    except ImportError:
        return None
    provider = getattr(module, "disbursement_by_region", None)
    return provider if callable(provider) else None


def source_available(source: str) -> bool:
    """Return whether a built-in source can be computed with the apps installed now."""
    if source == IndicatorSource.BUDGET_DISBURSED:
        if _finance_provider() is not None:
            return True
        try:
            from tidtam.finance.models import ProjectApproval, Transfer  # noqa: F401
        except ImportError:
            return False
        return True
    return source in SOURCES


SOURCES: dict[str, Callable[..., SourceValues]] = {
    IndicatorSource.SESSIONS_HELD: sessions_held,
    IndicatorSource.WOMEN_PARTICIPANTS: women_participants,
    IndicatorSource.BUDGET_DISBURSED: budget_disbursed_percent,
}


def source_values(
    source: str,
    fiscal_year: int,
    *,
    programme_id: int | None = None,
    project_id: int | None = None,
) -> SourceValues:
    """Return the values of built-in ``source`` for ``fiscal_year`` (empty for an unknown source)."""
    func = SOURCES.get(source)
    if func is None:
        return {}
    return func(fiscal_year, programme_id=programme_id, project_id=project_id)


def sessions_by_month(fiscal_year: int, province_codes: set[str] | None = None) -> list[int]:
    """Return the number of sessions held in each month of ``fiscal_year`` (Oct first, 12 values)."""
    from tidtam.projects.models import Session

    first, last = fiscal_year_range(fiscal_year)
    qs = Session.objects.filter(start_date__range=(first, last))
    if province_codes is not None:
        qs = qs.filter(project__province_id__in=sorted(province_codes))
    counts = dict(
        qs.annotate(month=ExtractMonth("start_date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("month", "n")
    )
    return [int(counts.get(m, 0)) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]


SECTOR_FIELDS = (
    "project_team",
    "community_leaders",
    "civil_society_people",
    "municipality_people",
    "government_people",
    "academia_people",
    "business_media_people",
    "others_people",
)


def participant_totals(fiscal_year: int, province_codes: set[str] | None = None) -> dict[str, int]:
    """Return the sums of men, women and each sector over the sessions of ``fiscal_year``.

    One set of counts per session (the typed entry first); unknown counts add nothing.
    """
    from tidtam.projects.models import ParticipantCount

    first, last = fiscal_year_range(fiscal_year)
    qs = ParticipantCount.objects.filter(session__start_date__range=(first, last))
    if province_codes is not None:
        qs = qs.filter(session__project__province_id__in=sorted(province_codes))
    fields = ("men", "women", *SECTOR_FIELDS)
    sums: dict[str, int] = defaultdict(int)
    # Sum per source in SQL, then keep one source per session: sessions with a typed entry use it.
    per_source = qs.values("source").annotate(
        sessions=Count("session", distinct=True), **{f: Sum(f) for f in fields}
    )
    by_source = {row["source"]: row for row in per_source}
    covered: set[int] = set()
    for source in COUNT_SOURCE_PRIORITY:
        if source not in by_source:
            continue
        ids = set(qs.filter(source=source).values_list("session_id", flat=True))
        overlap = ids & covered
        row: Any
        if overlap:
            row = (
                qs.filter(source=source)
                .exclude(session_id__in=sorted(overlap))
                .aggregate(**{f: Sum(f) for f in fields})
            )
        else:
            row = by_source[source]
        for f in fields:
            sums[f] += int(row[f] or 0)
        covered |= ids
    return {f: sums[f] for f in fields}

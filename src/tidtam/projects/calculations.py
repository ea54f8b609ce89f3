"""The arithmetic of the monitoring record, in one place: pure functions, no database.

* participant rules: ``participant_errors`` (refuse impossible typed input) and
  ``participant_inconsistencies`` / ``count_sources_disagree`` (flag legacy data as it is);
* plan vs actual: ``activity_status`` and ``month_cells``;
* Table 2: ``sum_counts``; Table 3: ``output_status``.

Counts follow the seeds: ``None`` is unknown ("..คน"), ``0`` is none ("-").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.thai import percent

Counts = Mapping[str, int | None]

# The fields summed as "who came, by sector" (people, not units). Men + women should equal it.
SECTOR_PEOPLE_FIELDS: tuple[str, ...] = (
    "community_leaders",
    "civil_society_people",
    "municipality_people",
    "government_people",
    "academia_people",
    "business_media_people",
    "others_people",
)

# Fields compared between two sources of the same session (Table 2 vs the summary form).
COMPARED_FIELDS: tuple[str, ...] = (
    "total",
    "women",
    "civil_society_people",
    "municipality_people",
    "government_people",
    "academia_people",
    "business_media_people",
)

FIELD_LABELS: Mapping[str, Any] = {
    "total": gettext_lazy("total"),
    "men": gettext_lazy("men"),
    "women": gettext_lazy("women"),
    "project_team": gettext_lazy("project team"),
    "csnm": gettext_lazy("CSNM"),
    "community_leaders": gettext_lazy("community leaders"),
    "civil_society_people": gettext_lazy("civil society (people)"),
    "civil_society_orgs": gettext_lazy("civil society (organisations)"),
    "civil_society_women": gettext_lazy("women of civil society"),
    "municipality_people": gettext_lazy("municipality (people)"),
    "municipality_units": gettext_lazy("municipality (units)"),
    "government_people": gettext_lazy("government (people)"),
    "government_units": gettext_lazy("government (agencies)"),
    "academia_people": gettext_lazy("academia (people)"),
    "academia_units": gettext_lazy("academia (institutions)"),
    "business_media_people": gettext_lazy("business / media (people)"),
    "business_media_units": gettext_lazy("business / media (units)"),
    "others_people": gettext_lazy("others (people)"),
}


# --- Participant rules ------------------------------------------------------------------------


def participant_errors(
    counts: Counts, *, number: int | None = None, planned_sessions: int | None = None
) -> dict[str, list[str]]:
    """Return the impossible values of typed input, by field (empty when the input is possible).

    Refused: a negative count; women > total; men + women > total (when all three are given);
    project team > total; women of civil society > civil society people; session n > N.
    Unknown (None) values are never an error. Imported data is not checked here: it is stored
    as given and flagged by ``participant_inconsistencies``.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, value in counts.items():
        if isinstance(value, int) and value < 0:
            add(name, _("A count cannot be negative."))
    total = counts.get("total")
    men = counts.get("men")
    women = counts.get("women")
    if total is not None and women is not None and women > total:
        add(
            "women",
            _("Women (%(women)s) cannot be more than the total (%(total)s).")
            % {"women": women, "total": total},
        )
    if total is not None and men is not None and women is not None and men + women > total:
        add(
            "total",
            _("Men + women (%(sum)s) cannot be more than the total (%(total)s).")
            % {"sum": men + women, "total": total},
        )
    team = counts.get("project_team")
    if total is not None and team is not None and team > total:
        add(
            "project_team",
            _("The project team (%(team)s) cannot be more than the total (%(total)s).")
            % {"team": team, "total": total},
        )
    cs = counts.get("civil_society_people")
    cs_women = counts.get("civil_society_women")
    if cs is not None and cs_women is not None and cs_women > cs:
        add(
            "civil_society_women",
            _(
                "Women of civil society (%(women)s) cannot be more than civil society people "
                "(%(people)s)."
            )
            % {"women": cs_women, "people": cs},
        )
    if number is not None and number < 1:
        add("number", _("The session number must be 1 or more."))
    if number is not None and planned_sessions is not None and number > planned_sessions:
        add(
            "number",
            _("Session %(n)s cannot be more than the planned number of sessions (%(N)s).")
            % {"n": number, "N": planned_sessions},
        )
    return errors


@dataclass(frozen=True)
class Finding:
    """One data-quality finding about stored participant counts (the data is kept as it is)."""

    code: str  # "total_vs_gender" | "sector_sum" | "impossible" | "sources_disagree"
    message: str
    fields: tuple[str, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)


def _known(counts: Counts, names: Iterable[str]) -> list[int]:
    return [v for n in names if (v := counts.get(n)) is not None]


def participant_inconsistencies(counts: Counts | Any) -> list[Finding]:
    """Return what is inconsistent in one source's counts of one session.

    ``counts`` is a mapping or a ``ParticipantCount``. Flags: total ≠ men + women (all three
    given); sum of the known sector people counts ≠ men + women (men, women and at least one
    sector given); and every rule ``participant_errors`` refuses for typed input.
    """
    if not isinstance(counts, Mapping):
        from tidtam.projects.models import PARTICIPANT_FIELDS

        counts = {name: getattr(counts, name) for name in PARTICIPANT_FIELDS}
    findings: list[Finding] = []
    total, men, women = counts.get("total"), counts.get("men"), counts.get("women")
    if total is not None and men is not None and women is not None and men + women != total:
        findings.append(
            Finding(
                "total_vs_gender",
                _("Total %(total)s ≠ men %(men)s + women %(women)s.")
                % {"total": total, "men": men, "women": women},
                ("total", "men", "women"),
                {"total": total, "men": men, "women": women},
            )
        )
    sectors = _known(counts, SECTOR_PEOPLE_FIELDS)
    if men is not None and women is not None and sectors and sum(sectors) != men + women:
        findings.append(
            Finding(
                "sector_sum",
                _("Sum of the sectors %(sectors)s ≠ men + women %(people)s.")
                % {"sectors": sum(sectors), "people": men + women},
                SECTOR_PEOPLE_FIELDS,
                {"sectors": sum(sectors), "people": men + women},
            )
        )
    for name, messages in participant_errors(counts).items():
        for message in messages:
            findings.append(Finding("impossible", message, (name,)))
    return findings


def gender_total(counts: Counts) -> int | None:
    """Return the total of a source: ``total`` when given, else men + women when both given."""
    total = counts.get("total")
    if total is not None:
        return total
    men, women = counts.get("men"), counts.get("women")
    if men is not None and women is not None:
        return men + women
    return None


def count_sources_disagree(
    a: Counts,
    b: Counts,
    *,
    a_name: str,
    b_name: str,
    a_key: str | None = None,
    b_key: str | None = None,
) -> list[Finding]:
    """Return one finding per compared field where two sources of one session disagree.

    Compared: total (``gender_total``), women, and the people of civil society, municipality,
    government, academia and business/media. An unknown value on either side is not a
    disagreement. ``values`` of each finding are keyed by ``a_key``/``b_key`` (else the names).
    """
    findings: list[Finding] = []
    for name in COMPARED_FIELDS:
        va = gender_total(a) if name == "total" else a.get(name)
        vb = gender_total(b) if name == "total" else b.get(name)
        if va is None or vb is None or va == vb:
            continue
        findings.append(
            Finding(
                "sources_disagree",
                _("%(field)s: %(a)s in %(a_name)s but %(b)s in %(b_name)s.")
                % {
                    "field": FIELD_LABELS[name],
                    "a": va,
                    "a_name": a_name,
                    "b": vb,
                    "b_name": b_name,
                },
                (name,),
                {a_key or a_name: va, b_key or b_name: vb},
            )
        )
    return findings


@dataclass(frozen=True)
class CountTotals:
    """Sums of one source's counts over several sessions (a Table 2 total row).

    ``values[f]`` is the sum of the known values (None when no session knew it);
    ``incomplete`` names the fields where some sessions were unknown.
    """

    values: Mapping[str, int | None]
    incomplete: frozenset[str]
    sessions: int


def sum_counts(rows: Sequence[Counts], fields: Sequence[str]) -> CountTotals:
    """Return the per-field sums of ``rows`` (unknown values skipped, and reported)."""
    values: dict[str, int | None] = {}
    incomplete: set[str] = set()
    for name in fields:
        known = [v for row in rows if (v := row.get(name)) is not None]
        values[name] = sum(known) if known else None
        if known and len(known) < len(rows):
            incomplete.add(name)
    return CountTotals(values=values, incomplete=frozenset(incomplete), sessions=len(rows))


# --- Plan vs actual ---------------------------------------------------------------------------

Month = tuple[int, int]  # (CE year, month)


def month_of(d: dt.date) -> Month:
    return (d.year, d.month)


def month_last_day(m: Month) -> dt.date:
    year, month = m
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[Month]:
    """Return every month from ``start``'s to ``end``'s, both included."""
    out: list[Month] = []
    y, mth = start.year, start.month
    while (y, mth) <= (end.year, end.month):
        out.append((y, mth))
        y, mth = (y + 1, 1) if mth == 12 else (y, mth + 1)
    return out


class ActivityStatus:
    DONE = "done"
    ON_TRACK = "on_track"
    LATE = "late"
    RESCHEDULED = "rescheduled"
    NOT_STARTED = "not_started"


ACTIVITY_STATUS_LABELS: Mapping[str, Any] = {
    ActivityStatus.DONE: gettext_lazy("done"),
    ActivityStatus.ON_TRACK: gettext_lazy("on track"),
    ActivityStatus.LATE: gettext_lazy("late"),
    ActivityStatus.RESCHEDULED: gettext_lazy("rescheduled"),
    ActivityStatus.NOT_STARTED: gettext_lazy("not started"),
}


def sessions_expected(
    planned_months: Sequence[Month], planned_sessions: int, as_of: dt.date
) -> int:
    """Return how many sessions should have been held by ``as_of``.

    Each planned month whose last day is before ``as_of`` expects one session; once every
    planned month is over, all N sessions are expected. Never more than N.
    """
    if not planned_months:
        return 0
    over = [m for m in planned_months if month_last_day(m) < as_of]
    if len(over) == len(planned_months):
        return planned_sessions
    return min(planned_sessions, len(over))


def activity_status(
    *,
    planned_months: Sequence[Month],
    planned_sessions: int,
    held: int,
    as_of: dt.date,
    rescheduled: bool,
) -> str:
    """Return the plan-vs-actual status of an activity as of a date.

    ``held`` counts the activity's sessions that started on or before ``as_of``.

    * done — held ≥ N;
    * rescheduled — not done, and the activity has new months or a reason for rescheduling;
    * late — held < ``sessions_expected`` (a planned month is over without its session, or
      every planned month is over and fewer than N sessions were held);
    * not started — nothing held and no planned month has begun by ``as_of``
      (also an activity without planned months and without sessions);
    * on track — otherwise.
    """
    if held >= planned_sessions:
        return ActivityStatus.DONE
    if rescheduled:
        return ActivityStatus.RESCHEDULED
    if held < sessions_expected(planned_months, planned_sessions, as_of):
        return ActivityStatus.LATE
    if held == 0 and all(dt.date(y, m, 1) > as_of for y, m in planned_months):
        return ActivityStatus.NOT_STARTED
    return ActivityStatus.ON_TRACK


@dataclass(frozen=True)
class Cell:
    """One month of Table 1 for one activity."""

    month: dt.date  # first day of the month
    planned: bool
    rescheduled: bool
    held: int
    in_period: bool


def month_cells(
    months: Sequence[dt.date],
    *,
    planned: Iterable[Month],
    rescheduled: Iterable[Month],
    held_dates: Iterable[dt.date],
    period: tuple[dt.date, dt.date] | None,
) -> list[Cell]:
    """Return the Table 1 cells of one row, aligned with ``months`` (first days of months).

    ``in_period`` is the reporting-period highlight: the month overlaps the period.
    """
    planned_set, resched_set = set(planned), set(rescheduled)
    held: dict[Month, int] = {}
    for d in held_dates:
        held[month_of(d)] = held.get(month_of(d), 0) + 1
    cells = []
    for first in months:
        key = month_of(first)
        in_period = period is not None and first <= period[1] and month_last_day(key) >= period[0]
        cells.append(
            Cell(
                month=first,
                planned=key in planned_set,
                rescheduled=key in resched_set,
                held=held.get(key, 0),
                in_period=in_period,
            )
        )
    return cells


# --- Table 3 ----------------------------------------------------------------------------------


class OutputStatus:
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    RESCHEDULED = "rescheduled"


OUTPUT_STATUS_LABELS: Mapping[str, Any] = {
    OutputStatus.ACHIEVED: gettext_lazy("achieved"),
    OutputStatus.PARTLY: gettext_lazy("partly achieved"),
    OutputStatus.NOT_YET: gettext_lazy("not yet achieved"),
    OutputStatus.RESCHEDULED: gettext_lazy("rescheduled"),
}


def output_status(
    *, planned: Decimal | None, achieved: Decimal | None, records: int, rescheduled: bool
) -> str:
    """Return the Table 3 status of one planned output.

    ``achieved`` is the sum of the quantities of its achieved records (None when none has a
    quantity), ``records`` how many achieved records there are.

    * achieved — planned quantity given and achieved ≥ planned; or no planned quantity and at
      least one achieved record;
    * partly — planned quantity given and 0 < achieved < planned (or records without quantity);
    * rescheduled — nothing achieved and the activity is rescheduled;
    * not yet — nothing achieved.
    """
    if records == 0:
        return OutputStatus.RESCHEDULED if rescheduled else OutputStatus.NOT_YET
    if planned is None:
        return OutputStatus.ACHIEVED
    if achieved is not None and achieved >= planned:
        return OutputStatus.ACHIEVED
    return OutputStatus.PARTLY


def output_percent(planned: Decimal | None, achieved: Decimal | None) -> Decimal | None:
    """Return achieved ÷ planned × 100 rounded half-up to 2 places (None when not computable)."""
    if planned is None or achieved is None or planned == 0:
        return None
    return percent(achieved, planned)

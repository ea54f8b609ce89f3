"""The participant rules and the plan-vs-actual rules, on plain values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidtam.projects import calculations as calc
from tidtam.projects.calculations import ActivityStatus, OutputStatus


@pytest.mark.parametrize(
    ("counts", "extra", "expected_fields"),
    [
        ({"total": 10, "men": 4, "women": 6}, {}, set()),
        ({"total": 10, "women": 11}, {}, {"women"}),
        ({"total": 10, "men": 5, "women": 6}, {}, {"total"}),
        ({"total": 10, "project_team": 11}, {}, {"project_team"}),
        ({"civil_society_people": 2, "civil_society_women": 3}, {}, {"civil_society_women"}),
        ({"total": -1}, {}, {"total"}),
        ({"total": None, "men": None, "women": 5}, {}, set()),  # unknown is never an error
        ({"total": 7}, {"number": 6, "planned_sessions": 5}, {"number"}),
        ({"total": 7}, {"number": 5, "planned_sessions": 5}, set()),
        ({"total": 7}, {"number": 0}, {"number"}),
    ],
)
def test_participant_errors(counts, extra, expected_fields):
    assert set(calc.participant_errors(counts, **extra)) == expected_fields


def test_participant_error_message_names_the_numbers():
    from django.utils import translation

    with translation.override("en"):
        errors = calc.participant_errors({"total": 10, "women": 11})
    assert errors == {"women": ["Women (11) cannot be more than the total (10)."]}
    with translation.override("th"):
        (message,) = calc.participant_errors({"total": 10, "women": 11})["women"]
    assert "11" in message and "10" in message and message.isascii() is False


def test_inconsistencies_of_legacy_counts():
    # Seed 000, summary form of 18 มิ.ย. 2566: ชาย 12 หญิง 30, sectors 10 + 1.
    form = {"men": 12, "women": 30, "community_leaders": 10, "civil_society_people": 1}
    (finding,) = calc.participant_inconsistencies(form)
    assert (finding.code, finding.values) == ("sector_sum", {"sectors": 11, "people": 42})
    # total ≠ men + women
    codes = [f.code for f in calc.participant_inconsistencies({"total": 9, "men": 4, "women": 6})]
    assert codes == ["total_vs_gender", "impossible"]  # and men + women > total
    assert calc.participant_inconsistencies({"total": 7, "women": 5}) == []


def test_sources_disagree_ignores_unknowns():
    table2 = {"total": 14, "women": 12, "municipality_people": 1, "government_people": None}
    form = {"men": 2, "women": 12, "municipality_people": None, "government_people": 0}
    assert calc.count_sources_disagree(table2, form, a_name="t2", b_name="sf") == []
    form["men"], form["women"] = 4, 10  # the total still agrees (14)
    (f,) = calc.count_sources_disagree(table2, form, a_name="t2", b_name="sf")
    assert (f.fields, f.values) == (("women",), {"t2": 12, "sf": 10})


def test_sum_counts_skips_unknowns_and_says_so():
    totals = calc.sum_counts(
        [{"total": 7, "csnm": None}, {"total": 20, "csnm": 1}], ["total", "csnm"]
    )
    assert totals.values == {"total": 27, "csnm": 1}
    assert totals.incomplete == {"csnm"}
    assert calc.sum_counts([{"csnm": None}], ["csnm"]).values == {"csnm": None}


FEB, APR, JUN, AUG = (2023, 2), (2023, 4), (2023, 6), (2023, 8)


@pytest.mark.parametrize(
    ("months", "n", "held", "as_of", "rescheduled", "expected"),
    [
        ([FEB, APR, JUN, AUG], 5, 5, dt.date(2023, 9, 30), False, ActivityStatus.DONE),
        ([FEB, APR, JUN, AUG], 5, 3, dt.date(2023, 9, 30), False, ActivityStatus.LATE),
        # By 1 May two planned months (Feb, Apr) are over: 2 sessions expected.
        ([FEB, APR, JUN, AUG], 5, 2, dt.date(2023, 5, 1), False, ActivityStatus.ON_TRACK),
        ([FEB, APR, JUN, AUG], 5, 1, dt.date(2023, 5, 1), False, ActivityStatus.LATE),
        # April not over on 30 April: only Feb is due.
        ([FEB, APR, JUN, AUG], 5, 1, dt.date(2023, 4, 30), False, ActivityStatus.ON_TRACK),
        ([JUN], 1, 0, dt.date(2023, 5, 31), False, ActivityStatus.NOT_STARTED),
        ([JUN], 1, 0, dt.date(2023, 6, 15), False, ActivityStatus.ON_TRACK),
        ([JUN], 1, 0, dt.date(2023, 7, 1), False, ActivityStatus.LATE),
        ([JUN], 1, 0, dt.date(2023, 7, 1), True, ActivityStatus.RESCHEDULED),
        ([JUN], 1, 1, dt.date(2023, 7, 1), True, ActivityStatus.DONE),
        ([], 1, 0, dt.date(2023, 7, 1), False, ActivityStatus.NOT_STARTED),
    ],
)
def test_activity_status(months, n, held, as_of, rescheduled, expected):
    status = calc.activity_status(
        planned_months=months, planned_sessions=n, held=held, as_of=as_of, rescheduled=rescheduled
    )
    assert status == expected


def test_month_cells_highlight_the_period():
    months = [dt.date(2023, m, 1) for m in (1, 2, 3)]
    cells = calc.month_cells(
        months,
        planned=[(2023, 2)],
        rescheduled=[(2023, 3)],
        held_dates=[dt.date(2023, 2, 3), dt.date(2023, 2, 28)],
        period=(dt.date(2023, 2, 15), dt.date(2023, 3, 1)),
    )
    assert [(c.planned, c.rescheduled, c.held, c.in_period) for c in cells] == [
        (False, False, 0, False),
        (True, False, 2, True),
        (False, True, 0, True),
    ]


@pytest.mark.parametrize(
    ("planned", "achieved", "records", "rescheduled", "expected"),
    [
        (Decimal(3), Decimal(3), 3, False, OutputStatus.ACHIEVED),
        (Decimal(3), Decimal(2), 2, False, OutputStatus.PARTLY),
        (Decimal(3), None, 1, False, OutputStatus.PARTLY),
        (None, None, 1, False, OutputStatus.ACHIEVED),
        (Decimal(3), None, 0, False, OutputStatus.NOT_YET),
        (Decimal(3), None, 0, True, OutputStatus.RESCHEDULED),
    ],
)
def test_output_status(planned, achieved, records, rescheduled, expected):
    assert (
        calc.output_status(
            planned=planned, achieved=achieved, records=records, rescheduled=rescheduled
        )
        == expected
    )


def test_output_percent_rounds_half_up():
    assert calc.output_percent(Decimal(3), Decimal(2)) == Decimal("66.67")
    assert calc.output_percent(Decimal(0), Decimal(2)) is None


counts_st = st.one_of(st.none(), st.integers(min_value=-3, max_value=60))


# Generation is cheap; on a loaded shared machine it still trips the "too slow" health check.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(total=counts_st, men=counts_st, women=counts_st, team=counts_st, cs=counts_st, csw=counts_st)
def test_accepted_typed_counts_are_never_impossible(total, men, women, team, cs, csw):
    """Whatever passes ``participant_errors`` satisfies every rule of the domain."""
    counts = {
        "total": total, "men": men, "women": women, "project_team": team,
        "civil_society_people": cs, "civil_society_women": csw,
    }  # fmt: skip
    if calc.participant_errors(counts):
        return
    assert all(v is None or v >= 0 for v in counts.values())
    if total is not None and women is not None:
        assert women <= total
    if total is not None and men is not None and women is not None:
        assert men + women <= total
    if total is not None and team is not None:
        assert team <= total
    if cs is not None and csw is not None:
        assert csw <= cs
    # and the same counts are never flagged "impossible" as legacy data either
    assert [f for f in calc.participant_inconsistencies(counts) if f.code == "impossible"] == []


@given(
    months=st.lists(st.tuples(st.just(2023), st.integers(1, 12)), unique=True, max_size=12),
    n=st.integers(1, 10),
    held=st.integers(0, 12),
    day=st.dates(dt.date(2022, 12, 1), dt.date(2024, 2, 1)),
)
def test_more_sessions_never_make_an_activity_worse(months, n, held, day):
    order = [
        ActivityStatus.LATE, ActivityStatus.NOT_STARTED, ActivityStatus.ON_TRACK,
        ActivityStatus.DONE,
    ]  # fmt: skip
    a = calc.activity_status(
        planned_months=months, planned_sessions=n, held=held, as_of=day, rescheduled=False
    )
    b = calc.activity_status(
        planned_months=months, planned_sessions=n, held=held + 1, as_of=day, rescheduled=False
    )
    assert order.index(b) >= order.index(a) or (a, b) == (
        ActivityStatus.NOT_STARTED,
        ActivityStatus.ON_TRACK,
    )

"""The indicator arithmetic: every kind, every branch of the carried-forward rule, colours, pass/fail."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tidtam.results import calculations as calc
from tidtam.results.calculations import CarriedRule, Colour, IndicatorNumbers


def t(*values):
    return tuple(None if v is None else D(str(v)) for v in values)


# --- carried-forward target -----------------------------------------------------------------


def test_first_quarter_carried_target_is_its_own_target():
    value, rule = calc.carried_target(t(100, 100, 100, 100), t(None, None, None, None), 1)
    assert value.value == D("100.00")
    assert rule == CarriedRule.CARRIED_FORWARD
    assert value.explanation.working == "(100) − (0) = 100"


def test_carried_forward_adds_the_shortfall_of_earlier_quarters():
    value, rule = calc.carried_target(t(100, 100, 100, 100), t(60, 70, None, None), 3)
    # (100 + 100 + 100) − (60 + 70) = 170
    assert value.value == D("170.00")
    assert rule == CarriedRule.CARRIED_FORWARD
    assert value.explanation.formula == "(T1 + T2 + T3) − (R1 + R2)"
    assert value.explanation.working == "(100 + 100 + 100) − (60 + 70) = 170"


def test_results_already_above_cumulative_target_use_the_annual_remainder():
    # Q1 result 250 already exceeds T1 + T2 = 200: the target of Q2 is 400 − 250 = 150.
    value, rule = calc.carried_target(t(100, 100, 100, 100), t(250, None, None, None), 2)
    assert rule == CarriedRule.ANNUAL_REMAINDER
    assert value.value == D("150.00")
    assert "400 − (250) = 150" in value.explanation.working


def test_results_equal_to_the_cumulative_target_use_the_annual_remainder():
    value, rule = calc.carried_target(t(100, 100, 100, 100), t(200, None, None, None), 2)
    assert rule == CarriedRule.ANNUAL_REMAINDER
    assert value.value == D("200.00")


def test_annual_target_reached_gives_zero_target_and_no_percent():
    numbers = IndicatorNumbers(
        quarter_targets=t(100, 100, 100, 100), results=t(450, 10, None, None)
    )
    year = calc.indicator_year(numbers, 2)
    q2 = year.quarters[1]
    assert q2.carried_rule == CarriedRule.ANNUAL_REACHED
    assert q2.carried_target.value == D("0")
    assert q2.percent.value is None
    assert q2.colour.colour is None
    assert year.cumulative_result.value == D("460")
    assert year.annual_percent.value == D("115.00")
    assert year.annual_colour.colour == Colour.GREEN
    assert year.passed is True


def test_explicit_annual_target_is_used_for_the_remainder():
    value, rule = calc.carried_target(t(10, 10, 10, 10), t(30, None, None, None), 2, D("50"))
    assert rule == CarriedRule.ANNUAL_REMAINDER
    assert value.value == D("20.00")


def test_no_quarterly_target_gives_no_carried_target():
    value, rule = calc.carried_target(t(None, None, None, None), t(5, None, None, None), 2)
    assert value.value is None and rule is None


# --- a count with quarterly targets -----------------------------------------------------------


def test_count_indicator_year_at_quarter_two():
    numbers = IndicatorNumbers(quarter_targets=t(50, 50, 100, 100), results=t(40, 45, 99, None))
    year = calc.indicator_year(numbers, 2)
    assert year.annual_target.value == D("300")
    assert year.cumulative_result.value == D("85")  # Q3's 99 is after the report's quarter
    assert year.annual_percent.value == D("28.33")
    assert year.annual_colour.colour == Colour.RED
    q1, q2, q3, _q4 = year.quarters
    assert (q1.carried_target.value, q1.percent.value, q1.colour.colour) == (
        D("50.00"),
        D("80.00"),
        Colour.YELLOW,
    )
    # Q2: (50 + 50) − 40 = 60; 45 ÷ 60 = 75 %
    assert (q2.carried_target.value, q2.carried_rule, q2.percent.value) == (
        D("60.00"),
        CarriedRule.CARRIED_FORWARD,
        D("75.00"),
    )
    assert q3.result.value is None and q3.carried_target.value is None and q3.carried_rule is None
    # pass compares the result so far with the targets so far: 85 < 100
    assert year.passed is False
    assert year.passed_explanation.working == "85 < 100"


def test_annual_percent_is_half_up_to_two_places():
    numbers = IndicatorNumbers(quarter_targets=t(3, 0, 0, 0), results=t(2, None, None, None))
    year = calc.indicator_year(numbers, 1)
    assert year.annual_percent.value == D("66.67")


def test_percent_of_zero_target_is_none():
    assert calc.percent(D("5"), D("0")) is None
    numbers = IndicatorNumbers(quarter_targets=t(0, 0, 0, 0), results=t(5, None, None, None))
    year = calc.indicator_year(numbers, 1)
    assert year.annual_percent.value is None
    assert year.annual_colour.colour is None


# --- colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        ("49.99", Colour.RED),
        ("50", Colour.YELLOW),
        ("50.00", Colour.YELLOW),
        ("80", Colour.YELLOW),
        ("80.01", Colour.GREEN),
        ("0", Colour.RED),
        ("150", Colour.GREEN),
    ],
)
def test_default_colour_boundaries(pct, expected):
    assert calc.colour(D(pct)).colour == expected


def test_own_thresholds_apply_only_with_the_thresholds_rule():
    assert calc.colour(D("85"), "thresholds", D("60"), D("90")).colour == Colour.YELLOW
    assert calc.colour(D("59.99"), "thresholds", D("60"), D("90")).colour == Colour.RED
    assert calc.colour(D("90.01"), "thresholds", D("60"), D("90")).colour == Colour.GREEN
    # the default rule ignores the indicator's own numbers
    assert calc.colour(D("85"), "default", D("60"), D("90")).colour == Colour.GREEN


def test_no_colour_rule_and_no_percent():
    assert calc.colour(D("85"), "none").colour is None
    assert calc.colour(None).colour is None


def test_green_when_nothing_happened():
    numbers = IndicatorNumbers(
        quarter_targets=t(5, 5, 5, 5), results=t(None, 0, None, None), colour_rule="green_when_none"
    )
    year = calc.indicator_year(numbers, 2)
    assert year.quarters[0].colour.colour == Colour.GREEN
    assert year.quarters[1].colour.colour == Colour.GREEN
    assert year.annual_colour.colour == Colour.GREEN
    # when something happened, the default thresholds apply: 2 ÷ 5 = 40 %
    numbers = IndicatorNumbers(
        quarter_targets=t(5, 5, 5, 5), results=t(2, None, None, None), colour_rule="green_when_none"
    )
    assert calc.indicator_year(numbers, 1).quarters[0].colour.colour == Colour.RED


def test_lower_is_better_inverts_the_ratio_and_the_pass():
    # complaints: at most 10 a quarter; 20 complaints = 50 % (yellow), 8 = 125 % (green)
    numbers = IndicatorNumbers(
        quarter_targets=t(10, 10, 10, 10), results=t(20, 8, None, None), direction="lower"
    )
    year = calc.indicator_year(numbers, 2)
    q1, q2 = year.quarters[:2]
    assert q1.carried_rule == CarriedRule.QUARTER_TARGET
    assert q1.percent.value == D("50.00") and q1.colour.colour == Colour.YELLOW
    assert q2.percent.value == D("125.00") and q2.colour.colour == Colour.GREEN
    assert year.passed is False  # 28 > 20
    assert year.passed_explanation.working == "28 > 20"
    zero = IndicatorNumbers(
        quarter_targets=t(10, 10, 10, 10), results=t(0, None, None, None), direction="lower"
    )
    z = calc.indicator_year(zero, 1)
    assert z.quarters[0].percent.value is None
    assert z.quarters[0].colour.colour == Colour.GREEN
    assert z.passed is True


# --- the other kinds ---------------------------------------------------------------------------


def test_percentage_with_only_an_annual_target_uses_the_latest_level():
    numbers = IndicatorNumbers(
        kind="percentage", annual_target=D("85"), results=t(70, 86.5, None, None)
    )
    year = calc.indicator_year(numbers, 2)
    assert year.annual_target.value == D("85")
    assert year.cumulative_result.value == D("86.5")
    assert year.annual_percent.value == D("101.76")
    assert year.passed is True
    q1 = year.quarters[0]
    assert q1.carried_rule == CarriedRule.ANNUAL_ONLY
    assert q1.carried_target.value == D("85")
    assert q1.percent.value == D("82.35") and q1.colour.colour == Colour.GREEN
    assert year.quarters[0].target.value is None


def test_pass_fail():
    year = calc.indicator_year(IndicatorNumbers(kind="pass_fail", results=t(0, 1, None, None)), 2)
    assert year.passed is True
    assert year.annual_percent.value is None
    assert year.annual_colour.colour == Colour.GREEN
    assert [q.colour.colour for q in year.quarters[:2]] == [Colour.RED, Colour.GREEN]
    assert year.quarters[0].carried_rule == CarriedRule.PASS_FAIL
    failed = calc.indicator_year(
        IndicatorNumbers(kind="pass_fail", results=t(0, None, None, None)), 1
    )
    assert failed.passed is False and failed.annual_colour.colour == Colour.RED
    nothing = calc.indicator_year(IndicatorNumbers(kind="pass_fail"), 1)
    assert nothing.passed is None and nothing.annual_colour.colour is None


def test_milestones_per_quarter():
    numbers = IndicatorNumbers(
        kind="milestones", quarter_targets=t(1, 1, None, 1), results=t(1, 0, 1, None)
    )
    year = calc.indicator_year(numbers, 3)
    assert year.annual_target.value == D("3")
    assert year.cumulative_result.value == D("2")
    assert year.annual_percent.value == D("66.67")
    assert [q.percent.value for q in year.quarters[:3]] == [D("100.00"), D("0.00"), None]
    assert [q.colour.colour for q in year.quarters[:3]] == [Colour.GREEN, Colour.RED, None]
    assert year.quarters[0].carried_rule == CarriedRule.QUARTER_TARGET
    assert year.passed is True  # 2 delivered ≥ 2 due by Q3


def test_cumulative_percentage_of_a_base():
    # 20/40/60/80 % of 267 staff; 60 trained in Q1, 40 in Q2
    numbers = IndicatorNumbers(
        kind="base_percent",
        base=D("267"),
        quarter_targets=t(20, 40, 60, 80),
        results=t(60, 40, None, None),
    )
    year = calc.indicator_year(numbers, 2)
    assert year.annual_target.value == D("80")
    assert year.cumulative_result.value == D("37.45")  # 100 ÷ 267
    assert year.annual_percent.value == D("46.81")  # 37.45 ÷ 80
    assert year.annual_colour.colour == Colour.RED
    q1, q2 = year.quarters[:2]
    assert q1.carried_rule == CarriedRule.CUMULATIVE_OF_BASE
    assert q1.percent.value == D("112.35")  # 22.47 ÷ 20
    assert q2.percent.value == D("93.63")  # 37.45 ÷ 40
    assert q1.carried_target.explanation.working == "20 % × 267 = 53.40"
    assert year.passed is False  # 37.45 % < 40 %


def test_composite_sums_components_and_gives_their_percentages():
    parent = IndicatorNumbers(kind="composite")
    secure = IndicatorNumbers(quarter_targets=t(100, 100, 100, 100), results=t(120, 80, None, None))
    rural = IndicatorNumbers(quarter_targets=t(50, 50, 50, 50), results=t(10, 20, None, None))
    city = IndicatorNumbers(quarter_targets=t(None, 30, None, 30), results=t(None, 30, None, None))
    year = calc.composite_year(parent, [("1.1", secure), ("1.2", rural), ("1.3", city)], 2)
    assert year.annual_target.value == D("660")
    assert year.cumulative_result.value == D("260")
    assert year.annual_percent.value == D("39.39")
    q2 = year.quarters[1]
    # (150 + 180) − 130 = 200; 130 ÷ 200
    assert q2.carried_target.value == D("200.00")
    assert q2.percent.value == D("65.00")
    assert [(c.code, c.annual_percent.value) for c in year.components] == [
        ("1.1", D("50.00")),
        ("1.2", D("15.00")),
        ("1.3", D("50.00")),
    ]


def test_breakdown_matches():
    assert calc.breakdown_matches(D("100"), [D("60"), D("40")]) is True
    assert calc.breakdown_matches(D("100"), [D("60"), D("30")]) is False
    assert calc.breakdown_matches(None, [D("1")]) is None


def test_round_half_up_and_fmt():
    assert calc.round_half_up(D("2.345")) == D("2.35")
    assert calc.round_half_up(D("-2.345")) == D("-2.35")
    assert calc.fmt(D("1234.5")) == "1,234.50"
    assert calc.fmt(D("1234")) == "1,234"
    assert calc.fmt(None) == "–"


def test_quarter_must_be_one_to_four():
    with pytest.raises(ValueError, match="quarter"):
        calc.indicator_year(IndicatorNumbers(), 5)

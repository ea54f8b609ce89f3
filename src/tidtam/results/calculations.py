"""The arithmetic of indicators: one pure function per number, on Decimal, half-up to 2 places.

Nothing here touches the database. The KPI report, the dashboards, the exports, the JSON and
the CLI all call :func:`indicator_year`, so two outputs can never disagree. Every number comes
back as a :class:`Computed`: the value (``None`` where it does not exist, e.g. a percent of a
zero target) and an :class:`Explanation` (the formula, its inputs and the working) that the
report shows when a reader asks "how was this computed?".

The rules (see docs/indicators.md and the domain guide):

- annual target = the explicit annual target if there is one, else the sum of the quarterly targets;
- carried-forward target of quarter q = (targets q1..q) − (results q1..q−1); when the results so far
  already reach or exceed that, the annual remainder (annual target − results so far) is used
  instead; when nothing of the annual target remains the target is 0 (and the percent does not exist);
- quarter % = quarter result ÷ carried-forward target × 100; annual % = cumulative ÷ annual × 100;
  for "lower is better" the ratio is inverted (target ÷ result × 100);
- colour: red below 50, yellow from 50 to 80 inclusive, green above 80 (thresholds per indicator).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from tidtam.thai.money import percent as _thai_percent
from tidtam.thai.money import round_half_up as _thai_round

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# The kinds, directions and rules as plain strings, so this module needs no Django import; they
# are the values of the TextChoices in tidtam.results.models.
COUNT = "count"
PERCENTAGE = "percentage"
PASS_FAIL = "pass_fail"  # noqa: S105 - a kind, not a password
MILESTONES = "milestones"
BASE_PERCENT = "base_percent"
COMPOSITE = "composite"
HIGHER = "higher"
LOWER = "lower"
RULE_DEFAULT = "default"
RULE_THRESHOLDS = "thresholds"
RULE_GREEN_WHEN_NONE = "green_when_none"
RULE_NONE = "none"
PASS_REACHES_TARGET = "reaches_target"  # noqa: S105
PASS_GREEN = "green"  # noqa: S105

DEFAULT_RED_BELOW = Decimal("50")
DEFAULT_GREEN_ABOVE = Decimal("80")


def round_half_up(value: Decimal) -> Decimal:
    """Round to 2 decimals, half away from zero (2.345 → 2.35): the product's one helper."""
    return _thai_round(value, 2)


def fmt(value: Decimal | None) -> str:
    """Write a number for an explanation: thousands commas, no ".00" on whole numbers, "–" for none.

    A report writes the same few thousand values tens of thousands of times: the texts of
    non-zero values are remembered (the text depends only on the value; a zero may be "-0").
    """
    if value is None:
        return "–"
    if value:
        found = _FMT_TEXTS.get(value)
        if found is not None:
            return found
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{round_half_up(value):,.2f}"
    if value:
        if len(_FMT_TEXTS) >= 100_000:
            _FMT_TEXTS.clear()
        _FMT_TEXTS[value] = text
    return text


_FMT_TEXTS: dict[Decimal, str] = {}


class Colour(enum.StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class CarriedRule(enum.StrEnum):
    """Which rule produced a quarter's target in the report."""

    CARRIED_FORWARD = "carried_forward"  # targets q1..q − results q1..q−1
    ANNUAL_REMAINDER = "annual_remainder"  # results already reached that: annual − results so far
    ANNUAL_REACHED = "annual_reached"  # nothing of the annual target remains: 0
    QUARTER_TARGET = "quarter_target"  # the quarter's own target (milestones, lower is better)
    ANNUAL_ONLY = "annual_only"  # only an annual target exists (percentage or score)
    CUMULATIVE_OF_BASE = "cumulative_of_base"  # the quarter's cumulative % of the base
    PASS_FAIL = "pass_fail"  # noqa: S105 - pass or fail: the target is "pass"


class Explanation:
    """How a number was computed: the formula in symbols, its inputs, and the working with numbers.

    The inputs and the working can be given, or built on first use by ``build`` (a report of
    hundreds of indicators computes thousands of numbers; few are ever explained).
    """

    __slots__ = ("_build", "_inputs", "_working", "formula")

    def __init__(
        self,
        formula: str,
        inputs: tuple[tuple[str, str], ...] = (),
        working: str = "",
        *,
        build: Callable[[], tuple[tuple[tuple[str, str], ...], str]] | None = None,
    ) -> None:
        self.formula = formula
        self._inputs = inputs
        self._working = working
        self._build = build

    def _resolve(self) -> None:
        if self._build is not None:
            self._inputs, self._working = self._build()
            self._build = None

    @property
    def inputs(self) -> tuple[tuple[str, str], ...]:
        self._resolve()
        return self._inputs

    @property
    def working(self) -> str:
        self._resolve()
        return self._working

    def __repr__(self) -> str:
        return f"Explanation({self.formula!r}, {self.inputs!r}, {self.working!r})"


# How a number was computed is kept as a *recipe*, a plain tuple (formula, name of a builder in
# ``_BUILDERS`` or None, the builder's arguments...), and written out as an ``Explanation`` only
# when someone asks. A report computes tens of thousands of numbers; tuples of numbers and
# strings cost little to make and nothing to the garbage collector, closures and objects do.
Recipe = tuple[Any, ...]


def _explanation_of(how: Explanation | Recipe) -> Explanation:
    if type(how) is tuple:
        formula, builder, *args = how
        if builder is None:
            return Explanation(formula)
        return Explanation(formula, *_BUILDERS[builder](*args))
    return how  # type: ignore[return-value]


class Computed(NamedTuple):
    """A computed number (None where it does not exist) and how it was computed."""

    value: Decimal | None
    how: Explanation | Recipe

    @property
    def explanation(self) -> Explanation:
        return _explanation_of(self.how)

    @property
    def text(self) -> str:
        return fmt(self.value)


class ColourResult(NamedTuple):
    colour: Colour | None
    how: Explanation | Recipe

    @property
    def explanation(self) -> Explanation:
        return _explanation_of(self.how)


class IndicatorNumbers(NamedTuple):
    """The inputs of one indicator for one fiscal year (and one region, or the whole country).

    ``quarter_targets`` and ``results`` have four entries (Q1..Q4), None where not set.
    ``annual_target`` is the explicit annual target (quarter 0), None when not set.
    """

    kind: str = COUNT
    quarter_targets: tuple[Decimal | None, ...] = (None, None, None, None)
    results: tuple[Decimal | None, ...] = (None, None, None, None)
    annual_target: Decimal | None = None
    direction: str = HIGHER
    colour_rule: str = RULE_DEFAULT
    red_below: Decimal = DEFAULT_RED_BELOW
    green_above: Decimal = DEFAULT_GREEN_ABOVE
    pass_rule: str = PASS_REACHES_TARGET
    base: Decimal | None = None


_COLOURS: dict[str | None, Colour | None] = {c.value: c for c in Colour}
_COLOURS[None] = None


def _pair(number: Computed | ColourResult) -> tuple[Any, Any]:
    """Return a number or a colour as a plain (value, how) tuple, for keeping in a report.

    The garbage collector untracks plain tuples of numbers and strings, but walks every object
    and named tuple a report keeps, again and again: a national report keeps tens of thousands.
    """
    value, how = number
    if isinstance(value, Colour):
        return (value.value, how)
    return (value, how)


class QuarterFigures(NamedTuple):
    """One quarter's numbers; each read as a ``Computed`` (or ``ColourResult``) when asked."""

    quarter: int
    target_pair: tuple[Any, Any]
    carried_pair: tuple[Any, Any]
    carried_rule: CarriedRule | None
    result_pair: tuple[Any, Any]
    percent_pair: tuple[Any, Any]
    colour_pair: tuple[Any, Any]

    @property
    def target(self) -> Computed:
        return Computed(*self.target_pair)

    @property
    def carried_target(self) -> Computed:
        return Computed(*self.carried_pair)

    @property
    def result(self) -> Computed:
        return Computed(*self.result_pair)

    @property
    def percent(self) -> Computed:
        return Computed(*self.percent_pair)

    @property
    def colour(self) -> ColourResult:
        value, how = self.colour_pair
        return ColourResult(_COLOURS[value], how)


def _quarter(
    q: int,
    target: Computed,
    carried: Computed,
    rule: CarriedRule | None,
    result: Computed,
    pct: Computed,
    colour_result: ColourResult,
) -> QuarterFigures:
    return QuarterFigures(
        q, _pair(target), _pair(carried), rule, _pair(result), _pair(pct), _pair(colour_result)
    )


class YearFigures(NamedTuple):
    """An indicator-year's numbers; each read as a ``Computed`` (or ``ColourResult``) when asked."""

    annual_target_pair: tuple[Any, Any]
    cumulative_pair: tuple[Any, Any]
    annual_percent_pair: tuple[Any, Any]
    annual_colour_pair: tuple[Any, Any]
    passed: bool | None
    passed_explanation: Explanation
    quarters: tuple[QuarterFigures, ...]
    components: tuple[ComponentShare, ...] = ()

    @property
    def annual_target(self) -> Computed:
        return Computed(*self.annual_target_pair)

    @property
    def cumulative_result(self) -> Computed:
        return Computed(*self.cumulative_pair)

    @property
    def annual_percent(self) -> Computed:
        return Computed(*self.annual_percent_pair)

    @property
    def annual_colour(self) -> ColourResult:
        value, how = self.annual_colour_pair
        return ColourResult(_COLOURS[value], how)


def _year(
    annual: Computed,
    cumulative: Computed,
    annual_pct: Computed,
    year_colour: ColourResult,
    ok: bool | None,
    why: Explanation,
    quarters: tuple[QuarterFigures, ...],
    components: tuple[ComponentShare, ...] = (),
) -> YearFigures:
    return YearFigures(
        _pair(annual),
        _pair(cumulative),
        _pair(annual_pct),
        _pair(year_colour),
        ok,
        why,
        quarters,
        components,
    )


class ComponentShare(NamedTuple):
    """A component of a composite: its code, annual target, cumulative result and its own %."""

    code: str
    annual_target: Decimal | None
    cumulative_result: Decimal | None
    annual_percent: Computed


# ---------------------------------------------------------------------------------------------
# Single numbers


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Return part ÷ whole × 100 half-up to 2 places; None when either is missing or whole is 0."""
    if part is None or whole is None:
        return None
    return _thai_percent(part, whole)


def achievement_percent(
    result: Decimal | None, target: Decimal | None, direction: str = HIGHER
) -> Computed:
    """Return how far a result reaches its target, in percent.

    Higher is better: result ÷ target × 100. Lower is better: target ÷ result × 100 (a result at
    half the ceiling is 200 %). None when a value is missing or the divisor is 0.
    """
    if direction == LOWER:
        value = percent(target, result)
        return Computed(
            value,
            (
                "target ÷ result × 100 (lower is better)",
                "ratio",
                "target",
                target,
                "result",
                result,
                value,
            ),
        )
    value = percent(result, target)
    return Computed(
        value, ("result ÷ target × 100", "ratio", "result", result, "target", target, value)
    )


def _ratio_working(
    top_name: str,
    top: Decimal | None,
    bottom_name: str,
    bottom: Decimal | None,
    value: Decimal | None,
) -> tuple[tuple[tuple[str, str], ...], str]:
    return (
        ((top_name, fmt(top)), (bottom_name, fmt(bottom))),
        f"{fmt(top)} ÷ {fmt(bottom)} × 100 = {fmt(value)}",
    )


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    """Return the sum of the values that are set; None when none is set."""
    total = None
    for v in values:
        if v is not None:
            total = (ZERO if total is None else total) + v  # as sum(present, 0)
    return total


def annual_target(
    quarter_targets: Sequence[Decimal | None], explicit: Decimal | None = None
) -> Computed:
    """Return the annual target: the explicit one if set, else the sum of the quarterly targets."""
    if explicit is not None:
        return Computed(explicit, ("annual target (set for the year)", "given", "A", explicit))
    total = _sum(quarter_targets)
    return Computed(total, ("T1 + T2 + T3 + T4", "sum", "T", tuple(quarter_targets), total))


def _sum_working(
    letter: str, values: tuple[Decimal | None, ...], total: Decimal | None
) -> tuple[tuple[tuple[str, str], ...], str]:
    return (
        tuple((f"{letter}{i}", fmt(v)) for i, v in enumerate(values, 1)),
        f"{' + '.join(fmt(v) for v in values)} = {fmt(total)}",
    )


_R_UPTO = ("0", "R1", "R1 + R2", "R1 + R2 + R3", "R1 + R2 + R3 + R4")


def cumulative_result(results: Sequence[Decimal | None], upto: int, kind: str = COUNT) -> Computed:
    """Return the result so far at the end of quarter ``upto``.

    Counts, milestones, composites and percentages of a base add up the quarters' results; a
    percentage or score and a pass/fail take the latest quarter reported (a level, not a flow).
    """
    shown = list(results[:upto])
    if kind in (PERCENTAGE, PASS_FAIL):

        def inputs() -> tuple[tuple[str, str], ...]:
            return tuple((f"R{i}", fmt(v)) for i, v in enumerate(shown, 1))

        latest = next(
            ((i, v) for i, v in reversed(list(enumerate(shown, 1))) if v is not None), None
        )
        if latest is None:
            return Computed(
                None, Explanation("latest result reported", build=lambda: (inputs(), "–"))
            )
        return Computed(
            latest[1],
            Explanation(
                "latest result reported",
                build=lambda: (inputs(), f"R{latest[0]} = {fmt(latest[1])}"),
            ),
        )
    total = _sum(shown)
    formula = _R_UPTO[upto] if 0 <= upto <= 4 else " + ".join(f"R{i}" for i in range(1, upto + 1))
    return Computed(total, (formula, "sum", "R", tuple(shown), total))


def carried_target(
    quarter_targets: Sequence[Decimal | None],
    results: Sequence[Decimal | None],
    quarter: int,
    annual: Decimal | None = None,
) -> tuple[Computed, CarriedRule | None]:
    """Return the carried-forward target of ``quarter`` and the rule that produced it.

    carried = (targets q1..q) − (results q1..q−1). When the results so far already reach or exceed
    that (carried ≤ 0), the annual remainder (annual target − results so far) is used instead;
    when that is not positive either, the annual target is reached and the target is 0.
    None (and no rule) when no quarterly target up to ``quarter`` is set.
    """
    targets_so_far = tuple(quarter_targets[:quarter])
    target_sum = _sum(targets_so_far)
    if target_sum is None:
        return Computed(None, ("no quarterly target set", None)), None
    results_before = tuple(results[: quarter - 1])
    result_sum = _sum(results_before) or ZERO
    carried = target_sum - result_sum
    t_symbols, r_symbols = _carried_symbols(quarter)
    # The inputs and the working are written only when someone asks (``_carried_working``).
    if carried > ZERO:
        # Sums and differences of 2-decimal values are exact: no rounding needed.
        return (
            Computed(
                carried,
                (
                    f"({t_symbols}) − ({r_symbols})",
                    "carried",
                    targets_so_far,
                    results_before,
                    carried,
                ),
            ),
            CarriedRule.CARRIED_FORWARD,
        )
    annual_value = annual if annual is not None else _sum(quarter_targets)
    annual_value = annual_value if annual_value is not None else target_sum
    remainder = annual_value - result_sum
    if remainder > ZERO:
        return (
            Computed(
                remainder,
                (
                    f"A − ({r_symbols}), because ({t_symbols}) − ({r_symbols}) ≤ 0",
                    "carried",
                    targets_so_far,
                    results_before,
                    carried,
                    annual_value,
                    remainder,
                    "",
                ),
            ),
            CarriedRule.ANNUAL_REMAINDER,
        )
    return (
        Computed(
            ZERO,
            (
                f"annual target reached: A − ({r_symbols}) ≤ 0",
                "carried",
                targets_so_far,
                results_before,
                carried,
                annual_value,
                remainder,
                " ≤ 0 → 0",
            ),
        ),
        CarriedRule.ANNUAL_REACHED,
    )


_CARRIED_SYMBOLS = {
    q: (
        " + ".join(f"T{i}" for i in range(1, q + 1)),
        " + ".join(f"R{i}" for i in range(1, q)) or "0",
    )
    for q in (1, 2, 3, 4)
}


def _carried_symbols(quarter: int) -> tuple[str, str]:
    """Return ("T1 + … + Tq", "R1 + … + Rq−1" or "0") of a quarter."""
    found = _CARRIED_SYMBOLS.get(quarter)
    if found is None:
        found = (
            " + ".join(f"T{i}" for i in range(1, quarter + 1)),
            " + ".join(f"R{i}" for i in range(1, quarter)) or "0",
        )
    return found


def _carried_working(
    targets_so_far: tuple[Decimal | None, ...],
    results_before: tuple[Decimal | None, ...],
    carried: Decimal,
    annual_value: Decimal | None = None,
    remainder: Decimal | None = None,
    tail: str | None = None,
) -> tuple[tuple[tuple[str, str], ...], str]:
    """Return the inputs and the working of a carried-forward target (for its explanation)."""
    t_terms = " + ".join(fmt(v) for v in targets_so_far)
    r_terms = " + ".join(fmt(v) for v in results_before) or "0"
    inputs = tuple((f"T{i}", fmt(v)) for i, v in enumerate(targets_so_far, 1)) + tuple(
        (f"R{i}", fmt(v)) for i, v in enumerate(results_before, 1)
    )
    if tail is None:
        return inputs, f"({t_terms}) − ({r_terms}) = {fmt(carried)}"
    first = f"({t_terms}) − ({r_terms}) = {fmt(carried)} ≤ 0"
    return (
        (*inputs, ("A", fmt(annual_value))),
        f"{first}; {fmt(annual_value)} − ({r_terms}) = {fmt(remainder)}{tail}",
    )


def colour(
    pct: Decimal | None,
    rule: str = RULE_DEFAULT,
    red_below: Decimal = DEFAULT_RED_BELOW,
    green_above: Decimal = DEFAULT_GREEN_ABOVE,
    *,
    nothing_happened: bool = False,
) -> ColourResult:
    """Return the colour of a percent: red below ``red_below``, yellow up to ``green_above`` inclusive, green above.

    The default rule always uses 50 / 80; "thresholds" uses the indicator's own; "green when
    nothing happened" is green when the result is blank or zero, else as the default; "none"
    gives no colour. No colour when the percent does not exist.
    """
    if rule == RULE_NONE:
        return ColourResult(None, Explanation("no colour for this indicator"))
    if rule == RULE_GREEN_WHEN_NONE and nothing_happened:
        return ColourResult(
            Colour.GREEN,
            Explanation("green when nothing happened", build=lambda: ((), "result blank or 0")),
        )
    if rule != RULE_THRESHOLDS:
        red_below, green_above = DEFAULT_RED_BELOW, DEFAULT_GREEN_ABOVE
        formula = _DEFAULT_COLOUR_FORMULA
    else:
        formula = _colour_formula(red_below, green_above)
    if pct is None:
        return ColourResult(None, (formula, "no_percent"))
    if pct < red_below:
        chosen = _RED
    elif pct <= green_above:
        chosen = _YELLOW
    else:
        chosen = _GREEN
    return ColourResult(chosen, (formula, "colour", chosen.value, pct, red_below, green_above))


_RED, _YELLOW, _GREEN = Colour.RED, Colour.YELLOW, Colour.GREEN
_COLOUR_FORMULAS: dict[tuple[Decimal, Decimal], str] = {}


def _colour_formula(red_below: Decimal, green_above: Decimal) -> str:
    """Return the colour rule in symbols (the same few thresholds over and over: remembered)."""
    key = (red_below, green_above)
    found = _COLOUR_FORMULAS.get(key)
    if found is None:
        found = f"red < {fmt(red_below)} ≤ yellow ≤ {fmt(green_above)} < green"
        if len(_COLOUR_FORMULAS) < 256:
            _COLOUR_FORMULAS[key] = found
    return found


_DEFAULT_COLOUR_FORMULA = _colour_formula(DEFAULT_RED_BELOW, DEFAULT_GREEN_ABOVE)


def _no_percent_working() -> tuple[tuple[tuple[str, str], ...], str]:
    return (), "no percent → no colour"


def _colour_working(
    chosen: str, pct: Decimal, red_below: Decimal, green_above: Decimal
) -> tuple[tuple[tuple[str, str], ...], str]:
    if chosen == Colour.RED:
        working = f"{fmt(pct)} < {fmt(red_below)}"
    elif chosen == Colour.YELLOW:
        working = f"{fmt(red_below)} ≤ {fmt(pct)} ≤ {fmt(green_above)}"
    else:
        working = f"{fmt(pct)} > {fmt(green_above)}"
    return (("%", fmt(pct)),), working


def passed(
    result_so_far: Decimal | None,
    target_so_far: Decimal | None,
    direction: str = HIGHER,
    *,
    kind: str = COUNT,
    pass_rule: str = PASS_REACHES_TARGET,
    year_colour: Colour | None = None,
) -> tuple[bool | None, Explanation]:
    """Return whether an indicator passes: the result so far reaches the target so far.

    Higher is better: result ≥ target; lower is better: result ≤ target; a pass/fail indicator
    passes when its latest result is 1; the "green" pass rule passes when the year is green.
    None when the result or the target is not there.
    """
    if kind == PASS_FAIL:
        if result_so_far is None:
            return None, Explanation("latest result = 1 (pass)", build=lambda: ((), "no result"))
        ok = result_so_far >= 1
        return ok, Explanation(
            "latest result = 1 (pass)", build=lambda: ((), f"{fmt(result_so_far)}")
        )
    if pass_rule == PASS_GREEN:
        if year_colour is None:
            return None, Explanation("year colour = green", build=lambda: ((), "no colour"))
        return year_colour == Colour.GREEN, Explanation(
            "year colour = green", build=lambda: ((), year_colour)
        )
    if result_so_far is None or target_so_far is None:
        return None, Explanation("result so far vs target so far", build=lambda: ((), "–"))
    if direction == LOWER:
        ok = result_so_far <= target_so_far
        sign = "≤" if ok else ">"
    else:
        ok = result_so_far >= target_so_far
        sign = "≥" if ok else "<"
    return ok, Explanation(
        "result so far ≥ target so far" if direction != LOWER else "result so far ≤ target so far",
        build=lambda: (
            (("result", fmt(result_so_far)), ("target", fmt(target_so_far))),
            f"{fmt(result_so_far)} {sign} {fmt(target_so_far)}",
        ),
    )


# ---------------------------------------------------------------------------------------------
# A whole indicator-year


def _colour_for(
    numbers: IndicatorNumbers, pct: Decimal | None, result: Decimal | None
) -> ColourResult:
    nothing = result is None or result == ZERO
    if numbers.direction == LOWER and result == ZERO and numbers.colour_rule != RULE_NONE:
        return ColourResult(
            Colour.GREEN, Explanation("lower is better: a result of 0 is best", (), "0")
        )
    return colour(
        pct,
        numbers.colour_rule,
        numbers.red_below,
        numbers.green_above,
        nothing_happened=nothing,
    )


def _pass_fail_colour(value: Decimal | None) -> ColourResult:
    if value is None:
        return ColourResult(
            None, Explanation("pass → green, fail → red", build=lambda: ((), "no result"))
        )
    ok = value >= 1
    return ColourResult(
        Colour.GREEN if ok else Colour.RED,
        Explanation("pass → green, fail → red", build=lambda: ((), "pass" if ok else "fail")),
    )


def _none(formula: str = "") -> Computed:
    return Computed(None, (formula, None))


_NO_COLOUR = ("", None)


def _given(value: Decimal | None, label: str) -> Computed:
    return Computed(value, (label, "given", label, value))


def _given_working(label: str, value: Decimal | None) -> tuple[tuple[tuple[str, str], ...], str]:
    """An input (a target, a result): "T2 = 1,500"."""
    return ((label, fmt(value)),), fmt(value)


def _own_target_working(
    label: str, value: Decimal | None
) -> tuple[tuple[tuple[str, str], ...], str]:
    return ((label, fmt(value)),), ""


_T_LABELS = ("T0", "T1", "T2", "T3", "T4")
_R_LABELS = ("R0", "R1", "R2", "R3", "R4")


def indicator_year(numbers: IndicatorNumbers, upto: int) -> YearFigures:
    """Compute every number of one indicator-year as reported at the end of quarter ``upto`` (1..4).

    Results of quarters after ``upto`` are ignored. Quarter rows after ``upto`` show their own
    target only. See the module docstring for the rules; each kind is described in docs/indicators.md.
    """
    if upto not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1..4, not {upto!r}")
    results = tuple(numbers.results[:upto]) + (None,) * (4 - upto)
    targets = tuple(numbers.quarter_targets)
    kind = numbers.kind
    if kind == BASE_PERCENT:
        return _base_percent_year(numbers, results, upto)
    if kind == PASS_FAIL:
        return _pass_fail_year(numbers, results, upto)
    if kind == PERCENTAGE:
        return _percentage_year(numbers, results, upto)

    annual = annual_target(targets, numbers.annual_target)
    cumulative = cumulative_result(results, upto, kind)
    quarters = []
    for q in range(1, 5):
        own = _given(targets[q - 1], _T_LABELS[q])
        result = _given(results[q - 1], _R_LABELS[q])
        if q > upto:
            quarters.append(
                _quarter(q, own, _none(), None, result, _none(), ColourResult(None, _NO_COLOUR))
            )
            continue
        if kind == MILESTONES or numbers.direction == LOWER:
            own_target = targets[q - 1]
            carried, rule = (
                Computed(own_target, (_T_LABELS[q], "own_target", _T_LABELS[q], own_target)),
                CarriedRule.QUARTER_TARGET if own_target is not None else None,
            )
        else:
            carried, rule = carried_target(targets, results, q, annual.value)
        pct = achievement_percent(results[q - 1], carried.value, numbers.direction)
        quarters.append(
            _quarter(
                q, own, carried, rule, result, pct, _colour_for(numbers, pct.value, results[q - 1])
            )
        )
    annual_pct = achievement_percent(cumulative.value, annual.value, numbers.direction)
    year_colour = _colour_for(numbers, annual_pct.value, cumulative.value)
    target_so_far = _sum(targets[:upto]) if _sum(targets) is not None else annual.value
    ok, why = passed(
        cumulative.value,
        target_so_far,
        numbers.direction,
        kind=kind,
        pass_rule=numbers.pass_rule,
        year_colour=year_colour.colour,
    )
    return _year(annual, cumulative, annual_pct, year_colour, ok, why, tuple(quarters))


def _percentage_year(
    numbers: IndicatorNumbers, results: tuple[Decimal | None, ...], upto: int
) -> YearFigures:
    annual = annual_target((), numbers.annual_target)
    if numbers.annual_target is None:
        annual = _given(None, "A")
    cumulative = cumulative_result(results, upto, PERCENTAGE)
    quarters = []
    for q in range(1, 5):
        result = _given(results[q - 1], f"R{q}")
        if q > upto:
            quarters.append(
                _quarter(q, _none(), _none(), None, result, _none(), ColourResult(None, _NO_COLOUR))
            )
            continue
        carried = Computed(
            annual.value, Explanation("A (annual target only)", (("A", annual.text),))
        )
        pct = achievement_percent(results[q - 1], annual.value, numbers.direction)
        quarters.append(
            _quarter(
                q,
                _none(),
                carried,
                CarriedRule.ANNUAL_ONLY if annual.value is not None else None,
                result,
                pct,
                _colour_for(numbers, pct.value, results[q - 1]),
            )
        )
    annual_pct = achievement_percent(cumulative.value, annual.value, numbers.direction)
    year_colour = _colour_for(numbers, annual_pct.value, cumulative.value)
    ok, why = passed(
        cumulative.value,
        annual.value,
        numbers.direction,
        pass_rule=numbers.pass_rule,
        year_colour=year_colour.colour,
    )
    return _year(annual, cumulative, annual_pct, year_colour, ok, why, tuple(quarters))


def _pass_fail_year(
    numbers: IndicatorNumbers, results: tuple[Decimal | None, ...], upto: int
) -> YearFigures:
    one = Decimal("1")
    target = Computed(one, Explanation("pass = 1", (), "1"))
    cumulative = cumulative_result(results, upto, PASS_FAIL)
    quarters = []
    for q in range(1, 5):
        result = _given(results[q - 1], f"R{q}")
        if q > upto:
            quarters.append(
                _quarter(q, _none(), _none(), None, result, _none(), ColourResult(None, _NO_COLOUR))
            )
            continue
        quarters.append(
            _quarter(
                q,
                _none(),
                target,
                CarriedRule.PASS_FAIL,
                result,
                _none("pass or fail has no percent"),
                _pass_fail_colour(results[q - 1]),
            )
        )
    ok, why = passed(cumulative.value, one, kind=PASS_FAIL)
    return _year(
        target,
        cumulative,
        _none("pass or fail has no percent"),
        _pass_fail_colour(cumulative.value),
        ok,
        why,
        tuple(quarters),
    )


def _base_percent_year(
    numbers: IndicatorNumbers, results: tuple[Decimal | None, ...], upto: int
) -> YearFigures:
    """A cumulative percentage of a base: targets are cumulative % of the base due by each quarter.

    Results are the counts reached in each quarter; the achieved % of the base at quarter q is
    (R1 + … + Rq) ÷ base × 100, and the quarter % is that ÷ the quarter's cumulative target % × 100.
    """
    base = numbers.base
    targets = numbers.quarter_targets
    explicit = numbers.annual_target
    last_target = next((v for v in reversed(targets) if v is not None), None)
    annual_value = explicit if explicit is not None else last_target
    annual = Computed(
        annual_value,
        Explanation(
            "percent of the base due by the end of the year",
            (("A", fmt(annual_value)), ("base", fmt(base))),
            f"{fmt(annual_value)} % × {fmt(base)} = {fmt(_of_base(annual_value, base))}",
        ),
    )
    quarters = []
    for q in range(1, 5):
        own = _given(targets[q - 1], f"T{q} %")
        result = _given(results[q - 1], f"R{q}")
        if q > upto:
            quarters.append(
                _quarter(q, own, _none(), None, result, _none(), ColourResult(None, _NO_COLOUR))
            )
            continue
        reached = _sum(results[:q])
        reached_pct = percent(reached, base)
        target_pct = targets[q - 1]
        carried = Computed(
            target_pct,
            Explanation(
                f"T{q} % of the base (cumulative)",
                ((f"T{q}", fmt(target_pct)), ("base", fmt(base))),
                f"{fmt(target_pct)} % × {fmt(base)} = {fmt(_of_base(target_pct, base))}",
            ),
        )
        pct_value = percent(reached_pct, target_pct)
        pct = Computed(
            pct_value,
            Explanation(
                "((R1 + … + Rq) ÷ base × 100) ÷ Tq × 100",
                (("R1..Rq", fmt(reached)), ("base", fmt(base)), (f"T{q}", fmt(target_pct))),
                f"({fmt(reached)} ÷ {fmt(base)} × 100 = {fmt(reached_pct)}) ÷ {fmt(target_pct)} × 100 = {fmt(pct_value)}",
            ),
        )
        quarters.append(
            _quarter(
                q,
                own,
                carried,
                CarriedRule.CUMULATIVE_OF_BASE if target_pct is not None else None,
                result,
                pct,
                _colour_for(numbers, pct_value, results[q - 1]),
            )
        )
    reached_total = _sum(results[:upto])
    cumulative_pct = percent(reached_total, base)
    cumulative = Computed(
        cumulative_pct,
        Explanation(
            "(R1 + … + Rq) ÷ base × 100",
            (("R1..Rq", fmt(reached_total)), ("base", fmt(base))),
            f"{fmt(reached_total)} ÷ {fmt(base)} × 100 = {fmt(cumulative_pct)}",
        ),
    )
    annual_pct = achievement_percent(cumulative_pct, annual_value)
    year_colour = _colour_for(numbers, annual_pct.value, reached_total)
    target_so_far = next((v for v in reversed(targets[:upto]) if v is not None), annual_value)
    ok, why = passed(
        cumulative_pct,
        target_so_far,
        pass_rule=numbers.pass_rule,
        year_colour=year_colour.colour,
    )
    return _year(annual, cumulative, annual_pct, year_colour, ok, why, tuple(quarters))


def _of_base(pct: Decimal | None, base: Decimal | None) -> Decimal | None:
    if pct is None or base is None:
        return None
    return round_half_up(pct * base / HUNDRED)


def composite_numbers(
    parent: IndicatorNumbers, components: Sequence[IndicatorNumbers]
) -> IndicatorNumbers:
    """Return the parent's numbers as the sums of its components' quarterly targets and results.

    The composite's own explicit annual target (if any) is kept; otherwise it is the sum of the
    components' annual targets. Its kind is read as a count.
    """
    quarter_targets = tuple(_sum([c.quarter_targets[i] for c in components]) for i in range(4))
    results = tuple(_sum([c.results[i] for c in components]) for i in range(4))
    explicit = parent.annual_target
    if explicit is None:
        explicit = _sum(
            [annual_target(c.quarter_targets, c.annual_target).value for c in components]
        )
    return IndicatorNumbers(
        kind=COMPOSITE,
        quarter_targets=quarter_targets,
        results=results,
        annual_target=explicit,
        direction=parent.direction,
        colour_rule=parent.colour_rule,
        red_below=parent.red_below,
        green_above=parent.green_above,
        pass_rule=parent.pass_rule,
    )


def composite_year(
    parent: IndicatorNumbers,
    components: Sequence[tuple[str, IndicatorNumbers]],
    upto: int,
) -> YearFigures:
    """Compute a composite: the year of the summed numbers plus each component's own annual %."""
    summed = composite_numbers(parent, [n for _, n in components])
    year = indicator_year(summed, upto)
    shares = []
    for code, numbers in components:
        own = indicator_year(numbers, upto)
        shares.append(
            ComponentShare(
                code,
                own.annual_target.value,
                own.cumulative_result.value,
                own.annual_percent,
            )
        )
    return _year(
        year.annual_target,
        year.cumulative_result,
        year.annual_percent,
        year.annual_colour,
        year.passed,
        year.passed_explanation,
        year.quarters,
        tuple(shares),
    )


def breakdown_matches(total: Decimal | None, parts: Sequence[Decimal | None]) -> bool | None:
    """Return whether a breakdown (regions or provinces) adds up to its total; None if either is missing."""
    parts_sum = _sum(parts)
    if total is None or parts_sum is None:
        return None
    return parts_sum == total


_BUILDERS: dict[str, Callable[..., tuple[tuple[tuple[str, str], ...], str]]] = {
    "given": _given_working,
    "own_target": _own_target_working,
    "ratio": _ratio_working,
    "sum": _sum_working,
    "carried": _carried_working,
    "colour": _colour_working,
    "no_percent": _no_percent_working,
}

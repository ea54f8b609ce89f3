"""Fiscal years (1 Oct - 30 Sep, named by the BE year they end in) and quarters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidtam.thai import fiscal_quarter, fiscal_quarter_range, fiscal_year, fiscal_year_range

D = dt.date


@pytest.mark.parametrize(
    ("d", "year", "quarter"),
    [
        (D(2020, 9, 30), 2563, 4),
        (D(2020, 10, 1), 2564, 1),
        (D(2020, 12, 31), 2564, 1),
        (D(2021, 1, 1), 2564, 2),
        (D(2021, 3, 31), 2564, 2),
        (D(2021, 4, 1), 2564, 3),
        (D(2021, 6, 30), 2564, 3),
        (D(2021, 7, 1), 2564, 4),
        (D(2021, 9, 30), 2564, 4),
        (D(2021, 10, 1), 2565, 1),
    ],
)
def test_fiscal_year_and_quarter_at_the_boundaries(d: D, year: int, quarter: int) -> None:
    assert fiscal_year(d) == year
    assert fiscal_quarter(d) == quarter


def test_fiscal_year_range() -> None:
    assert fiscal_year_range(2564) == (D(2020, 10, 1), D(2021, 9, 30))


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, D(2020, 10, 1), D(2020, 12, 31)),
        (2, D(2021, 1, 1), D(2021, 3, 31)),
        (3, D(2021, 4, 1), D(2021, 6, 30)),
        (4, D(2021, 7, 1), D(2021, 9, 30)),
    ],
)
def test_fiscal_quarter_range(quarter: int, start: D, end: D) -> None:
    assert fiscal_quarter_range(2564, quarter) == (start, end)


@pytest.mark.parametrize("quarter", [0, 5])
def test_fiscal_quarter_range_refuses_other_quarters(quarter: int) -> None:
    with pytest.raises(ValueError, match="ไตรมาส"):
        fiscal_quarter_range(2564, quarter)


@settings(deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)))
def test_every_day_lies_in_its_fiscal_year_and_quarter(d: D) -> None:
    year, quarter = fiscal_year(d), fiscal_quarter(d)
    start, end = fiscal_year_range(year)
    assert start <= d <= end
    q_start, q_end = fiscal_quarter_range(year, quarter)
    assert q_start <= d <= q_end


def test_old_import_path_still_works() -> None:
    from tidtam.thai.dates import fiscal_year as from_dates

    assert from_dates(D(2020, 10, 1)) == 2564

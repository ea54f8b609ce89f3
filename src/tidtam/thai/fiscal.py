"""Fiscal years (ปีงบประมาณ) and quarters (ไตรมาส).

A fiscal year runs from 1 October to 30 September and is named by the Buddhist-Era year in
which it ends: FY 2564 = 1 Oct 2020 - 30 Sep 2021. Quarter 1 = Oct-Dec, 2 = Jan-Mar,
3 = Apr-Jun, 4 = Jul-Sep.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tidtam.thai.months import BE_OFFSET

__all__ = ["fiscal_quarter", "fiscal_quarter_range", "fiscal_year", "fiscal_year_range"]


def fiscal_year(d: dt.date) -> int:
    """Return the BE fiscal year that ``d`` falls in (2020-10-01 -> 2564, 2021-09-30 -> 2564)."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_quarter(d: dt.date) -> int:
    """Return the fiscal quarter (1..4) of ``d``: 1 = Oct-Dec, 2 = Jan-Mar, 3 = Apr-Jun, 4 = Jul-Sep."""
    return (d.month + 2) // 3 % 4 + 1


def fiscal_year_range(be_year: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day (CE dates, both included) of BE fiscal year ``be_year``."""
    end_year = be_year - BE_OFFSET
    return dt.date(end_year - 1, 10, 1), dt.date(end_year, 9, 30)


def fiscal_quarter_range(be_year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day (both included) of quarter ``quarter`` of fiscal ``be_year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"ไตรมาสต้องเป็น 1 ถึง 4 ไม่ใช่ {quarter!r}")
    first_month = (quarter * 3 + 6) % 12 + 1  # 1 -> 10, 2 -> 1, 3 -> 4, 4 -> 7
    year = be_year - BE_OFFSET - (1 if quarter == 1 else 0)
    last_month = first_month + 2
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )

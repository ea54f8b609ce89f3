"""Thai dates, fiscal years, money words and text: the public API used by the whole product.

Import from here (``from tidtam.thai import parse_date, baht_text``); the modules behind it
(dates, fiscal, money, numbers, text, forms) may move. See docs/thai.md.
"""

from __future__ import annotations

from tidtam.thai.dates import (
    DATE_STYLES,
    DateParseError,
    ParsedDate,
    format_date,
    format_date_range,
    format_month_range,
    parse_date,
    parse_time,
)
from tidtam.thai.fiscal import fiscal_quarter, fiscal_quarter_range, fiscal_year, fiscal_year_range
from tidtam.thai.money import (
    baht_text,
    format_number,
    format_percent,
    parse_amount,
    percent,
    percent_split,
    round_half_up,
)
from tidtam.thai.months import BE_OFFSET, MONTHS_LONG, MONTHS_SHORT
from tidtam.thai.numbers import parse_count_with_units, parse_int, parse_number
from tidtam.thai.text import from_thai_digits, normalize_text, sort_key, to_thai_digits

__all__ = [
    "BE_OFFSET",
    "DATE_STYLES",
    "MONTHS_LONG",
    "MONTHS_SHORT",
    "DateParseError",
    "ParsedDate",
    "baht_text",
    "fiscal_quarter",
    "fiscal_quarter_range",
    "fiscal_year",
    "fiscal_year_range",
    "format_date",
    "format_date_range",
    "format_month_range",
    "format_number",
    "format_percent",
    "from_thai_digits",
    "normalize_text",
    "parse_amount",
    "parse_count_with_units",
    "parse_date",
    "parse_int",
    "parse_number",
    "parse_time",
    "percent",
    "percent_split",
    "round_half_up",
    "sort_key",
    "to_thai_digits",
]

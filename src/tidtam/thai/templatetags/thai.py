"""Template filters for Thai display (loaded as builtins in every template).

``be_date``, ``be_date_range``, ``fiscal_year``, ``baht_text``, ``thai_number``, ``percent``,
``thai_digits``. Every filter shows None or "" as "".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from tidtam.thai import dates, fiscal, money, text

register = template.Library()


def _local_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def be_date(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """Show a date (or the local date of a datetime) in the Buddhist Era; blank for None.

    ``{{ d|be_date }}`` 10 มี.ค. 2566 · ``{{ d|be_date:"long" }}`` 10 มีนาคม 2566 · styles as
    ``tidtam.thai.format_date``.
    """
    if value is None or value == "":
        return ""
    return dates.format_date(_local_date(value), style)


@register.filter
def be_date_range(value: Any, arg: Any = "short") -> str:
    """Show a range of days in the Buddhist Era.

    ``{{ start|be_date_range:end }}`` 20-21 ม.ค. 2564; or a (start, end) pair / parsed date with
    a style: ``{{ period|be_date_range:"long" }}`` 1 กุมภาพันธ์-30 กันยายน 2566.
    """
    style = "short"
    if isinstance(value, dates.ParsedDate):
        value = (value.start, value.end)
    if isinstance(value, tuple | list) and len(value) == 2:
        start, end = value
        style = str(arg or "short")
    else:
        start, end = value, arg if isinstance(arg, dt.date) else None
        if isinstance(arg, str) and arg:
            style = arg
    if start is None or start == "":
        return ""
    start = _local_date(start)
    end = _local_date(end) if isinstance(end, dt.date) else None
    return dates.format_date_range(start, end, style)


@register.filter
def fiscal_year(value: dt.date | dt.datetime | None) -> str:
    """Show the BE fiscal year of a date (1 Oct 2020 -> 2564)."""
    if value is None or value == "":
        return ""
    return str(fiscal.fiscal_year(_local_date(value)))


@register.filter
def baht_text(value: Any) -> str:
    """Show an amount in Thai words: 10921966 -> สิบล้าน...หกสิบหกบาทถ้วน."""
    amount = _decimal(value)
    return "" if amount is None else money.baht_text(amount)


@register.filter
def thai_number(value: Any, places: Any = 0) -> str:
    """Show a number with thousands commas: 1,234,567; ``|thai_number:2`` 1,234,567.00."""
    number = _decimal(value)
    return "" if number is None else money.format_number(number, int(places))


@register.filter
def percent(value: Any) -> str:
    """Show a percent as the reports do: "70" for whole values, "69.85" otherwise."""
    return money.format_percent(_decimal(value))


@register.filter
def thai_digits(value: Any) -> str:
    """Write the digits of a value as Thai digits (2566 -> ๒๕๖๖)."""
    return "" if value is None else text.to_thai_digits(str(value))

"""Template filters that show dates in the Buddhist Era (loaded as builtins in every template)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from tidtam.thai import dates

register = template.Library()


@register.filter
def be_date(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """Show a date (or the local date of a datetime) in the Buddhist Era; blank for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.format_date(value, style)


@register.filter
def fiscal_year(value: dt.date | dt.datetime | None) -> str:
    """Show the BE fiscal year of a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(dates.fiscal_year(value))

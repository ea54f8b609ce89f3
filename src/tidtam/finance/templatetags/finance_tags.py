"""Template filters that print money as the reports do (through tidtam.finance.calculations)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tidtam.finance import calculations as calc

register = template.Library()


@register.filter
def finance_amount(value: Decimal | int | None) -> str:
    """Print baht with thousands commas ("1,781,000"); blank for None."""
    if value is None or value == "":
        return ""
    return calc.format_amount(Decimal(value))


@register.filter
def finance_percent(value: Decimal | None) -> str:
    """Print a percent as seed 003 does ("70", "69.85"); "-" when there is no base."""
    return calc.format_percent(value)

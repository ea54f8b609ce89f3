"""The arithmetic of money: every total, percent, cap and remaining amount, in one place.

Pure functions on ``Decimal``; nothing here touches the database. Pages, exports, the CLI and
the services call these, so two reports can never disagree.

Rounding: one helper, ``tidtam.thai.money.round_half_up`` (2 decimals, half away from zero
as people round on paper, not Python's banker's rounding); the percent and baht-text helpers
come from the same module so every app rounds alike.

Percent pairs: a "disbursed %" and its "remaining %" must add up to exactly 100 as printed
(seed 003: 69.85 + 30.15). ``percent_pair`` rounds the disbursed share half-up and gives the
remaining share as 100 minus it, so the pair can never print 99.99 or 100.01. (Both shares
rounded on their own could: 33.335 % / 66.665 % would print 33.34 + 66.67.)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from tidtam.thai import money

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def round_half_up(value: Decimal) -> Decimal:
    """Return ``value`` rounded half-up (0.005 -> 0.01) to the satang."""
    return money.round_half_up(value, 2)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return part ÷ whole × 100 rounded half-up to 2 decimals; None when whole is zero."""
    return money.percent(part, whole)


def percent_pair(part: Decimal, whole: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """Return (part %, rest %) of ``whole`` that add up to exactly 100 (None, None if whole is 0)."""
    split = money.percent_split(part, whole)
    if split is None:
        return None, None
    return split


def total(values: Iterable[Decimal | None]) -> Decimal:
    """Return the sum of the amounts, None counted as zero."""
    return sum((v for v in values if v is not None), ZERO)


def remaining(approved: Decimal, disbursed: Decimal) -> Decimal:
    """Return approved − disbursed (คงเหลือ)."""
    return approved - disbursed


def tranche_caps(approved: Decimal, caps_percent: list[Decimal]) -> list[Decimal]:
    """Return each tranche's cap in baht: the percent of ``approved``, the last gets the rest.

    Every cap but the last is rounded half-up to the satang; the last is what is left, so the
    caps add up to ``approved`` exactly (70 % of 1,781,000 = 1,246,700; the rest 534,300).
    """
    caps = [round_half_up(approved * pct / HUNDRED) for pct in caps_percent[:-1]]
    caps.append(approved - total(caps))
    return caps


def last_tranche_cap(approved: Decimal, planned_before: Iterable[Decimal]) -> Decimal:
    """Return the last tranche's cap: approved minus what the earlier tranches plan to pay."""
    return approved - total(planned_before)


def add_months(start: dt.date, months: int) -> dt.date:
    """Return ``start`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def is_late(transfer_date: dt.date | None, deadline: dt.date | None) -> bool:
    """Return True when a transfer happened after its deadline (a missing one is not late)."""
    return transfer_date is not None and deadline is not None and transfer_date > deadline


def frame_excess(frame_amount: Decimal, approved_in_frame: Decimal, new_amount: Decimal) -> Decimal:
    """Return how much of ``new_amount`` would go above the frame (0 when it fits)."""
    available = frame_amount - approved_in_frame
    return max(ZERO, new_amount - max(available, ZERO))


# --- how numbers are printed ---------------------------------------------------------------


def format_amount(value: Decimal | None) -> str:
    """Print baht as reports do: "1,781,000" when whole, "1,781,000.50" otherwise; "" for None."""
    if value is None:
        return ""
    value = Decimal(value)
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:  # amounts from the database skip this
        value = round_half_up(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_percent(value: Decimal | None) -> str:
    """Print a percent as seed 003 does: "70" or "100" when whole, "69.85" otherwise; "-" for None."""
    if value is None:
        return "-"
    return money.format_percent(value)


def baht_text(value: Decimal) -> str:
    """Write an amount in Thai words: 10,921,966 -> "สิบล้าน...หกสิบหกบาทถ้วน"."""
    return money.baht_text(value)

"""Money and percentages: the one rounding helper, amounts in Thai words, amounts as typed.

Money is ``Decimal``, never ``float``: every function here refuses a float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from tidtam.thai.text import clean_typed_number

__all__ = [
    "baht_text",
    "format_number",
    "format_percent",
    "parse_amount",
    "percent",
    "percent_split",
    "round_half_up",
]

_HUNDRED = Decimal(100)
# Intermediate arithmetic at 60 digits (the default context otherwise, half-even), as a
# ``localcontext()`` with prec 60 would do, without entering and leaving one per call.
_CONTEXT = Context(prec=60)
_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def _decimal(value: Decimal | int, name: str = "value") -> Decimal:
    if type(value) is Decimal:  # the common case, first (reports call this thousands of times)
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    return Decimal(value)


def round_half_up(value: Decimal | int, places: int = 2) -> Decimal:
    """Round ``value`` half away from zero to ``places`` decimals (69.845 -> 69.85).

    This is the only rounding rule of the product: every total, percent and share goes
    through it.
    """
    exponent = _EXPONENTS.get(places) or Decimal(1).scaleb(-places)
    return _decimal(value).quantize(exponent, rounding=ROUND_HALF_UP, context=_CONTEXT)


def percent(part: Decimal | int, whole: Decimal | int, places: int = 2) -> Decimal | None:
    """Return ``part / whole * 100`` rounded half-up to ``places`` decimals; None when whole is 0."""
    whole_d = _decimal(whole, "whole")
    if whole_d == 0:
        return None
    scaled = _CONTEXT.multiply(_decimal(part, "part"), _HUNDRED)
    return round_half_up(_CONTEXT.divide(scaled, whole_d), places)


def percent_split(
    part: Decimal | int, whole: Decimal | int, places: int = 2
) -> tuple[Decimal, Decimal] | None:
    """Return (percent of ``part``, the rest up to 100) so the pair adds to exactly 100.

    Used for "disbursed % / remaining %" columns: the remaining share is 100 minus the rounded
    first share, never rounded on its own. None when whole is 0.
    """
    first = percent(part, whole, places)
    if first is None:
        return None
    return first, _HUNDRED - first


def format_percent(value: Decimal | int | None) -> str:
    """Write a percent as the reports do: whole values without decimals ("70", "100"), others
    with two ("69.85", "69.80"); blank for None."""
    if value is None:
        return ""
    rounded = round_half_up(value, 2)
    if rounded == rounded.to_integral_value():
        return f"{rounded:.0f}"
    return f"{rounded:.2f}"


def format_number(value: Decimal | int | None, places: int = 0) -> str:
    """Write a number with thousands commas: 1,234,567 (``places=0``) or 1,234,567.50."""
    if value is None:
        return ""
    return f"{round_half_up(value, places):,.{places}f}"


# --- amounts in words ----------------------------------------------------------------------

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 10**6


def _spell_group(n: int, *, after_higher: bool) -> str:
    """Spell 0 < n < 1,000,000; ``after_higher`` says a higher group (ล้าน) comes before it."""
    words: list[str] = []
    digits = str(n)
    for position, char in enumerate(digits):
        place = len(digits) - 1 - position
        digit = int(char)
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, _DIGIT_WORDS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (n >= 10 or after_higher):
            words.append("เอ็ด")
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def _spell_integer(n: int) -> str:
    """Spell a positive integer: groups of six digits joined by ล้าน (10**12 = หนึ่งล้านล้าน)."""
    high, low = divmod(n, _MILLION)
    text = _spell_integer(high) + "ล้าน" if high else ""
    if low:
        text += _spell_group(low, after_higher=bool(high))
    return text


def baht_text(amount: Decimal | int) -> str:
    """Write an amount of baht in Thai words, exactly, satang included.

    The amount is first rounded half-up to satang. 10921966 -> "สิบล้านเก้าแสนสองหมื่นหนึ่งพัน
    เก้าร้อยหกสิบหกบาทถ้วน"; 0 -> "ศูนย์บาทถ้วน"; 0.50 -> "ห้าสิบสตางค์";
    1.01 -> "หนึ่งบาทหนึ่งสตางค์"; -5 -> "ลบห้าบาทถ้วน". Refuses floats (they are not exact).
    """
    value = round_half_up(_decimal(amount, "amount"), 2)
    if value == 0:
        return "ศูนย์บาทถ้วน"
    sign = "ลบ" if value < 0 else ""
    satang_total = int(abs(value) * _HUNDRED)
    baht, satang = divmod(satang_total, 100)
    text = _spell_integer(baht) + "บาท" if baht else ""
    if satang:
        text += _spell_group(satang, after_higher=False) + "สตางค์"
    else:
        text += "ถ้วน"
    return sign + text


# --- amounts as typed ----------------------------------------------------------------------

_MULTIPLIERS = {"ล้าน": 10**6, "แสน": 10**5, "หมื่น": 10**4, "พัน": 10**3, "ร้อย": 100}
_AMOUNT = re.compile(
    r"(?P<sign>[-+])?\s*(?:฿\s*)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<multiplier>ล้าน|แสน|หมื่น|พัน|ร้อย)?\s*(?:บาท)?\s*(?:ถ้วน)?"
)
_BLANK_AMOUNT = re.compile(r"[\s.…_]*(?:บาท)?[\s.…_]*")
_NONE_AMOUNT = re.compile(r"-\s*(?:บาท)?")


def parse_amount(text: str) -> Decimal | None:
    """Read an amount of baht as typed: "1,240,000", "380.27 ล้านบาท" (380270000),
    "3 หมื่นบาท" (30000), "1.5 แสน", "฿1,234.50", Thai digits.

    "-" means none and gives 0; a blank ("", "....", "บาท") gives None. Anything else raises
    ``ValueError`` naming the text. Commas must group thousands ("1,24" is refused).
    """
    s = clean_typed_number(text)
    if _BLANK_AMOUNT.fullmatch(s):
        return None
    if _NONE_AMOUNT.fullmatch(s):
        return Decimal(0)
    m = _AMOUNT.fullmatch(s)
    if not m:
        raise ValueError(f'อ่านจำนวนเงินไม่ได้: "{text}"')
    try:
        value = Decimal(m["number"].replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern only lets numbers through
        raise ValueError(f'อ่านจำนวนเงินไม่ได้: "{text}"') from error
    if m["multiplier"]:
        value *= _MULTIPLIERS[m["multiplier"]]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return -value if m["sign"] == "-" else value

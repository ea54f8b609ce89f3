"""Rounding, percentages, amounts in words and amounts as typed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import bahttext

from tidtam.thai import (
    baht_text,
    format_number,
    format_percent,
    parse_amount,
    percent,
    percent_split,
    round_half_up,
)

# --- an independent spelling of amounts, digit by digit from the left ----------------------

_NAMES = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
_UNITS = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]


def _read_digits(digits: str) -> str:
    digits = digits.lstrip("0")
    out = []
    for i, char in enumerate(digits):
        position = len(digits) - 1 - i
        unit, d = position % 6, int(char)
        if d:
            if unit == 0 and d == 1 and i > 0:
                out.append("เอ็ด")
            elif unit == 1 and d == 2:
                out.append("ยี่สิบ")
            elif unit == 1 and d == 1:
                out.append("สิบ")
            else:
                out.append(_NAMES[d] + _UNITS[unit])
        if unit == 0 and position > 0:
            out.append("ล้าน")
    return "".join(out)


def reference_baht_text(amount: Decimal) -> str:
    q = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q == 0:
        return "ศูนย์บาทถ้วน"
    sign = "ลบ" if q < 0 else ""
    baht, satang = f"{abs(q):.2f}".split(".")
    words = _read_digits(baht)
    words = words + "บาท" if words else ""
    words += _read_digits(satang) + "สตางค์" if int(satang) else "ถ้วน"
    return sign + words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("10921966", "สิบล้านเก้าแสนสองหมื่นหนึ่งพันเก้าร้อยหกสิบหกบาทถ้วน"),
        ("0", "ศูนย์บาทถ้วน"),
        ("0.00", "ศูนย์บาทถ้วน"),
        ("-0.001", "ศูนย์บาทถ้วน"),
        ("1", "หนึ่งบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("20", "ยี่สิบบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("110", "หนึ่งร้อยสิบบาทถ้วน"),
        ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
        ("21000000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
        ("1000000000000", "หนึ่งล้านล้านบาทถ้วน"),
        ("2500000000000.25", "สองล้านห้าแสนล้านบาทยี่สิบห้าสตางค์"),
        ("15635880", "สิบห้าล้านหกแสนสามหมื่นห้าพันแปดร้อยแปดสิบบาทถ้วน"),
        ("0.50", "ห้าสิบสตางค์"),
        ("0.01", "หนึ่งสตางค์"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("100.21", "หนึ่งร้อยบาทยี่สิบเอ็ดสตางค์"),
        ("12.345", "สิบสองบาทสามสิบห้าสตางค์"),  # half-up to satang
        ("-5", "ลบห้าบาทถ้วน"),
        ("-1240000.50", "ลบหนึ่งล้านสองแสนสี่หมื่นบาทห้าสิบสตางค์"),
    ],
)
def test_baht_text(amount: str, words: str) -> None:
    assert baht_text(Decimal(amount)) == words


def test_baht_text_takes_int_and_refuses_float() -> None:
    assert baht_text(541000) == "ห้าแสนสี่หมื่นหนึ่งพันบาทถ้วน"
    with pytest.raises(TypeError):
        baht_text(1.5)  # type: ignore[arg-type]


def test_baht_text_is_exact_where_a_float_is_not() -> None:
    # pythainlp's float-based bahttext says 94 satang and 0 satang for these two
    assert baht_text(Decimal("90071992547409.93")).endswith("เก้าบาทเก้าสิบสามสตางค์")
    assert baht_text(Decimal("1.005")) == "หนึ่งบาทหนึ่งสตางค์"
    amount = Decimal("9999999999999999.99")  # not representable as a float
    assert baht_text(amount).endswith("เก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์")
    assert baht_text(amount) == reference_baht_text(amount)


@settings(max_examples=500, deadline=None)
@given(baht=st.integers(min_value=0, max_value=10**12), satang=st.integers(0, 99))
def test_baht_text_agrees_with_an_independent_spelling(baht: int, satang: int) -> None:
    whole = Decimal(baht)
    with_satang = Decimal(baht) + Decimal(satang) / 100
    assert baht_text(whole) == reference_baht_text(whole)
    assert baht_text(with_satang) == reference_baht_text(with_satang)
    assert baht_text(-with_satang) == reference_baht_text(-with_satang)


@settings(max_examples=300, deadline=None)
@given(baht=st.integers(min_value=1, max_value=10**9))
def test_baht_text_agrees_with_pythainlp_where_floats_are_exact(baht: int) -> None:
    assert baht_text(Decimal(baht)) == bahttext(float(baht))


def test_reference_spelling_is_itself_right() -> None:
    assert reference_baht_text(Decimal(10921966)) == ("สิบล้านเก้าแสนสองหมื่นหนึ่งพันเก้าร้อยหกสิบหกบาทถ้วน")
    assert reference_baht_text(Decimal(10**12)) == "หนึ่งล้านล้านบาทถ้วน"


# --- rounding and percent --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("69.845", 2, "69.85"),
        ("69.844", 2, "69.84"),
        ("-69.845", 2, "-69.85"),
        ("2.5", 0, "3"),
        ("0.125", 2, "0.13"),
        ("1234.5", 0, "1235"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    result = round_half_up(Decimal(value), places)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_round_half_up_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_half_up(0.125)  # type: ignore[arg-type]


def test_percent_matches_seed_003() -> None:
    # disbursed / approved for the regional level, the provincial level and the total
    assert percent(1233666, 1762380) == Decimal("70.00")
    assert percent(9688300, 13873500) == Decimal("69.83")
    assert percent(10921966, 15635880) == Decimal("69.85")
    assert percent(4713914, 15635880) == Decimal("30.15")
    assert percent(15635880, 15635880) == Decimal("100.00")


def test_percent_of_zero_is_none() -> None:
    assert percent(5, 0) is None
    assert percent_split(5, 0) is None


def test_percent_split_adds_to_exactly_100() -> None:
    # 33.335 % and 66.665 % both round up on their own and would add to 100.01.
    assert percent(66670, 200000) == Decimal("33.34")
    assert percent(200000 - 66670, 200000) == Decimal("66.67")
    assert percent_split(66670, 200000) == (Decimal("33.34"), Decimal("66.66"))
    assert percent_split(4713914, 15635880) == (Decimal("30.15"), Decimal("69.85"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("70.00"), "70"),
        (Decimal(100), "100"),
        (Decimal("69.85"), "69.85"),
        (Decimal("69.8"), "69.80"),
        (Decimal("30.145"), "30.15"),
        (None, ""),
    ],
)
def test_format_percent(value: Decimal | None, text: str) -> None:
    assert format_percent(value) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal(1234567), 0, "1,234,567"),
        (Decimal("1234567.5"), 2, "1,234,567.50"),
        (Decimal("1234567.5"), 0, "1,234,568"),
        (Decimal("-4713914"), 0, "-4,713,914"),
        (0, 0, "0"),
        (None, 0, ""),
    ],
)
def test_format_number(value: Decimal | None, places: int, text: str) -> None:
    assert format_number(value, places) == text


# --- amounts as typed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,240,000", Decimal(1240000)),
        ("380.27 ล้านบาท", Decimal(380270000)),
        ("3 หมื่นบาท", Decimal(30000)),
        ("1.5 แสน", Decimal(150000)),
        ("2 พันบาท", Decimal(2000)),
        ("1.2345 ล้าน", Decimal("1234500")),
        ("1.0000005 ล้าน", Decimal("1000000.5")),
        ("๑,๒๔๐,๐๐๐", Decimal(1240000)),
        ("๕๔๑,๐๐๐ บาท", Decimal(541000)),
        ("1234.50", Decimal("1234.50")),
        ("฿1,234.50", Decimal("1234.50")),
        ("15,635,880 บาท", Decimal(15635880)),
        ("-4,713,914", Decimal(-4713914)),
        ("100 บาทถ้วน", Decimal(100)),
        ("-", Decimal(0)),
        ("–", Decimal(0)),
    ],
)
def test_parse_amount(text: str, amount: Decimal) -> None:
    result = parse_amount(text)
    assert result == amount
    assert isinstance(result, Decimal)


def test_parse_amount_keeps_exact_value() -> None:
    assert str(parse_amount("380.27 ล้านบาท")) == "380270000"
    assert str(parse_amount("1,240,000")) == "1240000"


@pytest.mark.parametrize("text", ["", "   ", "....", "บาท"])
def test_parse_amount_blank_is_none(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["1,24", "abc", "12 ล้าน ล้าน", "1.2.3", "สามหมื่น", "1,2345"])
def test_parse_amount_refuses_with_thai_message(text: str) -> None:
    with pytest.raises(ValueError, match=f'อ่านจำนวนเงินไม่ได้: "{text}"'):
        parse_amount(text)

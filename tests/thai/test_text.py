"""Thai digits, normalisation of typed text, dictionary order, counts."""

from __future__ import annotations

import pytest

from tidtam.thai import (
    from_thai_digits,
    normalize_text,
    parse_count_with_units,
    parse_int,
    parse_number,
    sort_key,
    to_thai_digits,
)


def test_thai_digits_both_ways() -> None:
    assert to_thai_digits("10,921,966 บาท") == "๑๐,๙๒๑,๙๖๖ บาท"
    assert to_thai_digits(2566) == "๒๕๖๖"
    assert from_thai_digits("๑๐/มี.ค./๒๕๖๖") == "10/มี.ค./2566"
    assert from_thai_digits(to_thai_digits("0123456789")) == "0123456789"


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("เเม่", "แม่"),  # two sara e
        ("นํ้า", "น้ำ"),  # nikhahit + sara aa, tone mark in between
        ("ทํางาน", "ทำงาน"),
        ("ก่่อน", "ก่อน"),  # repeated tone mark
        ("  ชุมชน \t  บ้าน\nมั่นคง  ", "ชุมชน บ้าน มั่นคง"),
        ("ชุม\u200bชน", "ชุมชน"),  # zero-width space
        ("แม่", "แม่"),
    ],
)
def test_normalize_text(typed: str, normal: str) -> None:
    assert normalize_text(typed) == normal
    assert normalize_text(normal) == normal


def test_sort_key_puts_leading_vowels_with_their_consonant() -> None:
    words = ["หมู", "ไก่", "เกิด", "กาล", "เป็ด", "วัว", "ขา", "โต", "แกง", "ใจ"]
    assert sorted(words, key=sort_key) == [
        "กาล",
        "เกิด",
        "แกง",
        "ไก่",
        "ขา",
        "ใจ",
        "โต",
        "เป็ด",
        "วัว",
        "หมู",
    ]


def test_sort_key_reads_typed_variants_alike() -> None:
    assert sort_key("เเม่") == sort_key("แม่")


@pytest.mark.parametrize(
    ("text", "value"),
    [("8 คน", 8), ("8", 8), ("1,250 คน", 1250), ("-", 0), ("- คน", 0), ("– คน", 0), ("๑๒ คน", 12)],
)
def test_parse_int(text: str, value: int) -> None:
    assert parse_int(text) == value


@pytest.mark.parametrize("text", ["", "..คน", "..", ".. คน", "....."])
def test_parse_int_unknown_is_none(text: str) -> None:
    assert parse_int(text) is None


@pytest.mark.parametrize("text", ["แปดคน", "8 คน 9", "1.5 คน", "abc"])
def test_parse_int_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        parse_int(text)


def test_parse_number_keeps_decimals() -> None:
    assert str(parse_number("1,250.75")) == "1250.75"


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("2 คน 2 องค์กร", (2, 2)),
        ("1 คน 1 เทศบาล", (1, 1)),
        ("1 คน 1 สื่อ", (1, 1)),
        ("..คน ..สื่อ", (None, None)),
        ("2 หน่วยงาน", (None, 2)),
        ("15 คน", (15, None)),
        ("- คน", (0, None)),
        ("-", (0, None)),
        ("", (None, None)),
    ],
)
def test_parse_count_with_units(text: str, counts: tuple[int | None, int | None]) -> None:
    assert parse_count_with_units(text) == counts


@pytest.mark.parametrize("text", ["2 คน 3 คน", "คน 2", "2 คน และ"])
def test_parse_count_with_units_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="อ่านจำนวนไม่ได้"):
        parse_count_with_units(text)

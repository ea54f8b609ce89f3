"""Whatever people type, the readers answer with a result or a ValueError, never a crash."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidtam.thai import (
    parse_amount,
    parse_count_with_units,
    parse_date,
    parse_int,
    parse_time,
)

_PIECES = [
    "วันที่",
    "ณ",
    "เดือน",
    "พ.ศ.",
    "ค.ศ.",
    "ม.ค.",
    "มี ค",
    "ก.พ",
    "ตุลาคม",
    "คุลาคม",
    "ปลาย",
    "ถึง",
    "เวลา",
    "น.",
    "คน",
    "ล้าน",
    "บาท",
    "-",
    "–",
    "/",
    ".",
    ":",
    ",",
    " ",
    "(",
    ")",
    "0",
    "1",
    "9",
    "00",
    "12",
    "31",
    "64",
    "2566",
    "2021",
    "๒๕๖๖",
    "99999",
]
TYPED = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join) | st.text(max_size=30)


@settings(max_examples=400, deadline=None)
@given(TYPED)
def test_readers_never_crash(text: str) -> None:
    for reader in (parse_date, parse_time, parse_amount, parse_int, parse_count_with_units):
        with contextlib.suppress(ValueError):
            reader(text)  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_a_date_read_is_in_order_and_its_error_names_the_text(text: str) -> None:
    try:
        result = parse_date(text)
    except ValueError as error:
        assert text in str(error)
        return
    if result.start is not None:
        assert result.end is not None
        assert result.start <= result.end
        assert result.precision in ("day", "month", "year")


@pytest.mark.parametrize("text", ["00/00/2566", "0 ม.ค. 2566", "1/1/0000", "1 ม.ค. 99999"])
def test_zero_and_huge_parts_are_value_errors(text: str) -> None:
    with pytest.raises(ValueError, match="อ่านวันที่ไม่ได้"):
        parse_date(text)

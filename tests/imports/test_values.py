"""Cell types of the spreadsheets: what people type, read exactly; what cannot be read, said."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidtam.imports.values import CellError, Choice, Date, Integer, Number, Time, YesNo, header_key
from tidtam.organisations.models import OrganisationKind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,250", 1250),
        ("๑,๒๕๐", 1250),
        ("8 คน", 8),
        ("-", 0),
        ("", None),
        (None, None),
        (12, 12),
        (12.0, 12),
        (" 30 ", 30),
    ],
)
def test_integer_reads_what_people_type(raw, expected):
    assert Integer().parse(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("สิบ", 'ไม่ใช่ตัวเลข: "สิบ"'),
        ("2.5", "ต้องเป็นจำนวนเต็ม ไม่ใช่ 2.5"),
        (2.5, "ต้องเป็นจำนวนเต็ม ไม่ใช่ 2.5"),
        ("-3", "ต้องไม่น้อยกว่า 0"),
    ],
)
def test_integer_refuses_with_a_thai_message(raw, message):
    with pytest.raises(CellError) as exc:
        Integer().parse(raw)
    assert exc.value.message == message


def test_number_keeps_satang_exactly_and_refuses_a_third_decimal():
    assert Number().parse("1,762,380.50") == Decimal("1762380.50")
    assert Number().parse(0.1) == Decimal("0.1")
    assert Number().to_cell(Decimal("13873500.00")) == 13873500
    with pytest.raises(CellError) as exc:
        Number().parse("1.005")
    assert exc.value.message == "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("04/02/2566", dt.date(2023, 2, 4)),
        ("4 ก.พ. 66", dt.date(2023, 2, 4)),
        ("๔ กุมภาพันธ์ ๒๕๖๖", dt.date(2023, 2, 4)),
        ("2023-02-04", dt.date(2023, 2, 4)),
        (dt.datetime(2023, 2, 4), dt.date(2023, 2, 4)),
        # a BE year typed into a cell Excel took for a date
        (dt.datetime(2566, 2, 4), dt.date(2023, 2, 4)),
        ("-", None),
        ("", None),
    ],
)
def test_date_reads_be_and_ce(raw, expected):
    assert Date().parse(raw) == expected


def test_date_writes_be_and_refuses_what_is_not_one_day():
    assert Date().to_cell(dt.date(2021, 4, 19)) == "19/04/2564"
    with pytest.raises(CellError) as exc:
        Date().parse("ก.พ.-ก.ย.2566")
    assert exc.value.message == 'ต้องเป็นวันเดียว เช่น 4/2/2566: "ก.พ.-ก.ย.2566"'
    with pytest.raises(CellError) as exc:
        Date().parse("31/02/2566")
    assert exc.value.message.startswith('อ่านวันที่ไม่ได้: "31/02/2566"')


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_written_date_reads_back(day):
    assert Date().parse(Date().to_cell(day)) == day


def test_time_yes_no_and_choice():
    assert Time().parse("09.00 น.") == dt.time(9, 0)
    assert Time().to_cell(dt.time(16, 30)) == "16.30"
    assert [YesNo().parse(v) for v in ("ใช่", "ไม่ใช่", "✓", "", None)] == [
        True,
        False,
        True,
        None,
        None,
    ]
    kind = Choice.of(OrganisationKind.choices)
    assert kind.parse("เครือข่าย") == "network"
    assert kind.parse("network") == "network"
    assert kind.to_cell("network") == "เครือข่าย"
    with pytest.raises(CellError):
        kind.parse("สโมสร")


def test_header_keys_ignore_marks_people_add():
    assert header_key("ชื่อองค์กร *") == header_key("ชื่อองค์กร")
    assert header_key("ประชาสังคม (คน)") == header_key("ประชาสังคม คน")
    assert header_key("Start_Date") == header_key("start date")

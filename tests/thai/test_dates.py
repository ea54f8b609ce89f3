"""parse_date / format_date: every written shape, misspellings, blanks, errors, round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tidtam.thai import (
    DateParseError,
    ParsedDate,
    format_date,
    format_date_range,
    format_month_range,
    parse_date,
    parse_time,
)
from tidtam.thai.dates import DATE_STYLES

D = dt.date
T = dt.time

# text -> (start, end, precision)
SHAPES: list[tuple[str, D, D, str]] = [
    ("10/มี.ค./2566", D(2023, 3, 10), D(2023, 3, 10), "day"),
    ("4-5/เม.ย./2566", D(2023, 4, 4), D(2023, 4, 5), "day"),
    ("20-21 ม.ค.64", D(2021, 1, 20), D(2021, 1, 21), "day"),
    ("วันที่ 20-21 ม.ค.64", D(2021, 1, 20), D(2021, 1, 21), "day"),
    ("1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566", D(2023, 2, 1), D(2023, 9, 30), "day"),
    ("1 กุมภาพันธ์ – 30 กันยายน 2566", D(2023, 2, 1), D(2023, 9, 30), "day"),
    ("ก.พ.-ก.ย.2566", D(2023, 2, 1), D(2023, 9, 30), "month"),
    ("มีค.66-มีค.67", D(2023, 3, 1), D(2024, 3, 31), "month"),
    ("4 ก.พ.64", D(2021, 2, 4), D(2021, 2, 4), "day"),
    ("10 มี ค 64", D(2021, 3, 10), D(2021, 3, 10), "day"),
    ("10 มี.ค. 64", D(2021, 3, 10), D(2021, 3, 10), "day"),
    ("8 มี.ค.64", D(2021, 3, 8), D(2021, 3, 8), "day"),
    ("19 พฤษภาคม 2566", D(2023, 5, 19), D(2023, 5, 19), "day"),
    ("ณ วันที่ 19 เมษายน 2564", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("10 ก.ย. 2567", D(2024, 9, 10), D(2024, 9, 10), "day"),
    ("1สค.-31 ตค.65", D(2022, 8, 1), D(2022, 10, 31), "day"),
    ("มกราคม 2566", D(2023, 1, 1), D(2023, 1, 31), "month"),
    ("3-7 ตุลาคม 2565", D(2022, 10, 3), D(2022, 10, 7), "day"),
    ("7 -8 เมษายน 2564", D(2021, 4, 7), D(2021, 4, 8), "day"),
    ("เดือนตุลาคม-เดือนพฤศจิกายน 2566", D(2023, 10, 1), D(2023, 11, 30), "month"),
    ("(4เม.ย.66)", D(2023, 4, 4), D(2023, 4, 4), "day"),
    ("ณ 19 เม.ย.64", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("วันที่ 22 ธ.ค.63", D(2020, 12, 22), D(2020, 12, 22), "day"),
    ("ณ เดือนเมษายน 2564", D(2021, 4, 1), D(2021, 4, 30), "month"),
    ("ภายในปี พ.ศ.2571", D(2028, 1, 1), D(2028, 12, 31), "year"),
    ("2566", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("วันที่ 4-5 เดือนเมษายน พ.ศ.2566", D(2023, 4, 4), D(2023, 4, 5), "day"),
    ("ก.พ 2566", D(2023, 2, 1), D(2023, 2, 28), "month"),
    ("สค.65", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("ก.พ. 2567", D(2024, 2, 1), D(2024, 2, 29), "month"),  # leap year
    ("ตุลา 66", D(2023, 10, 1), D(2023, 10, 31), "month"),
    # CE years: below 2400 is CE, from 2400 BE
    ("2021-04-19", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("19/04/2021", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("19/04/2564", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("19.04.2564", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("01/10/68", D(2025, 10, 1), D(2025, 10, 1), "day"),
    ("19 เมษายน ค.ศ. 2021", D(2021, 4, 19), D(2021, 4, 19), "day"),
    # English month names, as in exported spreadsheets
    ("19 Apr 2021", D(2021, 4, 19), D(2021, 4, 19), "day"),
    ("1 sept. 2021", D(2021, 9, 1), D(2021, 9, 1), "day"),
    ("3 June-5 July 2021", D(2021, 6, 3), D(2021, 7, 5), "day"),
    ("May 2021", D(2021, 5, 1), D(2021, 5, 31), "month"),
    # Thai digits
    ("๑๐ มี.ค. ๒๕๖๖", D(2023, 3, 10), D(2023, 3, 10), "day"),
    ("๑๙/๐๔/๒๕๖๔", D(2021, 4, 19), D(2021, 4, 19), "day"),
    # ranges across months and years
    ("30 ม.ค.-2 ก.พ. 2566", D(2023, 1, 30), D(2023, 2, 2), "day"),
    ("30 ธ.ค. 2566-2 ม.ค. 2567", D(2023, 12, 30), D(2024, 1, 2), "day"),
    ("30 ธ.ค.-2 ม.ค. 2567", D(2023, 12, 30), D(2024, 1, 2), "day"),
    ("พ.ย.-ก.พ. 2567", D(2023, 11, 1), D(2024, 2, 29), "month"),
    ("ต.ค. 2566 ถึง ม.ค. 2567", D(2023, 10, 1), D(2024, 1, 31), "month"),
    ("1 ต.ค. 2566 ถึงวันที่ 5 ต.ค. 2566", D(2023, 10, 1), D(2023, 10, 5), "day"),
    ("01/02/2566-30/09/2566", D(2023, 2, 1), D(2023, 9, 30), "day"),
    ("วันจันทร์ที่ 2 ตุลาคม 2566", D(2023, 10, 2), D(2023, 10, 2), "day"),
    ("2566-2567", D(2023, 1, 1), D(2024, 12, 31), "year"),
    # fiscal years end on 30 September of the year they are named by
    ("ปีงบประมาณ 2564", D(2020, 10, 1), D(2021, 9, 30), "year"),
    ("ปีงบประมาณ พ.ศ. 2564", D(2020, 10, 1), D(2021, 9, 30), "year"),
    ("ปีงบ 64", D(2020, 10, 1), D(2021, 9, 30), "year"),
    ("ปีงบประมาณ 2564-2566", D(2020, 10, 1), D(2023, 9, 30), "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), SHAPES)
def test_parse_date_reads_every_shape(text: str, start: D, end: D, precision: str) -> None:
    result = parse_date(text)
    assert (result.start, result.end, result.precision) == (start, end, precision)
    assert result.warnings == ()
    assert result.start_time is None
    assert result.end_time is None


@pytest.mark.parametrize(
    ("text", "day", "start_time", "end_time"),
    [
        ("12 ก.ค. 65 10:07", D(2022, 7, 12), T(10, 7), None),
        (
            "วันที่ 15 เดือนกุมภาพันธ์ พ.ศ.2566 เวลา 09.00 น.-18.00 น.",
            D(2023, 2, 15),
            T(9, 0),
            T(18, 0),
        ),
        ("วันที่ 10 เดือนมีนาคม พ.ศ.2566 เวลา 13.00 น.-16.00 น.", D(2023, 3, 10), T(13), T(16)),
        ("1 ต.ค. 2568 เวลา 9.30", D(2025, 10, 1), T(9, 30), None),
        ("1 ต.ค. 2568 08.30 น. ถึง 12.00 น.", D(2025, 10, 1), T(8, 30), T(12)),
        ("1 ต.ค. 2568 10:07:30", D(2025, 10, 1), T(10, 7, 30), None),
    ],
)
def test_parse_date_reads_times(text: str, day: D, start_time: T, end_time: T | None) -> None:
    result = parse_date(text)
    assert (result.start, result.end, result.precision) == (day, day, "day")
    assert (result.start_time, result.end_time) == (start_time, end_time)


def test_parse_date_result_is_a_frozen_dataclass() -> None:
    result = parse_date("4 ก.พ.64")
    assert result == ParsedDate(D(2021, 2, 4), D(2021, 2, 4), "day")
    assert result.is_single_day
    assert not result.is_blank
    with pytest.raises(AttributeError):
        result.start = D(2000, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "month", "word"),
    [
        ("7 คุลาคม 2565", 10, "คุลาคม"),
        ("1 กรกฏาคม 2566", 7, "กรกฏาคม"),
        ("1 กุมภาพันธ 2566", 2, "กุมภาพันธ"),
        ("5 พฤศจิกยน 2566", 11, "พฤศจิกยน"),
    ],
)
def test_misspelt_month_is_read_with_a_warning(text: str, month: int, word: str) -> None:
    result = parse_date(text)
    assert result.start is not None
    assert result.start.month == month
    assert len(result.warnings) == 1
    assert word in result.warnings[0]


def test_misspelt_month_without_year_uses_default_year() -> None:
    result = parse_date("7 คุลาคม", default_year=2565)
    assert (result.start, result.end) == (D(2022, 10, 7), D(2022, 10, 7))
    assert result.warnings == ('สะกดชื่อเดือนผิด: อ่าน "คุลาคม" เป็น "ตุลาคม"',)


@pytest.mark.parametrize("text", ["ปลายสิงหาคม 2565", "ต้นเดือนสิงหาคม 2565", "กลาง ส.ค. 65"])
def test_vague_part_of_month_is_the_whole_month_with_a_warning(text: str) -> None:
    result = parse_date(text)
    assert (result.start, result.end, result.precision) == (D(2022, 8, 1), D(2022, 8, 31), "month")
    assert len(result.warnings) == 1
    assert "เป็นทั้งเดือน" in result.warnings[0]


@pytest.mark.parametrize(
    ("text", "default_year", "start", "end"),
    [
        ("วันที่ 3 ตุลาคม", 2565, D(2022, 10, 3), D(2022, 10, 3)),
        ("ตุลาคม-พฤศจิกายน-ธันวาคม", 2566, D(2023, 10, 1), D(2023, 12, 31)),
        ("ธ.ค.-ม.ค.", 2567, D(2023, 12, 1), D(2024, 1, 31)),
        ("10 มี.ค.", 2566, D(2023, 3, 10), D(2023, 3, 10)),
        ("10 มี.ค.", 2023, D(2023, 3, 10), D(2023, 3, 10)),  # a CE default is accepted too
        # a written year wins over default_year; 2 digits go to the nearest such year
        ("10 มี.ค. 2566", 2400, D(2023, 3, 10), D(2023, 3, 10)),
        ("4 ก.พ.64", 2460, D(1921, 2, 4), D(1921, 2, 4)),
        ("4 ก.พ.01", 2599, D(2058, 2, 4), D(2058, 2, 4)),  # 2601
    ],
)
def test_default_year(text: str, default_year: int, start: D, end: D) -> None:
    result = parse_date(text, default_year=default_year)
    assert (result.start, result.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["", "   ", "-", "–", "วันที่/...../.....", "วันที่ ..../..../....", "...", "เดือน....."]
)
def test_blank_placeholder_gives_no_dates(text: str) -> None:
    result = parse_date(text)
    assert result.is_blank
    assert (result.start, result.end, result.precision) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31/02/2566", "impossible"),
        ("29 ก.พ. 2566", "impossible"),
        ("32 มกราคม 2566", "impossible"),
        ("10/13/2566", "impossible"),
        ("10 มี.ค.", "no_year"),
        ("มีนาคม", "no_year"),
        ("5-3 มี.ค. 2566", "reversed"),
        ("ก.ย.-ก.พ. 2566 ถึง 2565", "unreadable"),
        ("ครั้งที่ 2/2564", "unreadable"),
        ("หมูกระทะ", "unreadable"),
        ("10 มี.ค. 256", "unreadable"),
        ("2/2564", "unreadable"),
        ("1 ต.ค. 2568 25.00 น.", "time"),
        ("1 ต.ค. 2568 เวลา 18.00 น.-09.00 น.", "reversed"),
        ("12 ก.ค. 65 10:07 สวัสดี", "unreadable"),
        ("ต.ค. 2566 -", "unreadable"),
        ("ปีงบประมาณ", "unreadable"),
        ("1 Mayo 2021", "unreadable"),
        ("April 19, 2021", "unreadable"),  # month-first is refused, not misread
        ("ต้นไม้ 2566", "unreadable"),
        ("ปีงบประมาณ 2564 ม.ค.", "unreadable"),
    ],
)
def test_unreadable_text_raises_value_error_naming_it(text: str, code: str) -> None:
    with pytest.raises(ValueError, match="อ่านวันที่ไม่ได้") as info:
        parse_date(text)
    assert f'"{text}"' in str(info.value)
    assert isinstance(info.value, DateParseError)
    assert info.value.code == code


def test_yearless_text_without_default_year_is_an_error() -> None:
    with pytest.raises(ValueError, match="ไม่มีปี"):
        parse_date("7 คุลาคม")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("09.00 น.", T(9), None),
        ("08.30 น.-09.00 น.", T(8, 30), T(9)),
        ("เวลา 13.00 น.", T(13), None),
        ("10:07", T(10, 7), None),
        ("10.45", T(10, 45), None),
    ],
)
def test_parse_time(text: str, start: T, end: T | None) -> None:
    assert parse_time(text) == (start, end)


@pytest.mark.parametrize("text", ["", "ประชุม", "10 ต.ค. 2566", "25.00 น."])
def test_parse_time_refuses_anything_but_times(text: str) -> None:
    with pytest.raises(ValueError, match=f'"{text}"'):
        parse_time(text)


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "style", "expected"),
    [
        (D(2023, 3, 10), "short", "10 มี.ค. 2566"),
        (D(2023, 3, 10), "long", "10 มีนาคม 2566"),
        (D(2023, 3, 10), "slash", "10/มี.ค./2566"),
        (D(2021, 2, 4), "compact", "4 ก.พ.64"),
        (D(2021, 4, 19), "as_of", "ณ วันที่ 19 เมษายน 2564"),
        (D(2021, 2, 4), "numeric", "04/02/2564"),
        (D(2023, 3, 10), "month", "มีนาคม 2566"),
        (D(1957, 1, 1), "compact", "1 ม.ค.00"),
    ],
)
def test_format_date(d: D, style: str, expected: str) -> None:
    assert format_date(d, style) == expected


def test_format_date_default_style_is_short() -> None:
    assert format_date(D(2024, 9, 10)) == "10 ก.ย. 2567"


def test_format_date_refuses_unknown_style() -> None:
    with pytest.raises(ValueError, match="iso"):
        format_date(D(2024, 9, 10), "iso")


@pytest.mark.parametrize(
    ("start", "end", "style", "expected"),
    [
        (D(2021, 1, 20), D(2021, 1, 21), "compact", "20-21 ม.ค.64"),
        (D(2021, 1, 20), D(2021, 1, 21), "short", "20-21 ม.ค. 2564"),
        (D(2023, 4, 4), D(2023, 4, 5), "slash", "4-5/เม.ย./2566"),
        (D(2023, 2, 1), D(2023, 9, 30), "long", "1 กุมภาพันธ์-30 กันยายน 2566"),
        (D(2023, 2, 1), D(2023, 9, 30), "short", "1 ก.พ.-30 ก.ย. 2566"),
        (D(2022, 8, 1), D(2022, 10, 31), "compact", "1 ส.ค.-31 ต.ค.65"),
        (D(2023, 1, 30), D(2023, 2, 2), "slash", "30/ม.ค./2566-2/ก.พ./2566"),
        (D(2023, 12, 30), D(2024, 1, 2), "short", "30 ธ.ค. 2566-2 ม.ค. 2567"),
        (D(2023, 2, 1), D(2023, 9, 30), "numeric", "01/02/2566-30/09/2566"),
        (D(2023, 3, 10), D(2023, 3, 10), "long", "10 มีนาคม 2566"),
    ],
)
def test_format_date_range(start: D, end: D, style: str, expected: str) -> None:
    assert format_date_range(start, end, style) == expected


def test_format_date_range_refuses_reversed_range_and_as_of() -> None:
    with pytest.raises(ValueError):
        format_date_range(D(2023, 3, 10), D(2023, 3, 9))
    with pytest.raises(ValueError):
        format_date_range(D(2023, 3, 9), D(2023, 3, 10), "as_of")


@pytest.mark.parametrize(
    ("start", "end", "style", "expected"),
    [
        (D(2023, 2, 1), D(2023, 9, 30), "short", "ก.พ.-ก.ย. 2566"),
        (D(2023, 2, 1), D(2023, 9, 30), "compact", "ก.พ.-ก.ย.66"),
        (D(2023, 10, 1), D(2023, 11, 30), "long", "ตุลาคม-พฤศจิกายน 2566"),
        (D(2023, 3, 1), D(2024, 3, 31), "compact", "มี.ค.66-มี.ค.67"),
        (D(2023, 3, 1), D(2023, 3, 31), "short", "มี.ค. 2566"),
    ],
)
def test_format_month_range(start: D, end: D, style: str, expected: str) -> None:
    assert format_month_range(start, end, style) == expected
    back = parse_date(expected)
    assert (back.start, back.end, back.precision) == (start, end, "month")


# --- round trips over 2400-2700 BE -----------------------------------------------------------

BE_DATES = st.dates(min_value=D(2400 - 543, 1, 1), max_value=D(2700 - 543, 12, 31))


@settings(max_examples=300, deadline=None)
@given(d=BE_DATES, style=st.sampled_from(DATE_STYLES))
def test_format_then_parse_round_trips(d: D, style: str) -> None:
    text = format_date(d, style)
    # A 2-digit year needs a hint for the century: the year's own BE year, as a report would
    # give its reporting year. The other styles are read with no hint at all.
    result = parse_date(text, default_year=d.year + 543 if style == "compact" else None)
    if style == "month":
        expected = (d.replace(day=1), d.replace(day=_days_in_month(d)), "month")
    else:
        expected = (d, d, "day")
    assert (result.start, result.end, result.precision) == expected
    assert result.warnings == ()


@settings(max_examples=300, deadline=None)
@given(
    a=BE_DATES,
    b=BE_DATES,
    style=st.sampled_from(["short", "long", "slash", "compact", "numeric"]),
)
def test_format_range_then_parse_round_trips(a: D, b: D, style: str) -> None:
    start, end = min(a, b), max(a, b)
    # Two 2-digit years half a century apart cannot name their centuries.
    assume(style != "compact" or end.year - start.year < 50)
    text = format_date_range(start, end, style)
    result = parse_date(text, default_year=end.year + 543 if style == "compact" else None)
    assert (result.start, result.end) == (start, end)


@settings(deadline=None)
@given(d=BE_DATES)
def test_thai_digits_round_trip(d: D) -> None:
    from tidtam.thai import to_thai_digits

    assert parse_date(to_thai_digits(format_date(d, "long"))).start == d


def _days_in_month(d: D) -> int:
    following = D(d.year + d.month // 12, d.month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day

"""The Thai template filters, used as builtins (no {% load %}) in every template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from tidtam.thai import parse_date


def render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ d|be_date }}", {"d": dt.date(2023, 3, 10)}, "10 มี.ค. 2566"),
        ('{{ d|be_date:"long" }}', {"d": dt.date(2023, 3, 10)}, "10 มีนาคม 2566"),
        ('{{ d|be_date:"slash" }}', {"d": dt.date(2023, 3, 10)}, "10/มี.ค./2566"),
        ('{{ d|be_date:"compact" }}', {"d": dt.date(2021, 2, 4)}, "4 ก.พ.64"),
        ('{{ d|be_date:"as_of" }}', {"d": dt.date(2021, 4, 19)}, "ณ วันที่ 19 เมษายน 2564"),
        ("{{ d|be_date }}", {"d": None}, ""),
        ("{{ d|be_date }}", {}, ""),
        (
            "{{ s|be_date_range:e }}",
            {"s": dt.date(2021, 1, 20), "e": dt.date(2021, 1, 21)},
            "20-21 ม.ค. 2564",
        ),
        (
            '{{ p|be_date_range:"long" }}',
            {"p": parse_date("1 ก.พ.-30 ก.ย. 2566")},
            "1 กุมภาพันธ์-30 กันยายน 2566",
        ),
        (
            '{{ p|be_date_range:"compact" }}',
            {"p": (dt.date(2021, 1, 20), dt.date(2021, 1, 21))},
            "20-21 ม.ค.64",
        ),
        ("{{ s|be_date_range:e }}", {"s": dt.date(2021, 1, 20), "e": None}, "20 ม.ค. 2564"),
        ("{{ d|fiscal_year }}", {"d": dt.date(2020, 10, 1)}, "2564"),
        ("{{ d|fiscal_year }}", {"d": dt.date(2020, 9, 30)}, "2563"),
        (
            "{{ a|baht_text }}",
            {"a": Decimal(10921966)},
            "สิบล้านเก้าแสนสองหมื่นหนึ่งพันเก้าร้อยหกสิบหกบาทถ้วน",
        ),
        ("{{ a|baht_text }}", {"a": "0.50"}, "ห้าสิบสตางค์"),
        ("{{ a|baht_text }}", {"a": None}, ""),
        ("{{ n|thai_number }}", {"n": Decimal(1234567)}, "1,234,567"),
        ("{{ n|thai_number:2 }}", {"n": Decimal("1234567.5")}, "1,234,567.50"),
        ("{{ n|thai_number }}", {"n": None}, ""),
        ("{{ p|percent }}", {"p": Decimal("70.00")}, "70"),
        ("{{ p|percent }}", {"p": Decimal("69.85")}, "69.85"),
        ("{{ p|percent }}", {"p": None}, ""),
        ("{{ n|thai_digits }}", {"n": 2566}, "๒๕๖๖"),
    ],
)
def test_filters(source: str, context: dict[str, Any], expected: str) -> None:
    assert render(source, **context) == expected


def test_be_date_shows_the_bangkok_day_of_an_aware_datetime() -> None:
    # 20:00 UTC on 30 Sep is already 1 Oct in Bangkok (UTC+7): a new day and a new fiscal year.
    moment = dt.datetime(2020, 9, 30, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert render("{{ m|be_date }} {{ m|fiscal_year }}", m=moment) == "1 ต.ค. 2563 2564"

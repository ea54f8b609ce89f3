"""The BE date form fields: shown dd/mm/BBBB, cleaned to CE, refusing impossible input."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from tidtam.thai.forms import BEDateField, BEDateInput, BEDateRangeField

D = dt.date


class ActivityForm(forms.Form):
    held_on = BEDateField(label="วันที่จัด")
    period = BEDateRangeField(label="ช่วงเวลา", required=False)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01/10/2568", D(2025, 10, 1)),  # BE year is never stored as CE
        ("1/10/2568", D(2025, 10, 1)),
        ("01/10/68", D(2025, 10, 1)),
        ("1 ต.ค. 2568", D(2025, 10, 1)),
        ("1 ตุลาคม 2568", D(2025, 10, 1)),
        ("1/ต.ค./2568", D(2025, 10, 1)),
        ("๐๑/๑๐/๒๕๖๘", D(2025, 10, 1)),
        ("2025-10-01", D(2025, 10, 1)),  # a CE year below 2400 stays CE
        (" 29/02/2567 ", D(2024, 2, 29)),
    ],
)
def test_be_date_field_cleans_to_ce(typed: str, stored: D) -> None:
    form = ActivityForm(data={"held_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == stored


@pytest.mark.parametrize(
    ("typed", "thai", "english"),
    [
        (
            "31/02/2566",
            "ไม่มีวันที่นี้ในปฏิทิน: 31/02/2566",
            "There is no such date: 31/02/2566.",
        ),
        (
            "29/02/2566",
            "ไม่มีวันที่นี้ในปฏิทิน: 29/02/2566",
            "There is no such date: 29/02/2566.",
        ),
        (
            "1-5/ต.ค./2568",
            "กรุณากรอกวันเดียว ไม่ใช่ช่วงวันที่",
            "Enter one day, not a range of days.",
        ),
        ("ต.ค. 2568", "กรุณากรอกทั้งวัน เดือน และปี", "Enter the day, the month and the year."),
        (
            "1 ต.ค.",
            "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 01/10/2568",
            "Enter a date as day/month/Buddhist-Era year, for example 01/10/2568.",
        ),
        (
            "พรุ่งนี้",
            "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 01/10/2568",
            "Enter a date as day/month/Buddhist-Era year, for example 01/10/2568.",
        ),
        (
            "01/10/3100",
            "ปี 3100 อยู่นอกช่วงที่รับได้ กรุณากรอกปี พ.ศ. เช่น 2568",
            "The year 3100 is out of range: write the Buddhist-Era year, for example 2568.",
        ),
    ],
)
def test_be_date_field_refuses_in_thai_and_english(typed: str, thai: str, english: str) -> None:
    for language, message in (("th", thai), ("en", english)):
        with translation.override(language):
            form = ActivityForm(data={"held_on": typed})
            assert not form.is_valid()
            assert form.errors["held_on"] == [message]


def test_be_date_field_refuses_a_be_year_already_in_a_date() -> None:
    """A date object carrying a BE year (2568) is a bug upstream: never store it."""
    field = BEDateField()
    with pytest.raises(forms.ValidationError) as info:
        field.clean(D(2568, 10, 1))
    assert info.value.code == "year"
    assert field.clean(D(2025, 10, 1)) == D(2025, 10, 1)


def test_be_date_field_required_and_blank() -> None:
    with translation.override("en"):
        form = ActivityForm(data={"held_on": ""})
        assert not form.is_valid()
        assert form.errors["held_on"] == ["This field is required."]
    assert BEDateField(required=False).clean("วันที่/...../.....") is None


def test_be_date_input_shows_be() -> None:
    html = BEDateInput().render("held_on", D(2025, 10, 1))
    assert 'value="01/10/2568"' in html
    assert 'type="text"' in html
    form = ActivityForm(initial={"held_on": D(2021, 2, 4)})
    assert 'value="04/02/2564"' in str(form["held_on"])


def test_be_date_input_placeholder_is_translated() -> None:
    with translation.override("th"):
        assert 'placeholder="วว/ดด/ปปปป (พ.ศ.)"' in BEDateInput().render("d", None)
    with translation.override("en"):
        assert 'placeholder="dd/mm/yyyy (BE)"' in BEDateInput().render("d", None)


def test_unchanged_initial_date_is_not_a_change() -> None:
    form = ActivityForm(data={"held_on": "01/10/2568"}, initial={"held_on": D(2025, 10, 1)})
    assert not form.has_changed()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01/02/2566-30/09/2566", (D(2023, 2, 1), D(2023, 9, 30))),
        ("1 กุมภาพันธ์-30 กันยายน 2566", (D(2023, 2, 1), D(2023, 9, 30))),
        ("4-5/เม.ย./2566", (D(2023, 4, 4), D(2023, 4, 5))),
        ("4/เม.ย./2566", (D(2023, 4, 4), D(2023, 4, 4))),
    ],
)
def test_be_date_range_field(typed: str, stored: tuple[D, D]) -> None:
    form = ActivityForm(data={"held_on": "01/10/2568", "period": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == stored


def test_be_date_range_field_refuses_reversed_and_months() -> None:
    with translation.override("th"):
        form = ActivityForm(data={"held_on": "01/10/2568", "period": "30/09/2566-01/02/2566"})
        assert form.errors["period"] == ["วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"]
        form = ActivityForm(data={"held_on": "01/10/2568", "period": "ก.พ.-ก.ย.2566"})
        assert form.errors["period"] == ["กรุณากรอกทั้งวัน เดือน และปี"]


def test_be_date_range_input_shows_be() -> None:
    field = BEDateRangeField()
    html = field.widget.render("period", (D(2023, 2, 1), D(2023, 9, 30)))
    assert 'value="01/02/2566-30/09/2566"' in html

"""Form fields for Buddhist-Era dates: shown as dd/mm/BBBB, stored as Common-Era dates."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidtam.thai.dates import DateParseError, ParsedDate, format_date, format_date_range, parse_date
from tidtam.thai.months import BE_OFFSET

__all__ = ["BEDateField", "BEDateInput", "BEDateRangeField", "BEDateRangeInput"]

MIN_YEAR = 1900
"""Default earliest CE year a form accepts (BE 2443)."""
MAX_YEAR = 2200
"""Default latest CE year a form accepts (BE 2743): a BE year stored as CE lands above it."""


class BEDateInput(forms.TextInput):
    """A text input that shows a date as dd/mm/BBBB (Buddhist Era), e.g. 01/10/2568."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults: dict[str, Any] = {"placeholder": _("dd/mm/yyyy (BE)"), "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date(value, "numeric")
        return super().format_value(value)


class BEDateRangeInput(forms.TextInput):
    """A text input that shows a range of days as dd/mm/BBBB-dd/mm/BBBB."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults: dict[str, Any] = {
            "placeholder": _("dd/mm/yyyy-dd/mm/yyyy (BE)"),
            "autocomplete": "off",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, tuple | list) and len(value) == 2:
            start, end = value
            if isinstance(start, dt.date) and isinstance(end, dt.date):
                return format_date_range(start, end, "numeric")
        return super().format_value(value)


_MESSAGES: dict[str, Any] = {
    "invalid": _("Enter a date as day/month/Buddhist-Era year, for example 01/10/2568."),
    "impossible": _("There is no such date: %(value)s."),
    "incomplete": _("Enter the day, the month and the year."),
    "reversed": _("The last day is before the first day."),
    "year": _("The year %(year)s is out of range: write the Buddhist-Era year, for example 2568."),
}


class _BEDateBase(forms.Field):
    default_error_messages: ClassVar[dict[str, Any]] = _MESSAGES
    min_year: int
    max_year: int

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs: Any):
        self.min_year, self.max_year = min_year, max_year
        super().__init__(**kwargs)

    def _check_year(self, d: dt.date) -> None:
        if not self.min_year <= d.year <= self.max_year:
            raise ValidationError(
                self.error_messages["year"], code="year", params={"year": d.year + BE_OFFSET}
            )

    def _read(self, value: Any) -> ParsedDate:
        text = str(value).strip()
        try:
            return parse_date(text)
        except DateParseError as error:
            if error.code == "impossible":
                raise ValidationError(
                    self.error_messages["impossible"], code="impossible", params={"value": text}
                ) from error
            if error.code == "reversed":
                raise ValidationError(self.error_messages["reversed"], code="reversed") from error
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class BEDateField(_BEDateBase):
    """A single day typed in the Buddhist Era ("01/10/2568", "1 ต.ค. 2568", "1 ต.ค.68"),
    cleaned to a CE ``datetime.date`` (date(2025, 10, 1)).

    Every single-day shape ``parse_date`` reads is accepted; 4-digit years from 2400 are BE,
    below are CE. Refuses impossible dates (31/02/2566), ranges, months without a day and years
    outside ``min_year``..``max_year`` (CE), so a BE year can never be stored as CE.
    """

    widget = BEDateInput
    default_error_messages: ClassVar[dict[str, Any]] = {
        **_MESSAGES,
        "range": _("Enter one day, not a range of days."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            value = _as_date(value)
            self._check_year(value)
            return value
        parsed = self._read(value)
        if parsed.start is None or parsed.end is None:
            return None
        if parsed.precision != "day":
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if parsed.start != parsed.end:
            raise ValidationError(self.error_messages["range"], code="range")
        self._check_year(parsed.start)
        return parsed.start


class BEDateRangeField(_BEDateBase):
    """A range of days typed in the Buddhist Era ("01/02/2566-30/09/2566",
    "1 กุมภาพันธ์-30 กันยายน 2566", or one day), cleaned to a (start, end) tuple of CE dates."""

    widget = BEDateRangeInput

    def to_python(self, value: Any) -> tuple[dt.date, dt.date] | None:
        if value in self.empty_values:
            return None
        if isinstance(value, tuple | list) and len(value) == 2:
            start, end = (_as_date(v) for v in value)
            for d in (start, end):
                self._check_year(d)
            if end < start:
                raise ValidationError(self.error_messages["reversed"], code="reversed")
            return start, end
        parsed = self._read(value)
        if parsed.start is None or parsed.end is None:
            return None
        if parsed.precision != "day":
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        self._check_year(parsed.start)
        self._check_year(parsed.end)
        return parsed.start, parsed.end

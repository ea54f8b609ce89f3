"""Cell values of Tidtam's spreadsheets: how each column type reads what people type and writes
what Tidtam stores.

A column type turns one spreadsheet cell (``str``, ``int``, ``float``, ``datetime``, ``None`` from
openpyxl; always ``str`` from CSV) into a Python value, or raises ``CellError`` with a Thai
message. ``to_cell`` writes a stored value back in the shape the template asks for (BE dates as
text "04/02/2566", choices as their Thai labels, provinces by name), and two values are "the
same" when their cells are the same: that is how an import tells an edited cell from an
untouched one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import override

from tidtam.thai.dates import DateParseError, format_date, parse_date, parse_time
from tidtam.thai.numbers import parse_number
from tidtam.thai.text import normalize_text

BE_OFFSET = 543
_WRITTEN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BLANKS = {"", "-", "–", "—"}


class CellError(ValueError):
    """A cell that cannot be read; ``message`` is for the person who typed it (Thai)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return normalize_text(str(raw))


def header_key(text: Any) -> str:
    """Return the comparison key of a header: no case, spaces, "*", "_", "." or parentheses."""
    s = unicodedata.normalize("NFC", str(text or "")).casefold()
    return re.sub(r"[\s_.*()\-:]", "", s)


@dataclass(frozen=True)
class ColumnType:
    """Plain text (normalised: ZWSP, "เเ", repeated marks, runs of spaces)."""

    multiline: bool = False
    max_length: int | None = None

    def parse(self, raw: Any) -> Any:
        if self.multiline and isinstance(raw, str):
            lines = [normalize_text(line) for line in raw.replace("\r\n", "\n").split("\n")]
            text = "\n".join(lines).strip("\n")
        else:
            text = _text(raw)
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"ยาวเกิน {self.max_length} ตัวอักษร")
        return text

    def to_cell(self, value: Any) -> Any:
        return "" if value is None else str(value)

    def same(self, a: Any, b: Any) -> bool:
        return self.to_cell(a) == self.to_cell(b)

    @property
    def cell_format(self) -> str:
        return "text"

    def choices(self) -> list[str]:
        return []

    def describe(self) -> str:
        return "ข้อความ" + (" (หลายบรรทัดได้)" if self.multiline else "")


@dataclass(frozen=True)
class Integer(ColumnType):
    """A whole number: "1,250", Thai digits, "8 คน"; "-" is 0, a blank is empty."""

    minimum: int | None = 0

    def parse(self, raw: Any) -> int | None:
        if raw is None or isinstance(raw, bool):
            return None
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float):
            if not raw.is_integer():
                raise CellError(f"ต้องเป็นจำนวนเต็ม ไม่ใช่ {raw:g}")
            value = int(raw)
        else:
            try:
                number = parse_number(str(raw))
            except ValueError:
                raise CellError(f'ไม่ใช่ตัวเลข: "{raw}"') from None
            if number is None:
                return None
            if number != number.to_integral_value():
                raise CellError(f"ต้องเป็นจำนวนเต็ม ไม่ใช่ {number}")
            value = int(number)
        if self.minimum is not None and value < self.minimum:
            raise CellError(f"ต้องไม่น้อยกว่า {self.minimum}")
        return value

    def to_cell(self, value: Any) -> Any:
        return "" if value is None else int(value)

    @property
    def cell_format(self) -> str:
        return "integer"

    def describe(self) -> str:
        return "จำนวนเต็ม (ใส่ - ได้ หมายถึง 0)"


@dataclass(frozen=True)
class Number(ColumnType):
    """A decimal number ("1,250.50", Thai digits); "-" is 0, a blank is empty."""

    places: int = 2
    minimum: Decimal | None = Decimal(0)

    def parse(self, raw: Any) -> Decimal | None:
        if raw is None or isinstance(raw, bool):
            return None
        if isinstance(raw, int | float):
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        else:
            try:
                parsed = parse_number(str(raw))
            except (ValueError, InvalidOperation):
                raise CellError(f'ไม่ใช่ตัวเลข: "{raw}"') from None
            if parsed is None:
                return None
            value = parsed
        if value != value.quantize(Decimal(1).scaleb(-self.places)):
            raise CellError(f"ทศนิยมได้ไม่เกิน {self.places} ตำแหน่ง")
        if self.minimum is not None and value < self.minimum:
            raise CellError(f"ต้องไม่น้อยกว่า {self.minimum}")
        return value

    def to_cell(self, value: Any) -> Any:
        if value is None or value == "":
            return ""
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)

    @property
    def cell_format(self) -> str:
        return "number"

    def describe(self) -> str:
        return f"ตัวเลข ทศนิยมไม่เกิน {self.places} ตำแหน่ง (มีจุลภาคได้)"


@dataclass(frozen=True)
class Date(ColumnType):
    """One day, BE or CE, in any shape ``tidtam.thai.parse_date`` reads ("4 ก.พ. 2566",
    "04/02/2566", "2023-02-04"); a date cell whose year is 2400 or later is a BE year typed
    into a date cell."""

    def parse(self, raw: Any) -> dt.date | None:
        if raw is None:
            return None
        if isinstance(raw, dt.datetime | dt.date):
            day = raw.date() if isinstance(raw, dt.datetime) else raw
            if day.year >= 2400:
                day = day.replace(year=day.year - BE_OFFSET)
            return day
        text = _text(raw)
        if text in _BLANKS:
            return None
        written = _WRITTEN_DATE.fullmatch(text)
        if written:  # the shape Tidtam writes ("04/02/2566"): no need for the full reader
            day, month, year = (int(g) for g in written.groups())
            with contextlib.suppress(ValueError):
                return dt.date(year - BE_OFFSET if year >= 2400 else year, month, day)
        try:
            parsed = parse_date(text)
        except DateParseError as exc:
            raise CellError(f'อ่านวันที่ไม่ได้: "{text}" ({exc})') from None
        if parsed.start is None:
            return None
        if parsed.precision != "day" or parsed.end != parsed.start:
            raise CellError(f'ต้องเป็นวันเดียว เช่น 4/2/2566: "{text}"')
        return parsed.start

    def to_cell(self, value: Any) -> Any:
        return "" if value is None else format_date(value, "numeric")

    def describe(self) -> str:
        return "วันที่ พ.ศ. เช่น 04/02/2566 หรือ 4 ก.พ. 2566 (ค.ศ. ได้ เช่น 2023-02-04)"


@dataclass(frozen=True)
class Time(ColumnType):
    """A time of day ("09.00", "9:30 น.")."""

    def parse(self, raw: Any) -> dt.time | None:
        if raw is None:
            return None
        if isinstance(raw, dt.datetime):
            return raw.time().replace(microsecond=0)
        if isinstance(raw, dt.time):
            return raw.replace(microsecond=0)
        text = _text(raw)
        if text in _BLANKS:
            return None
        try:
            start, end = parse_time(text)
        except DateParseError:
            raise CellError(f'อ่านเวลาไม่ได้: "{text}"') from None
        if end is not None:
            raise CellError(f'ใส่เวลาเดียว: "{text}"')
        return start

    def to_cell(self, value: Any) -> Any:
        return "" if value is None else value.strftime("%H.%M")

    def describe(self) -> str:
        return "เวลา เช่น 09.00"


YES_WORDS = {"ใช่", "มี", "yes", "y", "true", "1", "✓", "✔", "x"}
NO_WORDS = {"ไม่ใช่", "ไม่", "ไม่มี", "no", "n", "false", "0"}


@dataclass(frozen=True)
class YesNo(ColumnType):
    """ใช่ / ไม่ใช่ (also yes/no, ✓, 1/0); a blank is empty (the default applies)."""

    def parse(self, raw: Any) -> bool | None:
        if raw is None:
            return None
        if isinstance(raw, bool):
            return raw
        text = _text(raw).casefold()
        if text == "":
            return None
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        raise CellError(f'ใส่ "ใช่" หรือ "ไม่ใช่": "{raw}"')

    def to_cell(self, value: Any) -> Any:
        if value is None:
            return ""
        return "ใช่" if value else "ไม่ใช่"

    def choices(self) -> list[str]:
        return ["ใช่", "ไม่ใช่"]

    def describe(self) -> str:
        return "ใช่ / ไม่ใช่"


def _label(label: Any, language: str) -> str:
    if isinstance(label, Promise):
        with override(language):
            return str(label)
    return str(label)


@dataclass(frozen=True)
class Choice(ColumnType):
    """One of a fixed list: the Thai label (what the drop-down offers), the English label or the
    stored value."""

    options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, choices: Iterable[tuple[str, Any]]) -> Choice:
        return cls(options=tuple(choices))

    def _words(self) -> dict[str, str]:
        words: dict[str, str] = {}
        for value, label in self.options:
            for word in (value, _label(label, "th"), _label(label, "en")):
                words.setdefault(header_key(word), value)
        return words

    def parse(self, raw: Any) -> str:
        text = _text(raw)
        if not text:
            return ""
        value = self._words().get(header_key(text))
        if value is None:
            raise CellError(f'ไม่มีในรายการ: "{text}" (เลือกจากรายการ: {", ".join(self.choices())})')
        return value

    def to_cell(self, value: Any) -> Any:
        for stored, label in self.options:
            if stored == value:
                return _label(label, "th")
        return "" if value is None else str(value)

    def choices(self) -> list[str]:
        return [_label(label, "th") for value, label in self.options if value != ""]

    def describe(self) -> str:
        return "เลือกจากรายการ"


@dataclass(frozen=True)
class Reference(ColumnType):
    """A record named in the cell, found with ``find(text) -> (object | None, error message)``.

    ``name_of(obj)`` writes it back; ``options()`` gives the drop-down's names (may be empty).
    """

    find: Callable[[str], Any] = field(default=lambda text: (None, ""))
    name_of: Callable[[Any], str] = field(default=str)
    options: Callable[[], list[str]] = field(default=list)
    many: bool = False

    def _one(self, text: str) -> Any:
        found, error = self.find(text)
        if found is None:
            raise CellError(error or f'ไม่พบ "{text}"')
        return found

    def parse(self, raw: Any) -> Any:
        text = _text(raw)
        if self.many:
            parts = [p.strip() for p in re.split(r"[,、;\n]+", text) if p.strip()]
            return [self._one(p) for p in parts]
        if not text or text in _BLANKS:
            return None
        return self._one(text)

    def to_cell(self, value: Any) -> Any:
        if self.many:
            names = sorted(self.name_of(v) for v in (value or []))
            return ", ".join(names)
        return "" if value is None else self.name_of(value)

    def choices(self) -> list[str]:
        return [] if self.many else self.options()

    def describe(self) -> str:
        return "ชื่อ (คั่นหลายรายการด้วยจุลภาค)" if self.many else "ชื่อ"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key in the row values, its Thai header, its type."""

    key: str
    header: str
    type: ColumnType = field(default_factory=ColumnType)
    required: bool = False
    help: str = ""
    example: str = ""
    width: int = 18
    aliases: tuple[str, ...] = ()
    # the model field whose ValidationError messages belong to this column (default: key)
    field: str = ""

    @property
    def model_field(self) -> str:
        return self.field or self.key

    def header_keys(self) -> set[str]:
        return {header_key(h) for h in (self.header, self.key, *self.aliases)}

    def written_header(self) -> str:
        return f"{self.header} *" if self.required else self.header

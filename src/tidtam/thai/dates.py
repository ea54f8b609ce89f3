"""Thai dates as people write them: reading (``parse_date``) and writing (``format_date``).

Dates are stored as Common-Era ``datetime.date`` and shown in the Buddhist Era (BE = CE + 543).
``parse_date`` reads every shape found in the seed documents; see ``docs/thai.md``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from tidtam.thai.fiscal import fiscal_year
from tidtam.thai.months import BE_OFFSET, BE_THRESHOLD, MONTHS_LONG, MONTHS_SHORT
from tidtam.thai.text import from_thai_digits

__all__ = [
    "BE_OFFSET",
    "DATE_STYLES",
    "MONTHS_LONG",
    "MONTHS_SHORT",
    "DateParseError",
    "ParsedDate",
    "fiscal_year",
    "format_date",
    "format_date_range",
    "format_month_range",
    "parse_date",
    "parse_time",
]

Precision = Literal["day", "month", "year"]
DATE_STYLES = ("short", "long", "slash", "compact", "as_of", "numeric", "month")


class DateParseError(ValueError):
    """A text that is not a readable date; the message (Thai) names the text.

    ``code`` says why: "unreadable", "impossible" (e.g. 31 Feb), "no_year", "reversed"
    (end before start) or "time".
    """

    def __init__(self, text: str, reason: str, code: str = "unreadable") -> None:
        self.text = text
        self.reason = reason
        self.code = code
        super().__init__(f'อ่านวันที่ไม่ได้: "{text}" ({reason})')


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """What ``parse_date`` read.

    ``start``/``end`` are CE dates, both included, equal for a single day; for a month
    (range) the first day of the first month and the last day of the last month; for a year the
    1 January and 31 December. Both are None for a blank placeholder ("วันที่/...../.....").
    ``warnings`` lists every guess made (a misspelt month, a vague "ปลาย" of a month).
    """

    start: dt.date | None
    end: dt.date | None
    precision: Precision | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    warnings: tuple[str, ...] = ()
    text: str = field(default="", compare=False)

    @property
    def is_blank(self) -> bool:
        """Return True for a blank placeholder (no date written)."""
        return self.start is None

    @property
    def is_single_day(self) -> bool:
        """Return True when the text names exactly one day."""
        return self.start is not None and self.start == self.end and self.precision == "day"


# --- reading -------------------------------------------------------------------------------

_THAI_LETTER = "\u0e01-\u0e4e"
_NOT_THAI_AFTER = f"(?![{_THAI_LETTER}])"
_DASHES = re.compile("[\u2010-\u2015\u2212~]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")

_ABBREVIATION_LETTERS = (
    ("ม", "ค"),
    ("ก", "พ"),
    ("มี", "ค"),
    ("เม", "ย"),
    ("พ", "ค"),
    ("มิ", "ย"),
    ("ก", "ค"),
    ("ส", "ค"),
    ("ก", "ย"),
    ("ต", "ค"),
    ("พ", "ย"),
    ("ธ", "ค"),
)
_COLLOQUIAL = (
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
)


_ENGLISH = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _month_patterns() -> list[tuple[re.Pattern[str], int]]:
    patterns: list[tuple[str, int]] = []
    for month, name in enumerate(MONTHS_LONG, start=1):
        patterns.append((re.escape(name), month))
        patterns.append((re.escape(_COLLOQUIAL[month - 1]) + _NOT_THAI_AFTER, month))
    for month, (first, second) in enumerate(_ABBREVIATION_LETTERS, start=1):
        patterns.append((f"{first}\\.?\\s?{second}\\.?{_NOT_THAI_AFTER}", month))
    # Longest literal first so "มีนาคม" wins over "มีนา" and "มี.ค." over "ม.ค.".
    patterns.sort(key=lambda p: len(p[0]), reverse=True)
    compiled = [(re.compile(p), m) for p, m in patterns]
    for month, name in enumerate(_ENGLISH, start=1):
        # "Sep", "Sept", "September", any case, with or without a dot
        rest = f"{name[3:]}|t" if month == 9 else name[3:]
        compiled.append((re.compile(f"(?i:{name[:3]}(?:{rest})?)\\.?(?![a-zA-Z])"), month))
    return compiled


_MONTHS = _month_patterns()

_FILLER = re.compile(
    "|".join(
        [
            r"ระหว่าง",
            r"ตั้งแต่",
            r"เมื่อ",
            r"ภายใน",
            r"ในช่วง",
            r"ช่วง",
            r"ประจำ",
            r"วันที่",
            r"วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)(?:ที่)?",
            r"เดือน",
            r"ปี",
            r"ณ",
            r"พ\.\s?ศ\.?",
        ]
    )
)
_FISCAL = re.compile(r"ปีงบประมาณ|ปีงบ(?:ฯ)?")
_CE_MARKER = re.compile(r"ค\.\s?ศ\.?")
_RANGE_WORD = re.compile(r"(?:จน)?ถึง")
_VAGUE = re.compile(r"ต้น|กลาง|ปลาย")
_MONTH_WORD = re.compile(r"\s*(?:เดือน)?\s*")
_NUMBER = re.compile(r"\d+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_THAI_RUN = re.compile(f"[{_THAI_LETTER}.]+")

_TIME = re.compile(
    r"(?P<kw>เวลา\s*)?(?<![\d/.:])(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?!\d|\.\d)\s*(?P<suffix>น\.|นาฬิกา|น(?![\u0e01-\u0e4e]))?"
)
_ISO = re.compile(r"(?<![\d/])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/])")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?![\d.])")
_BLANK_FILLER = re.compile(r"วันที่|วัน|เดือน|พ\.ศ\.?|ปี|ณ|เวลา|น\.|[\s./\-_…,:()\[\]]")


@dataclass(slots=True)
class _Token:
    kind: Literal["num", "month", "dash", "slash", "fiscal"]
    value: str = ""
    month: int = 0


@dataclass(slots=True)
class _Item:
    day: int | None = None
    month: int | None = None
    year: int | None = None  # CE
    year_source: Literal["text", "next", "previous", "default"] = "text"
    month_written: bool = True
    fiscal: bool = False  # a fiscal year (ปีงบประมาณ), named by the year it ends in

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self, text: str) -> dt.date:
        assert self.year is not None  # noqa: S101 - filled in before use
        if self.fiscal:
            if not 2 <= self.year <= 9999:
                raise DateParseError(text, f"ปีงบประมาณ {self.year} อยู่นอกปฏิทิน", "impossible")
            return dt.date(self.year - 1, 10, 1)
        month = 1 if self.month is None else self.month
        day = 1 if self.day is None else self.day
        if not 1 <= month <= 12:
            raise DateParseError(text, f"ไม่มีเดือนที่ {month}", "impossible")
        if not 1 <= self.year <= 9999:
            raise DateParseError(text, f"ปี {self.year} อยู่นอกปฏิทิน", "impossible")
        last = calendar.monthrange(self.year, month)[1]
        if not 1 <= day <= last:
            raise DateParseError(
                text,
                f"เดือน{MONTHS_LONG[month - 1]} ปี {self.year + BE_OFFSET} ไม่มีวันที่ {day}",
                "impossible",
            )
        return dt.date(self.year, month, day)

    def last_day(self, text: str) -> dt.date:
        first = self.first_day(text)
        if self.fiscal:
            return dt.date(first.year + 1, 9, 30)
        if self.day is not None:
            return first
        if self.month is not None:
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first.replace(month=12, day=31)


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFC", text)
    s = _INVISIBLE.sub("", s)
    s = from_thai_digits(s)
    s = _DASHES.sub("-", s)
    s = s.replace("เเ", "แ")
    return _SPACES.sub(" ", s).strip()


def _is_blank(cleaned: str) -> bool:
    return _BLANK_FILLER.sub("", cleaned) == ""


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _guess_month(word: str) -> int | None:
    """Return the month a misspelt full month name most likely means, or None."""
    word = word.rstrip(".")
    if len(word) < 4:
        return None
    allowed = 1 if len(word) < 8 else 2
    scored = sorted((_levenshtein(word, name), month) for month, name in enumerate(MONTHS_LONG, 1))
    best, month = scored[0]
    if best > allowed or (len(scored) > 1 and scored[1][0] == best):
        return None
    return month


def _extract_times(s: str, text: str, *, loose: bool) -> tuple[str, list[dt.time]]:
    """Remove the times from ``s``; return what is left and the times in order."""
    times: list[dt.time] = []

    def take(m: re.Match[str]) -> str:
        if not (loose or m["sep"] == ":" or m["suffix"] or m["kw"]):
            return m.group(0)
        hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise DateParseError(text, f"ไม่มีเวลา {m['h']}{m['sep']}{m['m']}", "time")
        times.append(dt.time(hour, minute, second))
        return "\x00"

    s = _TIME.sub(take, s)
    s = re.sub(r"\x00\s*(?:-|(?:จน)?ถึง)\s*\x00", " ", s)
    s = s.replace("\x00", " ")
    s = s.replace("เวลา", " ") if times else s
    if len(times) > 2:
        raise DateParseError(text, "มีเวลามากกว่าสองค่า", "time")
    if len(times) == 2 and times[1] < times[0]:
        raise DateParseError(text, "เวลาสิ้นสุดอยู่ก่อนเวลาเริ่ม", "reversed")
    return s, times


def _names_a_month(s: str, i: int) -> bool:
    """Return True when a month name starts at ``i`` (after spaces and "เดือน")."""
    i = _MONTH_WORD.match(s, i).end()  # type: ignore[union-attr]  # always matches
    return any(pattern.match(s, i) for pattern, _ in _MONTHS)


def _tokenize(s: str, text: str, warnings: list[str]) -> tuple[list[_Token], bool]:
    tokens: list[_Token] = []
    ce = False
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isspace() or ch in "().,[]":
            i += 1
            continue
        if ch == "-":
            tokens.append(_Token("dash"))
            i += 1
            continue
        if ch == "/":
            tokens.append(_Token("slash"))
            i += 1
            continue
        m = _NUMBER.match(s, i)
        if m:
            tokens.append(_Token("num", m.group(0)))
            i = m.end()
            continue
        m = _FISCAL.match(s, i)
        if m:
            tokens.append(_Token("fiscal", m.group(0)))
            i = m.end()
            continue
        m = _CE_MARKER.match(s, i)
        if m:
            ce = True
            i = m.end()
            continue
        for pattern, month in _MONTHS:
            m = pattern.match(s, i)
            if m:
                tokens.append(_Token("month", m.group(0), month))
                i = m.end()
                break
        else:
            m = _FILLER.match(s, i)
            if m:
                i = m.end()
                continue
            m = _RANGE_WORD.match(s, i)
            if m:
                tokens.append(_Token("dash"))
                i = m.end()
                continue
            m = _VAGUE.match(s, i)
            if m and _names_a_month(s, m.end()):
                warnings.append(f'ไม่ได้ระบุวัน: อ่าน "{m.group(0)}..." เป็นทั้งเดือน')
                i = m.end()
                continue
            run = _THAI_RUN.match(s, i)
            latin = _LATIN_RUN.match(s, i)
            word = run.group(0) if run else latin.group(0) if latin else ch
            guessed = _guess_month(word) if run else None
            if guessed is None:
                raise DateParseError(text, f'ไม่รู้จักคำว่า "{word}"')
            warnings.append(
                f'สะกดชื่อเดือนผิด: อ่าน "{word.rstrip(".")}" เป็น "{MONTHS_LONG[guessed - 1]}"'
            )
            tokens.append(_Token("month", word, guessed))
            assert run is not None  # noqa: S101
            i = run.end()
    return tokens, ce


def _year(value: str, text: str, *, ce: bool, pivot_be: int | None) -> int:
    """Return the CE year written as ``value`` (2 or 4 digits)."""
    if len(value) == 2:
        yy = int(value)
        if pivot_be is None:
            be = 2500 + yy
        else:
            be = pivot_be - pivot_be % 100 + yy
            if be - pivot_be > 50:
                be -= 100
            elif pivot_be - be > 50:
                be += 100
        return be - BE_OFFSET
    if len(value) == 4:
        year = int(value)
        return year if ce or year < BE_THRESHOLD else year - BE_OFFSET
    raise DateParseError(text, f'"{value}" ไม่ใช่ปี (ต้องเป็นเลข 2 หรือ 4 หลัก)')


def _items(tokens: list[_Token], text: str, *, ce: bool, pivot_be: int | None) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    n = len(tokens)

    def kind(j: int) -> str:
        return tokens[j].kind if j < n else ""

    def year_after(j: int, item: _Item) -> int:
        if kind(j) == "slash" and kind(j + 1) == "num":
            j += 1
        if kind(j) == "num":
            item.year = _year(tokens[j].value, text, ce=ce, pivot_be=pivot_be)
            j += 1
        return j

    if not tokens:
        raise DateParseError(text, "ไม่พบวันที่")
    while True:
        if i >= n:
            raise DateParseError(text, "มีขีดแต่ไม่มีวันที่ต่อท้าย")
        token = tokens[i]
        if token.kind == "num":
            if (
                kind(i + 1) == "slash"
                and kind(i + 2) == "num"
                and kind(i + 3) == "slash"
                and kind(i + 4) == "num"
            ):
                a, b, c = tokens[i].value, tokens[i + 2].value, tokens[i + 4].value
                y, m, d = (a, b, c) if len(a) == 4 else (c, b, a)
                if len(d) > 2 or len(m) > 2:
                    raise DateParseError(text, "รูปแบบ วัน/เดือน/ปี ไม่ถูกต้อง")
                items.append(_Item(int(d), int(m), _year(y, text, ce=ce, pivot_be=pivot_be)))
                i += 5
            elif kind(i + 1) == "month" or (kind(i + 1) == "slash" and kind(i + 2) == "month"):
                if len(token.value) > 2:
                    raise DateParseError(text, f'"{token.value}" ไม่ใช่วันที่')
                i += 1 if kind(i + 1) == "month" else 2
                item = _Item(day=int(token.value), month=tokens[i].month)
                i = year_after(i + 1, item)
                items.append(item)
            elif len(token.value) == 4:
                items.append(_Item(year=_year(token.value, text, ce=ce, pivot_be=pivot_be)))
                i += 1
            elif len(token.value) <= 2 and kind(i + 1) == "dash":
                items.append(_Item(day=int(token.value)))
                i += 1
            else:
                raise DateParseError(text, f'ไม่รู้ว่า "{token.value}" เป็นวัน เดือน หรือปี')
        elif token.kind == "fiscal":
            if kind(i + 1) != "num":
                raise DateParseError(text, "ปีงบประมาณไม่มีปี")
            year = _year(tokens[i + 1].value, text, ce=ce, pivot_be=pivot_be)
            items.append(_Item(year=year, fiscal=True))
            i += 2
        elif token.kind == "month":
            item = _Item(month=token.month)
            i = year_after(i + 1, item)
            items.append(item)
        else:
            raise DateParseError(text, "มีเครื่องหมายเกินมา")
        if i >= n:
            return items
        if tokens[i].kind != "dash":
            raise DateParseError(text, f'ไม่เข้าใจ "{tokens[i].value or "/"}" ที่ต่อท้าย')
        i += 1


def _assemble(items: list[_Item], text: str, default_year: int | None) -> list[_Item]:
    precisions = {item.precision for item in items}
    if "year" in precisions and len(precisions) > 1:
        raise DateParseError(text, "ช่วงที่ปนปีกับวันหรือเดือน")
    if any(item.fiscal for item in items):  # "ปีงบประมาณ 2564-2566"
        for item in items:
            item.fiscal = True
    # A bare day ("20-21 ม.ค.") takes the month of the day after it.
    for i in range(len(items) - 2, -1, -1):
        item, after = items[i], items[i + 1]
        if item.month is None and item.day is not None:
            if after.month is None or after.day is None:
                raise DateParseError(text, f"วันที่ {item.day} ไม่มีเดือน")
            item.month = after.month
            item.month_written = False
    if all(item.year is None for item in items):
        if default_year is None:
            raise DateParseError(text, "ไม่มีปี", "no_year")
        items[-1].year = default_year if default_year < BE_THRESHOLD else default_year - BE_OFFSET
        items[-1].year_source = "default"
    for i, item in enumerate(items):
        if item.year is None:
            later = next((x.year for x in items[i + 1 :] if x.year is not None), None)
            if later is not None:
                item.year, item.year_source = later, "next"
            else:
                earlier = next(x.year for x in reversed(items[:i]) if x.year is not None)
                item.year, item.year_source = earlier, "previous"
    # "ธ.ค.-ม.ค. 2567" crosses a year: a borrowed year moves to keep the range in order.
    for i in range(len(items) - 2, -1, -1):
        item = items[i]
        after = items[i + 1]
        if (
            item.year_source == "next"
            and item.month_written
            and (item.month or 1) > (after.month or 1)
        ):
            item.year = (item.year or 0) - 1
    for i in range(1, len(items)):
        item = items[i]
        before = items[i - 1]
        if item.year_source == "previous" and (item.month or 1) < (before.month or 1):
            item.year = (item.year or 0) + 1
    for before, after in itertools.pairwise(items):
        if before.first_day(text) > after.first_day(text):
            raise DateParseError(text, "วันสิ้นสุดอยู่ก่อนวันเริ่ม", "reversed")
    return items


def _coarsest(a: Precision, b: Precision) -> Precision:
    order: tuple[Precision, ...] = ("day", "month", "year")
    return order[max(order.index(a), order.index(b))]


def parse_date(text: str, *, default_year: int | None = None) -> ParsedDate:
    """Read a Thai date, day range or month range as people write it.

    Reads day-month-year in every written form ("10/มี.ค./2566", "4 ก.พ.64", "วันที่ 15
    เดือนกุมภาพันธ์ พ.ศ.2566", "10 มี ค 64", "19/04/2021", "2021-04-19"), day ranges ("20-21
    ม.ค.64", "1 กุมภาพันธ์-30 กันยายน 2566"), month ranges ("ก.พ.-ก.ย.2566", "มีค.66-มีค.67"),
    English month names ("19 Apr 2021"), months and years alone, fiscal years ("ปีงบประมาณ 2564" = 1 Oct 2020 - 30 Sep 2021, precision
    "year"), Thai digits, and times ("เวลา 09.00 น.-18.00 น.", "10:07").

    Years: 2 digits are BE (64 -> 2564; with ``default_year`` the nearest such year to it);
    4 digits are BE from 2400, CE below (or after "ค.ศ."). A text without a year takes
    ``default_year`` (a BE year) and is an error without it. A misspelt full month name
    ("คุลาคม") is read with a warning. A blank placeholder ("", "-", "วันที่/...../.....")
    gives a result whose dates are None.

    Raises ``DateParseError`` (a ``ValueError``) naming the text otherwise.
    """
    cleaned = _clean(text)
    if _is_blank(cleaned):
        return ParsedDate(None, None, None, text=text)
    warnings: list[str] = []
    s, times = _extract_times(cleaned, text, loose=False)
    s = _ISO.sub(r"\3/\2/\1", s)
    s = _DOTTED.sub(r"\1/\2/\3", s)
    tokens, ce = _tokenize(s, text, warnings)
    pivot = None
    if default_year is not None:
        pivot = default_year if default_year >= BE_THRESHOLD else default_year + BE_OFFSET
    items = _assemble(_items(tokens, text, ce=ce, pivot_be=pivot), text, default_year)
    first, last = items[0], items[-1]
    return ParsedDate(
        start=first.first_day(text),
        end=last.last_day(text),
        precision=_coarsest(first.precision, last.precision),
        start_time=times[0] if times else None,
        end_time=times[1] if len(times) > 1 else None,
        warnings=tuple(warnings),
        text=text,
    )


def parse_time(text: str) -> tuple[dt.time, dt.time | None]:
    """Read a time or a time range ("09.00 น.", "08.30 น.-09.00 น.", "10:07", "เวลา 13.00").

    Returns (start, end); end is None for a single time. Raises ``DateParseError`` when the text
    holds anything but times.
    """
    cleaned = _clean(text)
    rest, times = _extract_times(cleaned, text, loose=True)
    if not times or re.sub(r"เวลา|[\s()]", "", rest):
        raise DateParseError(text, "ไม่ใช่เวลา", "time")
    return times[0], times[1] if len(times) > 1 else None


# --- writing -------------------------------------------------------------------------------


def format_date(d: dt.date, style: str = "short") -> str:
    """Write ``d`` in the Buddhist Era in one of the report styles.

    "short" 10 มี.ค. 2566 · "long" 10 มีนาคม 2566 · "slash" 10/มี.ค./2566 · "compact" 4 ก.พ.64 ·
    "as_of" ณ วันที่ 19 เมษายน 2564 · "numeric" 04/02/2564 (the form input) · "month" มีนาคม 2566.
    """
    be = d.year + BE_OFFSET
    short, long = MONTHS_SHORT[d.month - 1], MONTHS_LONG[d.month - 1]
    match style:
        case "short":
            return f"{d.day} {short} {be}"
        case "long":
            return f"{d.day} {long} {be}"
        case "slash":
            return f"{d.day}/{short}/{be}"
        case "compact":
            return f"{d.day} {short}{be % 100:02d}"
        case "as_of":
            return f"ณ วันที่ {d.day} {long} {be}"
        case "numeric":
            return f"{d.day:02d}/{d.month:02d}/{be}"
        case "month":
            return f"{long} {be}"
    raise ValueError(f"ไม่รู้จักรูปแบบวันที่ {style!r} (ใช้ได้: {', '.join(DATE_STYLES)})")


def format_date_range(start: dt.date, end: dt.date | None, style: str = "short") -> str:
    """Write the days ``start``..``end`` (both included) the way the reports do.

    Same month: "20-21 ม.ค.64" (compact), "4-5/เม.ย./2566" (slash), "20-21 มกราคม 2566" (long);
    same year: "1 กุมภาพันธ์-30 กันยายน 2566"; otherwise both dates in full. A single day is
    written as ``format_date``. Styles as ``format_date`` except "as_of" and "month".
    """
    if end is None or end == start:
        return format_date(start, style)
    if end < start:
        raise ValueError(f"วันสิ้นสุด {end} อยู่ก่อนวันเริ่ม {start}")
    if style not in ("short", "long", "slash", "compact", "numeric"):
        raise ValueError(f"รูปแบบ {style!r} ใช้กับช่วงวันที่ไม่ได้")
    full = f"{format_date(start, style)}-{format_date(end, style)}"
    if style == "numeric" or start.year != end.year:
        return full
    if style == "slash":
        if start.month == end.month:
            return f"{start.day}-{format_date(end, style)}"
        return full
    head = str(start.day)
    if start.month != end.month:
        name = MONTHS_LONG if style == "long" else MONTHS_SHORT
        head = f"{start.day} {name[start.month - 1]}"
    return f"{head}-{format_date(end, style)}"


def format_month_range(start: dt.date, end: dt.date, style: str = "short") -> str:
    """Write the months of ``start``..``end``: "ก.พ.-ก.ย. 2566", "มี.ค.66-มี.ค.67".

    Styles: "short" (ก.พ.-ก.ย. 2566), "long" (กุมภาพันธ์-กันยายน 2566), "compact" (ก.พ.-ก.ย.66).
    """
    if (end.year, end.month) < (start.year, start.month):
        raise ValueError(f"เดือนสิ้นสุด {end} อยู่ก่อนเดือนเริ่ม {start}")
    if style not in ("short", "long", "compact"):
        raise ValueError(f"รูปแบบ {style!r} ใช้กับช่วงเดือนไม่ได้")
    names = MONTHS_LONG if style == "long" else MONTHS_SHORT

    def one(d: dt.date, with_year: bool) -> str:
        name = names[d.month - 1]
        if not with_year:
            return name
        be = d.year + BE_OFFSET
        return f"{name}{be % 100:02d}" if style == "compact" else f"{name} {be}"

    if (start.year, start.month) == (end.year, end.month):
        return one(start, True)
    return f"{one(start, start.year != end.year)}-{one(end, True)}"

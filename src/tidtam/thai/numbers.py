"""Counts as people fill them in: "8 คน", "-" (none), "..คน" (not filled in), "2 คน 2 องค์กร"."""

from __future__ import annotations

import re
from decimal import Decimal

from tidtam.thai.text import clean_typed_number

__all__ = ["parse_count_with_units", "parse_int", "parse_number"]

_UNIT = r"[\u0e01-\u0e4e/]+"
_NUMBER = re.compile(
    rf"(?P<sign>-)?\s*(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:{_UNIT})?"
)
_UNKNOWN = re.compile(rf"\.+\s*(?:{_UNIT})?")
_NONE = re.compile(rf"-\s*(?:{_UNIT})?")
_PAIR = re.compile(rf"\s*(?P<value>\d{{1,3}}(?:,\d{{3}})+|\d+|\.+|-)\s*(?P<unit>{_UNIT})\s*")
_PERSON_UNITS = ("คน", "ราย", "ท่าน")


def parse_number(text: str) -> Decimal | None:
    """Read a number that may carry a unit ("8 คน", "1,250.5", Thai digits).

    "-" (with or without a unit) means none and gives 0; dots ("..คน") or a blank mean not
    filled in and give None. Anything else raises ``ValueError`` naming the text.
    """
    s = clean_typed_number(text)
    if not s or _UNKNOWN.fullmatch(s):
        return None
    if _NONE.fullmatch(s):
        return Decimal(0)
    m = _NUMBER.fullmatch(s)
    if not m:
        raise ValueError(f'อ่านตัวเลขไม่ได้: "{text}"')
    value = Decimal(m["number"].replace(",", ""))
    return -value if m["sign"] else value


def parse_int(text: str) -> int | None:
    """Read a whole count like ``parse_number`` ("8 คน" -> 8, "-" -> 0, "..คน" -> None).

    A fraction raises ``ValueError``.
    """
    value = parse_number(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f'ต้องเป็นจำนวนเต็ม: "{text}"')
    return int(value)


def parse_count_with_units(text: str) -> tuple[int | None, int | None]:
    """Read a sector count that may also count bodies: "2 คน 2 องค์กร" -> (2, 2).

    Returns (people, bodies): people is the number before "คน" (or "ราย"/"ท่าน"), bodies the
    number before any other unit ("1 คน 1 เทศบาล" -> (1, 1), "2 หน่วยงาน" -> (None, 2)).
    Dots mean not filled in (None), "-" means none (0); a part that is not written is None; a
    bare number or "-" counts people.
    Raises ``ValueError`` naming the text for anything else.
    """
    s = clean_typed_number(text)
    if not re.search(_UNIT, s):
        return parse_int(s), None
    people: int | None = None
    bodies: int | None = None
    seen_people = seen_bodies = False
    position = 0
    while position < len(s):
        m = _PAIR.match(s, position)
        if not m or m.end() == position:
            raise ValueError(f'อ่านจำนวนไม่ได้: "{text}"')
        raw = m["value"]
        value = None if raw.startswith(".") else 0 if raw == "-" else int(raw.replace(",", ""))
        if m["unit"] in _PERSON_UNITS and not seen_people:
            people, seen_people = value, True
        elif m["unit"] not in _PERSON_UNITS and not seen_bodies:
            bodies, seen_bodies = value, True
        else:
            raise ValueError(f'อ่านจำนวนไม่ได้ (มีหน่วยซ้ำ): "{text}"')
        position = m.end()
    return people, bodies

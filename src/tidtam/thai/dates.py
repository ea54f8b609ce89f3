"""Thai dates (placeholder to be completed: see issue 2 §6)."""

from __future__ import annotations

import datetime as dt

MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
BE_OFFSET = 543


def format_date(d: dt.date, style: str = "short") -> str:
    """Write ``d`` in the Buddhist Era: "short" = 10 มี.ค. 2566, "long" = 10 มีนาคม 2566."""
    if style == "long":
        return f"{d.day} {MONTHS_LONG[d.month - 1]} {d.year + BE_OFFSET}"
    return f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year + BE_OFFSET}"


def fiscal_year(d: dt.date) -> int:
    """Return the BE fiscal year (October to September) that ``d`` falls in."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)

"""Month names and the Buddhist-Era offset shared by dates, fiscal years and forms."""

from __future__ import annotations

BE_OFFSET = 543
"""CE = BE - 543."""

BE_THRESHOLD = 2400
"""A four-digit year at or above this is read as Buddhist Era, below it as Common Era."""

MONTHS_SHORT: tuple[str, ...] = (
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
MONTHS_LONG: tuple[str, ...] = (
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


def be_year(ce_year: int) -> int:
    """Return the Buddhist-Era year of a Common-Era year."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """Return the Common-Era year of a Buddhist-Era year."""
    return be - BE_OFFSET

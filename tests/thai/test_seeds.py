"""Every date, month, range and time written in the seed documents is read by parse_date.

The seeds are the real documents in ``../shared/seeds`` (next to the repository, as issue 2
says) or in the folder named by ``TIDTAM_SEEDS_DIR``. The candidate finder below is written
independently of the parser: it looks for anything that resembles a date, and every candidate
must be read (or be a blank placeholder).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tidtam.thai import parse_date, parse_time

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = Path(os.environ.get("TIDTAM_SEEDS_DIR", REPO.parent / "shared" / "seeds"))

# The year each document is about: a text without a year ("วันที่ 3 ตุลาคม") takes it.
DOCUMENT_YEAR = {"000": 2566, "002": 2565, "003": 2564, "004": 2567}

_FULL = "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
_ABBR = (
    r"(?:ม\.?\s?ค|ก\.?\s?พ|มี\.?\s?ค|เม\.?\s?ย|พ\.?\s?ค|มิ\.?\s?ย|ก\.?\s?ค|ส\.?\s?ค|ก\.?\s?ย"
    r"|ต\.?\s?ค|พ\.?\s?ย|ธ\.?\s?ค)\.?(?![ก-ฮ])"
)
# After a day number, any Thai word that ends like a month name is taken as one (misspellings).
_LOOKS_LIKE_MONTH = r"[ก-๎]{1,6}(?:าคม|ายน|พันธ์?)"
_MONTH = rf"(?:เดือน\s*)?(?:{_FULL}|{_ABBR})"
_YEAR = r"(?:\s*/?\s*(?:พ\.\s?ศ\.?\s*)?(?:\d{4}|\d{2})(?!\d))"
_DAY = r"(?<![\d,.:/])\d{1,2}"
_TIME = r"\d{1,2}(?::\d{2}|\.\d{2}\s*น\.?)"
_TIMES = rf"(?:\s*(?:เวลา\s*)?{_TIME}(?:\s*[-–—]\s*{_TIME})?)"
_DAY_DATE = rf"{_DAY}(?:\s*[-–—]\s*{_DAY})?\s*/?\s*(?:เดือน\s*)?(?:{_FULL}|{_ABBR}|{_LOOKS_LIKE_MONTH}){_YEAR}?"
_PREFIX = r"(?:(?:ณ\s*)?วันที่\s*|ณ\s*)?"

CANDIDATE = re.compile(
    "|".join(
        [
            # blank placeholders
            r"(?P<blank>วันที่\s*/\s*\.+\s*/\s*\.+)",
            # day-led dates and day ranges, with a time after them
            rf"(?P<day>{_PREFIX}{_DAY_DATE}(?:\s*[-–—]\s*{_DAY_DATE})?{_TIMES}?)",
            # numeric dates
            r"(?P<numeric>(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])|\d{4}-\d{2}-\d{2})",
            # months (full names alone, abbreviations only with a year) and month ranges
            rf"(?P<month>(?:ณ\s*)?{_MONTH}{_YEAR}?(?:\s*[-–—]\s*{_MONTH}{_YEAR}?)*)",
            # fiscal years, and years written with พ.ศ.
            r"(?P<fiscal>ปีงบประมาณ\s*(?:พ\.\s?ศ\.\s*)?\d{4})",
            r"(?P<year>พ\.\s?ศ\.\s*\d{4})",
            # times on their own
            rf"(?P<time>(?:เวลา\s*)?{_TIME}(?:\s*[-–—]\s*{_TIME})?)",
        ]
    )
)


@dataclass(frozen=True)
class Candidate:
    file: str
    line: int
    kind: str
    text: str


def _candidates() -> list[Candidate]:
    found: list[Candidate] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in CANDIDATE.finditer(line):
                kind = m.lastgroup or ""
                text = m.group(0).strip()
                if kind == "month" and not re.search(_FULL, text) and not re.search(r"\d", text):
                    continue  # a bare abbreviation like "ก.พ." may be an agency, not a month
                found.append(Candidate(path.name, number, kind, text))
    return found


needs_seeds = pytest.mark.skipif(
    not SEEDS_DIR.is_dir(), reason=f"seed documents not found in {SEEDS_DIR}"
)


@needs_seeds
def test_all_four_seed_documents_are_there() -> None:
    assert sorted(p.name[:3] for p in SEEDS_DIR.glob("*.txt")) == ["000", "002", "003", "004"]


@needs_seeds
def test_parse_date_reads_every_date_in_the_seeds() -> None:
    candidates = _candidates()
    # The finder itself must find what we know is there, or this test proves nothing.
    texts = {c.text for c in candidates}
    for known in (
        "วันที่ 10/มี.ค./2566",
        "วันที่ 4-5/เม.ย./2566",
        "วันที่ 20-21 ม.ค.64",
        "4 ก.พ.64",
        "10 มี ค 64",
        "12 ก.ค. 65 10:07",
        "ก.พ.-ก.ย.2566",
        "มีค.66-มีค.67",
        "1สค.-31 ตค.65",
        "วันที่ 7 คุลาคม",
        "วันที่/...../.....",
        "วันที่ 15 เดือนกุมภาพันธ์ พ.ศ.2566 เวลา 09.00 น.-18.00 น.",
        "10 ก.ย. 2567",
        "ปีงบประมาณ 2564",
        "ปีงบประมาณ พ.ศ. 2564",
        "เดือน ตุลาคม-พฤศจิกายน-ธันวาคม",
    ):
        assert known in texts, known
    assert len(candidates) >= 170

    unread: list[str] = []
    warned: list[str] = []
    for c in candidates:
        where = f"{c.file}:{c.line} [{c.kind}] {c.text!r}"
        try:
            if c.kind == "time":
                parse_time(c.text)
                continue
            result = parse_date(c.text, default_year=DOCUMENT_YEAR[c.file[:3]])
        except ValueError as error:
            unread.append(f"{where}: {error}")
            continue
        if result.is_blank != (c.kind == "blank"):
            unread.append(f"{where}: read as {result}")
        warned.extend(f"{c.file[:3]}:{c.line} {w}" for w in result.warnings)
    assert not unread, "unread dates in the seeds:\n" + "\n".join(unread)
    # The one misspelt month of the seeds is read, and said so.
    assert warned == ['002:52 สะกดชื่อเดือนผิด: อ่าน "คุลาคม" เป็น "ตุลาคม"']


@needs_seeds
def test_seed_dates_are_read_right() -> None:
    """Spot checks with the exact values, one per seed document."""
    by_text = {c.text: c for c in _candidates()}
    expected = {
        "วันที่ 1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566": ("2023-02-01", "2023-09-30"),  # 000
        "1สค.-31 ตค.65": ("2022-08-01", "2022-10-31"),  # 002
        "10 มี ค 64": ("2021-03-10", "2021-03-10"),  # 003
        "13 ต.ค. 2567": ("2024-10-13", "2024-10-13"),  # 004
    }
    for text, (start, end) in expected.items():
        assert text in by_text, text
        result = parse_date(text)
        assert result.start is not None
        assert result.end is not None
        assert (result.start.isoformat(), result.end.isoformat()) == (start, end)

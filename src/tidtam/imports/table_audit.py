"""Audit a table copied from an old report: check its totals and percentages without being told.

Given one table (CSV, TSV or the first sheet of an XLSX file, with one or two header rows) the
audit finds, by itself:

- numeric columns (thousands commas, Thai digits, "-" meaning zero, blanks) and date columns;
- total rows: a row labelled "รวม", "รวมทั้งสิ้น", "ทั้งหมด", "total"… or an unlabelled last row
  holding only numbers; a total row sums the data rows since the previous total row, and the
  last total row after subtotals is the grand total of every data row;
- row-total columns: a numeric column headed "รวม…" / "ทั้งหมด" / "total" that equals the sum of
  the block of numeric columns beside it in most rows;
- percentage columns (header with "ร้อยละ" or "%") and the pair of columns they are computed
  from: the (numerator, denominator) pair that reproduces the most rows, preferring columns to
  the left of the percentage and, among equals, the nearest ones;
- cells whose type does not fit their column (a number in a date column, words in a number
  column).

It checks every total exactly and every percentage half-up to 2 decimals, tolerating the
source's own rounding to fewer decimals ("70" for 69.99998). Findings name the 1-based data
row (counting rows after the header), its label, the column header, the expected and the
found value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

CellKind = Literal["blank", "number", "dash", "date", "text"]
FindingKind = Literal["row_total", "column_total", "grand_total", "percent", "type_mismatch"]

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Thai has no word boundaries, so "รวมทั้งสิ้น" must match "รวม" as a prefix; a long label
# ("รวมใจพัฒนา…", a project name) is not a total.
TOTAL_LABEL = re.compile(r"^\s*(รวม|ยอดรวม|ทั้งหมด|total\b|grand total\b|sum\b)", re.IGNORECASE)
TOTAL_LABEL_MAX = 30
TOTAL_HEADER = re.compile(r"^\s*(รวม|ยอดรวม|ทั้งหมด|total)", re.IGNORECASE)
PERCENT_HEADER = re.compile(r"(ร้อยละ|%|percent)", re.IGNORECASE)
NUMBER = re.compile(r"^\(?[-+]?\d[\d,]*(\.\d+)?\)?$")
UNKNOWN = re.compile(r"^\.{2,}")  # "..คน" means not filled in
_MONTH = (
    r"(ม\.?\s?ค|ก\.?\s?พ|มี\.?\s?ค|เม\.?\s?ย|พ\.?\s?ค|มิ\.?\s?ย|ก\.?\s?ค|ส\.?\s?ค|ก\.?\s?ย|ต\.?\s?ค|"
    r"พ\.?\s?ย|ธ\.?\s?ค|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|"
    r"กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)"
)
DATE = re.compile(
    rf"(^|\D)\d{{1,2}}\s*[-/]?\s*{_MONTH}|^\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}$|^\d{{4}}-\d{{2}}-\d{{2}}$"
)
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


class TableReadError(ValueError):
    """The file cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class Cell:
    """One cell as written, with what it was read as."""

    raw: str
    kind: CellKind
    number: Decimal | None = None
    decimals: int = 0


@dataclass(frozen=True)
class Finding:
    """One wrong cell: where it is, what was expected and what the table says."""

    kind: FindingKind
    row: int
    row_label: str
    column: str
    expected: Decimal | str | None
    found: Decimal | str | None
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "row": self.row,
            "row_label": self.row_label,
            "column": self.column,
            "expected": _json_value(self.expected),
            "found": _json_value(self.found),
            "detail": self.detail,
        }


@dataclass
class AuditResult:
    """The findings and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"findings": [f.as_json() for f in self.findings], "checked": self.checked}


def _json_value(value: Decimal | str | None) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def read_cell(value: object) -> Cell:
    """Read one cell (text from CSV, or a typed value from XLSX)."""
    if value is None:
        return Cell("", "blank")
    if isinstance(value, bool):
        return Cell(str(value), "text")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return Cell(str(value), "number", number, decimals)
    if hasattr(value, "year") and hasattr(value, "month"):
        return Cell(str(value), "date")
    raw = " ".join(str(value).split())
    text = raw.translate(THAI_DIGITS)
    if text == "":
        return Cell(raw, "blank")
    if text in {"-", "–", "—"}:
        return Cell(raw, "dash", Decimal(0))
    if UNKNOWN.match(text):
        return Cell(raw, "blank")
    stripped = re.sub(r"\s*(บาท|%)$", "", text).replace(" ", "")
    if NUMBER.match(stripped):
        negative = stripped.startswith("(") and stripped.endswith(")")
        digits = stripped.strip("()").replace(",", "")
        try:
            number = Decimal(digits)
        except InvalidOperation:
            return Cell(raw, "text")
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        return Cell(raw, "number", -number if negative else number, decimals)
    if DATE.search(text):
        return Cell(raw, "date")
    return Cell(raw, "text")


def read_table_file(path: Path) -> list[list[object]]:
    """Read the rows of a CSV/TSV (UTF-8 with or without BOM, or cp874) or the first XLSX sheet."""
    if not path.exists():
        raise TableReadError(f"ไม่พบไฟล์ {path}")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    data = path.read_bytes()
    return read_table_text(decode_text(data), name=path.name)


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or Thai Windows cp874 / TIS-620 text."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError("อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620/cp874")


def read_table_text(text: str, *, name: str = "table") -> list[list[object]]:
    """Split pasted or CSV/TSV text into rows (tab-separated when the text has tabs)."""
    if not text.strip():
        raise TableReadError(f"{name}: ไม่มีข้อมูลในตาราง")
    sample = text[:4096]
    delimiter = "\t" if "\t" in sample else ("," if sample.count(",") >= sample.count(";") else ";")
    rows: list[list[object]] = [
        list(r)
        for r in csv.reader(io.StringIO(text), delimiter=delimiter)
        if any(c.strip() for c in r)
    ]
    return rows


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableReadError(f"อ่านไฟล์ Excel ไม่ได้: {exc}") from exc
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return [r for r in rows if any(c not in (None, "") for c in r)]


@dataclass
class _Table:
    headers: list[str]
    rows: list[list[Cell]]
    header_rows: int


def _shape(raw_rows: Sequence[Sequence[object]]) -> _Table:
    if not raw_rows:
        raise TableReadError("ไม่มีข้อมูลในตาราง")
    width = max(len(r) for r in raw_rows)
    cells = [[read_cell(r[i] if i < len(r) else None) for i in range(width)] for r in raw_rows]
    header_rows = 1
    if len(cells) > 2:
        first, second = cells[0], cells[1]
        second_filled = [c for c in second if c.kind != "blank"]
        if (
            all(c.kind in {"text", "blank"} for c in second)
            and len(second_filled) >= max(2, width // 2)
            and any(c.kind == "blank" for c in first)
            and not _is_total_label(_label(second))
        ):
            header_rows = 2
    headers: list[str] = []
    parent = ""
    for i in range(width):
        top = cells[0][i].raw
        parent = top or parent
        if header_rows == 2:
            below = cells[1][i].raw
            headers.append(below or top or parent or f"คอลัมน์ {i + 1}")
        else:
            headers.append(top or f"คอลัมน์ {i + 1}")
    return _Table(headers, cells[header_rows:], header_rows)


def _label(row: Sequence[Cell]) -> str:
    for cell in row:
        if cell.kind == "text":
            return cell.raw
    return ""


def _is_total_label(label: str) -> bool:
    return len(label) <= TOTAL_LABEL_MAX and bool(TOTAL_LABEL.match(label))


def _column_kind(values: Iterable[Cell]) -> CellKind:
    counts: dict[str, int] = {"number": 0, "date": 0, "text": 0}
    for cell in values:
        if cell.kind in {"number", "dash"}:
            counts["number"] += 1
        elif cell.kind in counts:
            counts[cell.kind] += 1
    total = sum(counts.values())
    if total == 0:
        return "blank"
    best = max(counts, key=lambda k: counts[k])
    if counts[best] * 10 >= total * 6:
        return best  # type: ignore[return-value]
    return "text"


def _value(cell: Cell) -> Decimal:
    return cell.number if cell.number is not None else Decimal(0)


def _percent_matches(found: Cell, numerator: Cell, denominator: Cell) -> bool | None:
    """True/False when the percentage can be checked, None when an input is missing or zero."""
    if found.kind not in {"number", "dash"} or denominator.kind != "number":
        return None
    if numerator.kind not in {"number", "dash"}:
        return None
    den = _value(denominator)
    if den == 0:
        return None
    exact = _value(numerator) / den * HUNDRED
    value = _value(found)
    if round_half_up(exact, 2) == value:
        return True
    return found.decimals < 2 and round_half_up(exact, found.decimals) == value


def audit_rows(raw_rows: Sequence[Sequence[object]]) -> AuditResult:
    """Check every total and percentage of one table; see the module docstring for the rules."""
    table = _shape(raw_rows)
    result = AuditResult()
    width = len(table.headers)
    labels = [_label(r) for r in table.rows]
    total_flags = [_is_total_label(label) for label in labels]
    if table.rows and not total_flags[-1]:
        last = table.rows[-1]
        if labels[-1] == "" and any(c.kind == "number" for c in last) and len(table.rows) > 2:
            total_flags[-1] = True
    data_idx = [i for i, flag in enumerate(total_flags) if not flag]
    total_idx = [i for i, flag in enumerate(total_flags) if flag]
    kinds = [_column_kind(table.rows[i][c] for i in data_idx) for c in range(width)]
    percent_cols = {
        c for c in range(width) if kinds[c] == "number" and PERCENT_HEADER.search(table.headers[c])
    }
    number_cols = [c for c in range(width) if kinds[c] == "number" and c not in percent_cols]

    def row_label(i: int) -> str:
        return labels[i] or ("แถวรวม" if total_flags[i] else "")

    def add(
        kind: FindingKind, i: int, c: int, expected: Decimal | str | None, found: Cell, detail: str
    ) -> None:
        found_value: Decimal | str | None = found.number if found.number is not None else found.raw
        result.findings.append(
            Finding(kind, i + 1, row_label(i), table.headers[c], expected, found_value, detail)
        )

    # Cells whose type does not fit their column.
    for i, row in enumerate(table.rows):
        for c in range(width):
            cell, kind = row[c], kinds[c]
            if cell.kind in {"blank"} or kind in {"text", "blank"}:
                continue
            fits = (kind == "number" and cell.kind in {"number", "dash"}) or (
                kind == "date" and cell.kind == "date"
            )
            if not fits:
                wanted = "ตัวเลข" if kind == "number" else "วันที่"
                add(
                    "type_mismatch",
                    i,
                    c,
                    wanted,
                    cell,
                    f"คอลัมน์นี้เป็น{wanted} แต่ช่องนี้เป็น {cell.raw}",
                )

    # Row-total columns: a "รวม…" column equal to the block of numeric columns beside it.
    row_total_cols: dict[int, list[int]] = {}
    for c in number_cols:
        if not TOTAL_HEADER.match(table.headers[c]):
            continue
        sides = (-1, +1)
        for block in (
            _block(number_cols, table.headers, c, step, row_total_cols) for step in sides
        ):
            if not block:
                continue
            checks = [
                sum((_value(table.rows[i][b]) for b in block), Decimal(0))
                == _value(table.rows[i][c])
                for i in data_idx
                if table.rows[i][c].kind in {"number", "dash"}
            ]
            if checks and sum(checks) >= 1 and sum(checks) * 2 >= len(checks):
                row_total_cols[c] = block
                break
    for c, block in row_total_cols.items():
        for i in range(len(table.rows)):
            cell = table.rows[i][c]
            if cell.kind not in {"number", "dash"}:
                continue
            expected = sum((_value(table.rows[i][b]) for b in block), Decimal(0))
            if not total_flags[i]:
                if expected != _value(cell):
                    add("row_total", i, c, expected, cell, "ผลรวมของแถวไม่ตรง")
                continue
            # The grand total is both the sum of the row totals above it and the sum of its own
            # row. One wrong cell elsewhere makes exactly one of the two disagree; only when both
            # disagree is the grand total itself wrong.
            down = sum((_value(table.rows[d][c]) for d in data_idx if d < i), Decimal(0))
            if _value(cell) not in {expected, down}:
                add("grand_total", i, c, down, cell, "ผลรวมทั้งหมดไม่ตรงทั้งแนวตั้งและแนวนอน")

    # Column totals: each total row sums the data rows since the previous total row; the last
    # total row after subtotals is the grand total of all data rows.
    for position, t in enumerate(total_idx):
        previous = total_idx[position - 1] if position else -1
        segment = [i for i in data_idx if previous < i < t]
        if position == len(total_idx) - 1 and position > 0:
            segment = [i for i in data_idx if i < t]
            if not segment:
                continue
        for c in number_cols:
            if c in row_total_cols:
                continue
            cell = table.rows[t][c]
            if cell.kind not in {"number", "dash"}:
                continue
            expected = sum((_value(table.rows[i][c]) for i in segment), Decimal(0))
            if expected != _value(cell):
                add("column_total", t, c, expected, cell, "ผลรวมของคอลัมน์ไม่ตรง")

    # Percentages and the pair of columns they come from.
    pairs: dict[str, dict[str, str]] = {}
    unresolved: list[str] = []
    for p in sorted(percent_cols):
        pair = _find_pair(table.rows, p, number_cols)
        if pair is None:
            unresolved.append(table.headers[p])
            continue
        numerator, denominator = pair
        pairs[table.headers[p]] = {
            "numerator": table.headers[numerator],
            "denominator": table.headers[denominator],
        }
        for i, row in enumerate(table.rows):
            ok = _percent_matches(row[p], row[numerator], row[denominator])
            if ok is False:
                exact = _value(row[numerator]) / _value(row[denominator]) * HUNDRED
                add("percent", i, p, round_half_up(exact, 2), row[p], "ร้อยละไม่ตรงกับตัวตั้งและตัวหาร")

    result.findings.sort(key=lambda f: (f.row, table.headers.index(f.column), f.kind))
    result.checked = {
        "header_rows": table.header_rows,
        "data_rows": len(data_idx),
        "total_rows": [i + 1 for i in total_idx],
        "columns": table.headers,
        "numeric_columns": [table.headers[c] for c in number_cols],
        "date_columns": [table.headers[c] for c in range(width) if kinds[c] == "date"],
        "row_total_columns": {
            table.headers[c]: [table.headers[b] for b in block]
            for c, block in row_total_cols.items()
        },
        "percent_columns": pairs,
        "percent_columns_unresolved": unresolved,
    }
    return result


def _block(
    number_cols: list[int], headers: list[str], c: int, step: int, taken: dict[int, list[int]]
) -> list[int]:
    """The contiguous numeric columns next to ``c`` on one side, stopping at another total column."""
    block: list[int] = []
    position = c + step
    while (
        position in number_cols
        and position not in taken
        and not TOTAL_HEADER.match(headers[position])
    ):
        block.append(position)
        position += step
    return block


def _find_pair(rows: list[list[Cell]], p: int, number_cols: list[int]) -> tuple[int, int] | None:
    """Return the (numerator, denominator) columns that reproduce most of column ``p``."""
    checkable = sum(1 for r in rows if r[p].kind in {"number", "dash"})
    if checkable == 0:
        return None
    best: tuple[tuple[int, int, int, int], tuple[int, int]] | None = None
    for left_only in (True, False):
        candidates = [c for c in number_cols if (c < p) or not left_only]
        for n in candidates:
            for d in candidates:
                if n == d:
                    continue
                outcomes = [_percent_matches(r[p], r[n], r[d]) for r in rows]
                matched = sum(1 for o in outcomes if o)
                tested = sum(1 for o in outcomes if o is not None)
                if tested == 0 or matched * 2 <= tested or matched < min(2, checkable):
                    continue
                score = (matched, -abs(p - n), -abs(p - d), 0)
                if best is None or score > best[0]:
                    best = (score, (n, d))
        if best is not None:
            return best[1]
    return None


def audit_file(path: Path) -> AuditResult:
    """Read ``path`` and audit its table."""
    return audit_rows(read_table_file(path))


def format_text(result: AuditResult) -> str:
    """Write the findings as Thai lines, one per finding, and a summary line."""
    lines: list[str] = []
    names = {
        "row_total": "ผลรวมแถว",
        "column_total": "ผลรวมคอลัมน์",
        "grand_total": "ผลรวมทั้งหมด",
        "percent": "ร้อยละ",
        "type_mismatch": "ชนิดข้อมูล",
    }
    for f in result.findings:
        label = f" ({f.row_label})" if f.row_label else ""
        lines.append(
            f"แถว {f.row}{label} คอลัมน์ «{f.column}»: {names[f.kind]} — คาด {_show(f.expected)} พบ {_show(f.found)}"
        )
    checked = result.checked
    lines.append(
        f"ตรวจ {checked.get('data_rows', 0)} แถวข้อมูล, แถวรวม {len(checked.get('total_rows', []))} แถว "  # type: ignore[arg-type]
        f"คอลัมน์ตัวเลข {len(checked.get('numeric_columns', []))} คอลัมน์, "  # type: ignore[arg-type]
        f"คอลัมน์ร้อยละ {len(checked.get('percent_columns', {}))} คอลัมน์: "  # type: ignore[arg-type]
        + ("ไม่พบข้อผิดพลาด" if not result.findings else f"พบ {len(result.findings)} จุด")
    )
    return "\n".join(lines)


def _show(value: Decimal | str | None) -> str:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return "-" if value is None else str(value)

"""The legacy table audit of the page: a pasted or uploaded table, audited and laid out for display.

The audit itself is ``tidtam.imports.table_audit`` (the same code as ``tidtam audit-table``);
this module only reads what the page received (pasted text, or an uploaded CSV/TSV/XLSX
written to a temporary file so the command's reader reads it), runs ``audit_rows`` and lays
the table out again with each finding on its cell. It never writes to the database.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.imports.table_audit import (
    AuditResult,
    Finding,
    TableReadError,
    audit_rows,
    read_table_file,
    read_table_text,
)

KIND_TEXT: dict[str, Any] = {
    "row_total": gettext_lazy("Row total"),
    "column_total": gettext_lazy("Column total"),
    "grand_total": gettext_lazy("Grand total"),
    "percent": gettext_lazy("Percentage"),
    "type_mismatch": gettext_lazy("Type of value"),
}


def show(value: Decimal | str | None) -> str:
    """Write an expected or found value as the command does (commas, 2 decimals when any)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return "" if value is None else str(value)


@dataclass
class ShownFinding:
    """One finding as the page lists it, with the anchor of its cell."""

    number: int
    kind: str
    kind_text: str
    row: int
    row_label: str
    column: str
    expected: str
    found: str
    detail: str
    anchor: str


@dataclass
class ShownCell:
    text: str
    numeric: bool = False
    findings: list[ShownFinding] = field(default_factory=list)
    anchor: str = ""

    @property
    def title(self) -> str:
        return " · ".join(
            _("%(kind)s: expected %(expected)s, found %(found)s")
            % {"kind": f.kind_text, "expected": f.expected, "found": f.found}
            for f in self.findings
        )


@dataclass
class ShownRow:
    number: int  # 1-based data row, as the findings count
    cells: list[ShownCell]
    total: bool = False

    @property
    def has_finding(self) -> bool:
        return any(c.findings for c in self.cells)


@dataclass
class AuditedTable:
    """The table as received (header rows, data rows) with the audit's findings on its cells."""

    source: str
    headers: list[list[str]]
    rows: list[ShownRow]
    findings: list[ShownFinding]
    result: AuditResult

    @property
    def checked(self) -> dict[str, Any]:
        return self.result.checked


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")  # type: ignore[no-any-return]
    return " ".join(str(value).split())


def _lay_out(raw_rows: list[list[object]], result: AuditResult, source: str) -> AuditedTable:
    checked = result.checked
    header_rows = int(checked.get("header_rows", 1))  # type: ignore[call-overload]
    columns: list[str] = list(checked.get("columns", []))  # type: ignore[call-overload]
    width = max((len(r) for r in raw_rows), default=0)
    totals = set(checked.get("total_rows", []))  # type: ignore[call-overload]
    numeric = set(checked.get("numeric_columns", [])) | set(  # type: ignore[call-overload]
        checked.get("percent_columns", {})  # type: ignore[call-overload]
    )

    def cells(row: list[object]) -> list[object]:
        return [row[i] if i < len(row) else None for i in range(width)]

    headers = [[_text(v) for v in cells(r)] for r in raw_rows[:header_rows]]
    rows = [
        ShownRow(
            number=n,
            cells=[
                ShownCell(_text(v), numeric=i < len(columns) and columns[i] in numeric)
                for i, v in enumerate(cells(r))
            ],
            total=n in totals,
        )
        for n, r in enumerate(raw_rows[header_rows:], start=1)
    ]
    shown: list[ShownFinding] = []
    for number, f in enumerate(result.findings, start=1):
        column = columns.index(f.column) if f.column in columns else None
        anchor = f"cell-{f.row}-{column}" if column is not None else ""
        item = _shown(number, f, anchor)
        shown.append(item)
        if column is not None and 1 <= f.row <= len(rows):
            cell = rows[f.row - 1].cells[column]
            cell.findings.append(item)
            cell.anchor = anchor
    return AuditedTable(source, headers, rows, shown, result)


def _shown(number: int, f: Finding, anchor: str) -> ShownFinding:
    return ShownFinding(
        number=number,
        kind=f.kind,
        kind_text=str(KIND_TEXT.get(f.kind, f.kind)),
        row=f.row,
        row_label=f.row_label,
        column=f.column,
        expected=show(f.expected),
        found=show(f.found),
        detail=f.detail,
        anchor=anchor,
    )


def audit_pasted(text: str) -> AuditedTable:
    """Audit a pasted table (tab-separated as Word and Excel copy it, or CSV text).

    Raises ``TableReadError`` (with a Thai message) when there is no table in it.
    """
    raw = read_table_text(text, name=_("the pasted table"))
    return _lay_out(raw, audit_rows(raw), _("pasted table"))


def audit_upload(upload: UploadedFile) -> AuditedTable:
    """Audit an uploaded CSV/TSV/XLSX file with the command's own reader.

    Raises ``TableReadError`` (with a Thai message) when the file cannot be read as a table.
    """
    name = Path(upload.name or "table.csv").name
    suffix = Path(name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory(prefix="tidtam-audit-") as folder:
        path = Path(folder) / f"table{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            raw = read_table_file(path)
        except TableReadError:
            raise
        except Exception as exc:  # a damaged file: say so rather than fail the page
            raise TableReadError(_("The file cannot be read as a table.")) from exc
    if not raw:
        raise TableReadError(_("The file has no table in it."))
    return _lay_out(raw, audit_rows(raw), name)

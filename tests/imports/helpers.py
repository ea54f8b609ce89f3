"""Spreadsheets for the import tests: read an exported workbook, change cells, write it back."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook, load_workbook

from tidtam.imports.engine import export_rows
from tidtam.imports.kinds import get_kind
from tidtam.imports.workbook import write_workbook


def export_book(kind: str, user: Any = None, **filters: Any) -> bytes:
    """Export ``kind`` as Tidtam writes it (for ``user``, scoped) and return the XLSX bytes."""
    handler = get_kind(kind)
    buffer = io.BytesIO()
    write_workbook(handler, buffer, export_rows(handler, user, filters), user=user)
    return buffer.getvalue()


def template_book(kind: str) -> bytes:
    buffer = io.BytesIO()
    write_workbook(get_kind(kind), buffer)
    return buffer.getvalue()


def sheet_rows(data: bytes, sheet: str) -> list[list[Any]]:
    """Return every row (header first) of ``sheet`` as lists of cell values."""
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def edit(data: bytes, sheet: str, changes: Iterable[tuple[int, str, Any]]) -> bytes:
    """Return the workbook with cells changed: (data row (1-based), header, new value)."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    headers = [str(c.value or "").rstrip(" *") for c in ws[1]]
    for row, header, value in changes:
        ws.cell(row=row + 1, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def book_of(sheet: str, rows: list[list[Any]]) -> bytes:
    """A workbook with one sheet holding ``rows`` (header first), as a person would type it."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def find_row(rows: list[list[Any]], header: str, value: Any) -> int:
    """Return the 1-based data row whose ``header`` cell is ``value``."""
    headers = [str(h or "").rstrip(" *") for h in rows[0]]
    index = headers.index(header)
    for number, row in enumerate(rows[1:], start=1):
        if row[index] == value:
            return number
    raise LookupError(f"{header} = {value!r} not found")

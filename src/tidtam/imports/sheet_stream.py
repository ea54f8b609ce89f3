"""Write the data rows of an exported sheet as XML text, inside an XlsxWriter workbook.

XlsxWriter builds every cell through a generic path (a cell object per value, type dispatch,
attribute lists, escaping by regular expressions): about 5 µs a cell, so 2,000,000 sessions of
18 filled cells took 212 s (9,400 rows/s, issue 9). An export knows its columns in advance: each
column has one type and one format, so the XML of a cell is a fixed prefix, the value and a fixed
suffix. ``StreamedSheet`` writes those rows straight into the worksheet's row-data file that
XlsxWriter's ``constant_memory`` mode keeps, and leaves everything else (header, comments,
column formats, frozen panes, drop-down validations, the other sheets, the package) to
XlsxWriter. See docs/adr/0006-streamed-xlsx-rows.md.

The hook uses four attributes of XlsxWriter's ``Worksheet`` that are not its public API
(``constant_memory``, ``fh``, ``previous_row``, ``_write_single_row``/``_check_dimensions``);
``pyproject.toml`` bounds XlsxWriter's version and ``tests/imports/test_sheet_stream.py``
compares every cell with what XlsxWriter's own ``write_*`` calls produce.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_STRING = 32767  # Excel's limit for one cell; XlsxWriter truncates the same way
ROWS_PER_WRITE = 2000

# What needs more than the three entity escapes: control characters (written as _xHHHH_), a
# literal "_xHHHH_" (its underscore escaped), the two non-characters, leading/trailing spaces.
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


@dataclass(frozen=True)
class CellSpec:
    """One column of a streamed sheet: where its value comes from and its format index."""

    key: str
    to_cell: Callable[[Any], Any]
    xf_index: int | None


def _truncate(text: str) -> str:
    """Cut ``text`` to Excel's 32,767 UTF-16 code units (characters outside the BMP count 2)."""
    units = text.encode("utf-16-le")
    if len(units) <= 2 * MAX_STRING:
        return text
    return units[: 2 * MAX_STRING].decode("utf-16-le", errors="ignore")


def _escape_text(text: str) -> tuple[str, bool]:
    """Return ``text`` escaped for an inline string and whether it needs xml:space="preserve"."""
    if len(text) > MAX_STRING // 2:
        text = _truncate(text)
    preserve = False
    if _SPECIAL.search(text):
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        preserve = text[:1].isspace() or text[-1:].isspace()
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text, preserve


class StreamedSheet(Worksheet):  # type: ignore[misc]
    """An XlsxWriter worksheet that can append many rows of known columns quickly.

    Use it through ``Workbook.add_worksheet(name, worksheet_class=StreamedSheet)`` on a workbook
    opened with ``constant_memory``; write the header with the ordinary calls, then
    ``append_rows`` once. Cells are written exactly as ``write_number``/``write_string`` with the
    column's format would write them (inline strings, the same escapes), with one exception:
    XlsxWriter copies a string that starts with "<r>" and ends with "</r>" into the XML as it
    is (its rich-string path); here it is escaped like any other text."""

    def append_rows(
        self, first_row: int, columns: Sequence[CellSpec], rows: Iterable[dict[str, Any]]
    ) -> int:
        """Write each of ``rows`` (values by column key) from ``first_row`` (0-based) down and
        return how many were written; empty cells ("" or None after ``to_cell``) are skipped."""
        if not self.constant_memory:
            raise ValueError("StreamedSheet needs a workbook opened with constant_memory")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table):
            raise ValueError("rows must come after those already written")
        # Flush the row XlsxWriter still holds (the header) and move its cursor past it.
        self._write_single_row(first_row)
        letters = [xl_col_to_name(c) for c in range(len(columns))]
        plan = [
            (
                spec.key,
                spec.to_cell,
                f'<c r="{letters[c]}',
                "" if spec.xf_index is None else f' s="{spec.xf_index}"',
            )
            for c, spec in enumerate(columns)
        ]
        out = self.fh
        buffer: list[str] = []
        number = first_row  # 1-based row number of the previous row written
        last_col = -1
        last_row = 0
        for values in rows:
            number += 1
            get = values.get
            cells = [f'<row r="{number}">']
            for c, (key, to_cell, start, style) in enumerate(plan):
                value = to_cell(get(key))
                if value is None or value == "":
                    continue
                if last_col < c:
                    last_col = c
                kind = type(value)
                if kind is int or kind is float:
                    cells.append(f'{start}{number}"{style}><v>{value:.16G}</v></c>')
                else:
                    text, preserve = _escape_text(value if kind is str else str(value))
                    space = ' xml:space="preserve"' if preserve else ""
                    cells.append(
                        f'{start}{number}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
                    )
            if len(cells) == 1:
                continue  # nothing in it: XlsxWriter writes no element for an empty row
            cells.append("</row>")
            last_row = number
            buffer.append("".join(cells))
            if len(buffer) >= ROWS_PER_WRITE:
                out.write("".join(buffer))
                buffer.clear()
        if buffer:
            out.write("".join(buffer))
        if last_row:
            # Record the written area as XlsxWriter would (the <dimension> element).
            self._check_dimensions(first_row, 0)
            self._check_dimensions(last_row - 1, last_col)
        self.previous_row = max(self.previous_row, number - 1)
        return number - first_row

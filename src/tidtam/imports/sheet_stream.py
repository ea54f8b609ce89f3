"""Write the data rows of an exported sheet fast, inside an XlsxWriter workbook.

XlsxWriter builds every cell through a generic path (a cell object per value, type dispatch,
attribute lists, escaping by regular expressions): about 5 µs a cell, so 2,000,000 sessions of
18 filled cells took 212 s (9,400 rows/s, issue 9), and then it copied the rows between two
temporary files and compressed them in one thread when the workbook closed. Here:

- ``StreamedSheet.append_rows`` writes each cell's XML as a fixed prefix, the value and a fixed
  suffix (an export knows its columns: one type and one format each), byte for byte what
  XlsxWriter's ``write_string``/``write_number`` write;
- the rows are compressed while they are built, by a second thread (zlib releases the GIL, so
  the machine's second core does it), into a temporary file of raw deflate;
- ``StreamedWorkbook.close`` lets XlsxWriter write everything else (instructions, header,
  comments, column formats, frozen panes, drop-down validations, the lists sheet, the package)
  and then splices the compressed rows into their sheet, before ``</sheetData>``
  (``tidtam.imports.zipparts``).

See docs/adr/0006-streamed-xlsx-rows.md. The hook uses attributes of XlsxWriter's ``Worksheet``
that are not its public API (``constant_memory``, ``table``, ``previous_row``,
``_write_single_row``, ``_check_dimensions``, ``tmpdir``); ``pyproject.toml`` bounds
XlsxWriter's version and ``tests/imports/test_sheet_stream.py`` compares every cell with what
XlsxWriter's own calls produce.
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from tidtam.imports.zipparts import Member, Part, deflate_part, members_of, write_zip

MAX_STRING = 32767  # Excel's limit for one cell; XlsxWriter truncates the same way
ROWS_PER_WRITE = 2000
PLAIN_INT = 2**53  # ints up to here are exact as floats and under 16 digits
LEVEL = 6  # zlib's default, as zipfile (and so XlsxWriter) compresses

# What needs more than the three entity escapes: control characters (written as _xHHHH_), a
# literal "_xHHHH_" (its underscore escaped), the two non-characters, leading/trailing spaces.
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


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
    if text.isprintable() and "_x" not in text:
        # The usual case, without the regular expression: no control characters (nor any
        # other character that is not printable), so only an ASCII space can be whitespace.
        preserve = text[:1] == " " or text[-1:] == " "
    elif _SPECIAL.search(text):
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


class _Deflater:
    """Compress what ``write`` is given in a second thread, into a file of raw deflate
    (sync-flushed at the end, so more deflate data may follow it); the queue is bounded, so
    memory stays flat whatever the size."""

    def __init__(self, directory: str | None) -> None:
        fd, name = tempfile.mkstemp(prefix="tidtam-rows-", suffix=".deflate", dir=directory)
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.crc = 0
        self.size = 0
        self.error: BaseException | None = None
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        try:
            while (data := self.queue.get()) is not None:
                self.crc = zlib.crc32(data, self.crc)
                self.size += len(data)
                self.file.write(compressor.compress(data))
            self.file.write(compressor.flush(zlib.Z_SYNC_FLUSH))
        except BaseException as exc:  # handed to the writing thread
            self.error = exc
            while self.queue.get() is not None:  # let the producer finish without blocking
                pass
        finally:
            self.file.close()

    def write(self, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(text.encode("utf-8"))

    def close(self) -> Part:
        """Wait for the thread; return the compressed rows as a part of a ZIP member."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            self.discard()
            raise self.error
        return Part(crc=self.crc, size=self.size, path=self.path, length=self.path.stat().st_size)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class StreamedSheet(Worksheet):  # type: ignore[misc]
    """An XlsxWriter worksheet that can append many rows of known columns quickly.

    Use it in a ``StreamedWorkbook``: write the header with the ordinary calls, then
    ``append_rows`` once. Cells are written exactly as ``write_number``/``write_string`` with the
    column's format would write them (inline strings, the same escapes), with one exception:
    XlsxWriter copies a string that starts with "<r>" and ends with "</r>" into the XML as it
    is (its rich-string path); here it is escaped like any other text."""

    streamed: Part | None = None

    def append_rows(
        self,
        first_row: int,
        styles: Sequence[int | None],
        rows: Iterable[Sequence[Any]],
    ) -> int:
        """Write each of ``rows`` (cell values, one per column, as ``Column.type.to_cell``
        gives them) from ``first_row`` (0-based) down, column ``c`` with the format index
        ``styles[c]``; return how many rows were written. Empty cells ("" or None) are skipped;
        ints and floats are numbers, anything else is text."""
        if not self.constant_memory:
            raise ValueError("StreamedSheet needs a workbook opened with constant_memory")
        if self.streamed is not None:
            raise ValueError("append_rows writes a sheet's rows once")
        if first_row < self.previous_row or (first_row == self.previous_row and self.table):
            raise ValueError("rows must come after those already written")
        # Flush the row XlsxWriter still holds (the header) and move its cursor past it.
        self._write_single_row(first_row)
        plan = [
            (c, f'<c r="{xl_col_to_name(c)}', "" if style is None else f' s="{style}"')
            for c, style in enumerate(styles)
        ]
        out = _Deflater(self.tmpdir)
        buffer: list[str] = []
        number = first_row  # 1-based row number of the previous row written
        last_col = -1
        last_row = 0
        try:
            for cells in rows:
                number += 1
                if number > self.xls_rowmax:
                    raise ValueError(f"a sheet holds at most {self.xls_rowmax:,} rows")
                xml = [f'<row r="{number}">']
                for (c, start, style), value in zip(plan, cells, strict=True):
                    if value is None or value == "":
                        continue
                    if last_col < c:
                        last_col = c
                    kind = type(value)
                    if kind is int and -PLAIN_INT < value < PLAIN_INT:
                        # What "%.16G" writes for such an int, without going through a float.
                        xml.append(f'{start}{number}"{style}><v>{value}</v></c>')
                    elif kind is int or kind is float:
                        xml.append(f'{start}{number}"{style}><v>{value:.16G}</v></c>')
                    else:
                        text, preserve = _escape_text(value if kind is str else str(value))
                        space = ' xml:space="preserve"' if preserve else ""
                        xml.append(
                            f'{start}{number}"{style} t="inlineStr">'
                            f"<is><t{space}>{text}</t></is></c>"
                        )
                if len(xml) == 1:
                    continue  # nothing in it: XlsxWriter writes no element for an empty row
                xml.append("</row>")
                last_row = number
                buffer.append("".join(xml))
                if len(buffer) >= ROWS_PER_WRITE:
                    out.write("".join(buffer))
                    buffer.clear()
            if buffer:
                out.write("".join(buffer))
        except BaseException:
            out.close()
            out.discard()
            raise
        self.streamed = out.close()
        if last_row:
            # Record the written area as XlsxWriter would: its <dimension> element covers them.
            self._check_dimensions(first_row, 0)
            self._check_dimensions(last_row - 1, last_col)
        self.previous_row = max(self.previous_row, number - 1)
        return number - first_row


class StreamedWorkbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook (``constant_memory``) whose ``StreamedSheet`` rows are spliced
    into the file when it closes. ``target`` is a path or a binary stream."""

    worksheet_class = StreamedSheet

    def __init__(self, target: str | Path | IO[bytes], options: dict[str, Any] | None = None):
        fd, name = tempfile.mkstemp(prefix="tidtam-book-", suffix=".xlsx")
        os.close(fd)
        self._package = Path(name)
        self._target = target
        super().__init__(name, {**(options or {}), "constant_memory": True, "use_zip64": True})

    def close(self) -> None:
        sheets = [ws for ws in self.worksheets() if not ws.is_chartsheet]
        try:
            super().close()
            streamed = {
                f"xl/worksheets/sheet{n}.xml": ws.streamed
                for n, ws in enumerate(sheets, start=1)
                if getattr(ws, "streamed", None) is not None
            }
            members = members_of(self._package)
            for member in members:
                rows = streamed.get(member.name)
                if rows is not None and rows.size:
                    _splice(member, rows)
            if isinstance(self._target, str | Path):
                with open(self._target, "wb") as out:
                    write_zip(out, members)
            else:
                write_zip(self._target, members)
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove this workbook's temporary files (after ``close``, or instead of it)."""
        self._package.unlink(missing_ok=True)
        for ws in self.worksheets():
            part = getattr(ws, "streamed", None)
            if part is not None and part.path is not None:
                part.path.unlink(missing_ok=True)


def _splice(member: Member, rows: Part) -> None:
    """Put the compressed ``rows`` into ``member`` (a sheet as XlsxWriter wrote it, stored as
    one part) right before ``</sheetData>``."""
    (part,) = member.parts
    if part.path is None:
        raise ValueError(f"{member.name} was not read from a package on disk")
    with part.path.open("rb") as fh:
        fh.seek(part.offset)
        stored = fh.read(part.length)
    xml = zlib.decompress(stored, -15) if member.method == 8 else stored
    cut = xml.index(b"</sheetData>")
    member.method = 8
    member.parts = [
        deflate_part(xml[:cut], final=False, level=LEVEL),
        rows,
        deflate_part(xml[cut:], final=True, level=LEVEL),
    ]

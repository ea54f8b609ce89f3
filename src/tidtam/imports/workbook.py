"""Reading and writing the files of a kind: XLSX templates and exports, CSV, error files.

Layout of every workbook Tidtam writes:

- "คำอธิบาย" (instructions): what the file is, how to fill it, and for each sheet a table of
  its columns (required or not, what to type, an example). Examples live only here, so an
  untouched template imports as nothing.
- one sheet per ``SheetHandler``, header in row 1 (required columns marked " *"), values from
  row 2; text columns are formatted as text so Excel keeps "04/02/2566" and leading zeros;
  columns with a list have a drop-down.
- "รายการ" (lists, hidden): the drop-downs' values.

Reading takes XLSX (openpyxl, read-only, so 100,000 rows do not fill the memory) or CSV in
UTF-8 (with or without BOM) or cp874 (Thai Windows), separated by commas, tabs or semicolons.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from tidtam.imports.kinds import Kind, SheetHandler
from tidtam.imports.sheet_stream import StreamedWorkbook
from tidtam.imports.values import Column, header_key

INSTRUCTIONS = "คำอธิบาย"
LISTS = "รายการ"
ERRORS_HEADER = "ข้อผิดพลาด"
IGNORED_SHEETS = {header_key(INSTRUCTIONS), header_key(LISTS)}
IGNORED_HEADERS = {header_key(ERRORS_HEADER), header_key("แถวเดิม")}
EMPTY_ROWS_WITH_LISTS = 1000
# Excel's 1,048,576 rows a sheet, less the header; the rows past it go on in "name (2)"…
MAX_DATA_ROWS = 1_048_575


class UnreadableFile(Exception):
    """The file is not a spreadsheet Tidtam can read; ``message`` says why (Thai)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class SheetRows:
    """One sheet of an uploaded file: its header cells and its rows (spreadsheet row number, cells)."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    estimated_rows: int


def _blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _xlsx_sheets(data: IO[bytes]) -> tuple[dict[str, SheetRows], Any]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(data, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(f"เปิดไฟล์ Excel ไม่ได้ ({exc.__class__.__name__})") from None
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise UnreadableFile(f"เปิดไฟล์ Excel ไม่ได้ ({exc.__class__.__name__})") from None
    sheets: dict[str, SheetRows] = {}
    for ws in book.worksheets:
        if header_key(ws.title) in IGNORED_SHEETS:
            continue
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            continue
        headers = ["" if h is None else str(h) for h in header]

        def body(rows: Iterator[tuple[Any, ...]] = rows) -> Iterator[tuple[int, tuple[Any, ...]]]:
            for number, cells in enumerate(rows, start=2):
                if not _blank(cells):
                    yield number, tuple(cells)

        sheets[ws.title] = SheetRows(ws.title, headers, body(), max((ws.max_row or 1) - 1, 0))
    return sheets, book


def decode_text(data: bytes) -> str:
    """Decode a CSV/TSV file: UTF-8 (with or without BOM), else cp874 (Thai Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise UnreadableFile("อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ cp874 (TIS-620)") from None


def _csv_sheet(data: bytes, name: str) -> SheetRows:
    text = decode_text(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(io.StringIO(text), dialect))
    if not lines:
        raise UnreadableFile("ไฟล์ว่าง")
    headers = lines[0]
    body = [(n, tuple(cells)) for n, cells in enumerate(lines[1:], start=2) if not _blank(cells)]
    return SheetRows(name, headers, iter(body), len(body))


def open_sheets(data: IO[bytes], filename: str, kind: Kind) -> tuple[dict[str, SheetRows], Any]:
    """Open an uploaded file; return its data sheets by name and a handle to close (or None).

    A CSV file is the kind's first sheet.
    """
    head = data.read(8)
    data.seek(0)
    if head.startswith(b"PK"):
        return _xlsx_sheets(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("ไฟล์นี้ไม่ใช่ Excel (.xlsx) ที่ถูกต้อง")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("ไฟล์ Excel รุ่นเก่า (.xls) อ่านไม่ได้: บันทึกเป็น .xlsx หรือ .csv ก่อน")
    raw = data.read()
    first = kind.sheets[0].name
    return {first: _csv_sheet(raw, first)}, None


def sheet_name(name: str, part: int = 1) -> str:
    """Return the title of part ``part`` of a sheet: the name (≤ 31 characters), then
    "name (2)", "name (3)"… for the rows past Excel's limit of a sheet."""
    if part == 1:
        return name[:31]
    suffix = f" ({part})"
    return name[: 31 - len(suffix)] + suffix


def continuation_sheets(handler: SheetHandler, sheets: dict[str, SheetRows]) -> list[SheetRows]:
    """Return the sheets that continue ``handler``'s sheet ("name (2)", "name (3)"…), in order."""
    found = []
    by_key = {header_key(name): sheet for name, sheet in sheets.items()}
    part = 2
    while (sheet := by_key.get(header_key(sheet_name(handler.name, part)))) is not None:
        found.append(sheet)
        part += 1
    return found


def match_sheet(
    handler: SheetHandler, sheets: dict[str, SheetRows], only_one: bool
) -> SheetRows | None:
    """Find ``handler``'s sheet in the file: by name, or the file's only sheet for a one-sheet kind."""
    wanted = header_key(handler.name)
    for name, sheet in sheets.items():
        if header_key(name) == wanted:
            return sheet
    if only_one and len(sheets) == 1:
        return next(iter(sheets.values()))
    return None


# --- writing ---------------------------------------------------------------------------------


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        font = {"font_name": "Noto Sans Thai", "font_size": 11}
        self.text = book.add_format({**font, "num_format": "@", "valign": "top"})
        self.wrap = book.add_format({**font, "num_format": "@", "text_wrap": True, "valign": "top"})
        self.integer = book.add_format({**font, "num_format": "#,##0", "valign": "top"})
        self.number = book.add_format({**font, "num_format": "#,##0.00", "valign": "top"})
        self.header = book.add_format(
            {
                **font,
                "bold": True,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.title = book.add_format({**font, "bold": True, "font_size": 14})
        self.plain = book.add_format({**font, "text_wrap": True, "valign": "top"})
        self.error = book.add_format(
            {**font, "font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True}
        )

    def for_column(self, column: Column) -> Any:
        match column.type.cell_format:
            case "integer":
                return self.integer
            case "number":
                return self.number
        return self.wrap if getattr(column.type, "multiline", False) else self.text


def _write_instructions(book: Any, fmt: _Formats, kind: Kind, note: str) -> None:
    ws = book.add_worksheet(INSTRUCTIONS)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 3, 30)
    r = 0
    ws.write_string(r, 0, f"Tidtam: {kind.title}", fmt.title)
    r += 1
    for line in (
        note,
        "กรอกข้อมูลตั้งแต่แถวที่ 2 ของแต่ละแผ่นงาน ห้ามเปลี่ยนชื่อแผ่นงานหรือหัวคอลัมน์ คอลัมน์ที่มี * ต้องกรอก",
        "วันที่ใช้ พ.ศ. เช่น 04/02/2566 หรือ 4 ก.พ. 2566; ตัวเลขมีจุลภาคหรือเลขไทยได้; "
        '"-" หมายถึงศูนย์; ช่องว่างหมายถึงไม่ระบุ',
        "แถวที่มีรหัสหรือชื่อตรงกับข้อมูลเดิมจะปรับปรุงข้อมูลเดิม เฉพาะช่องที่แก้ไข; "
        "แถวใหม่จะสร้างข้อมูลใหม่; การลบแถวออกจากไฟล์ไม่ลบข้อมูลใน Tidtam",
        "ถ้ามีแถวใดผิด ระบบจะไม่นำเข้าเลยทั้งไฟล์ และแจ้งแผ่นงาน แถว และคอลัมน์ที่ผิดทุกแห่ง",
        *([kind.help] if kind.help else []),
    ):
        if line:
            ws.write_string(r, 0, line, fmt.plain)
            r += 1
    for handler in kind.sheets:
        r += 1
        ws.write_string(r, 0, f"แผ่นงาน “{handler.name}”", fmt.title)
        if handler.title:
            ws.write_string(r, 2, handler.title, fmt.plain)
        r += 1
        for c, text in enumerate(("คอลัมน์", "ต้องกรอก", "วิธีกรอก", "ตัวอย่าง")):
            ws.write_string(r, c, text, fmt.header)
        r += 1
        for col in handler.columns:
            ws.write_string(r, 0, col.header, fmt.plain)
            ws.write_string(r, 1, "ต้องกรอก" if col.required else "", fmt.plain)
            how = col.help or col.type.describe()
            if handler.key_columns and col.key in handler.key_columns:
                how += " (ใช้จับคู่กับข้อมูลเดิม)"
            ws.write_string(r, 2, how, fmt.plain)
            ws.write_string(r, 3, col.example, fmt.plain)
            r += 1


class _Lists:
    """The hidden sheet of drop-down values: one column per distinct list."""

    def __init__(self) -> None:
        self.columns: list[list[str]] = []
        self.index: dict[tuple[str, ...], int] = {}

    def ref(self, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.index:
            self.index[key] = len(self.columns)
            self.columns.append(values)
        col = self.index[key]
        letter = xlsxwriter.utility.xl_col_to_name(col)
        return f"='{LISTS}'!${letter}$1:${letter}${len(values)}"

    def write(self, book: Any) -> None:
        ws = book.add_worksheet(LISTS)
        for c, values in enumerate(self.columns):
            for r, value in enumerate(values):
                ws.write_string(r, c, value)
        ws.hide()


def write_workbook(
    kind: Kind,
    target: str | Path | IO[bytes],
    rows: dict[str, Iterable[Sequence[Any]]] | None = None,
    *,
    note: str = "",
    user: Any = None,
    errors: dict[str, list[tuple[int, tuple[Any, ...], list[str], list[str]]]] | None = None,
) -> dict[str, int]:
    """Write ``kind``'s workbook to ``target``; return the number of data rows per sheet.

    ``rows`` (sheet name -> rows of cells in the order of ``handler.columns_for(user)``, as
    ``engine.export_rows`` or ``cells_of`` give them) fills the sheets (an export); without
    it the sheets are empty (a template). ``errors`` (sheet -> [(row, cells, headers, messages)])
    writes an error file instead: each refused row as it was read, with its messages.
    """
    book = StreamedWorkbook(target, {"strings_to_numbers": False})
    try:
        written = _fill(book, kind, rows, note, user, errors)
    except BaseException:
        book.discard()
        raise
    book.close()
    return written


def _fill(
    book: StreamedWorkbook,
    kind: Kind,
    rows: dict[str, Iterable[Sequence[Any]]] | None,
    note: str,
    user: Any,
    errors: dict[str, list[tuple[int, tuple[Any, ...], list[str], list[str]]]] | None,
) -> dict[str, int]:
    fmt = _Formats(book)
    lists = _Lists()
    _write_instructions(book, fmt, kind, note)
    written: dict[str, int] = {}
    for handler in kind.sheets:
        ws = book.add_worksheet(handler.name[:31])
        ws.freeze_panes(1, 0)
        if errors is not None:
            written[handler.name] = _write_error_rows(
                ws, fmt, errors.get(handler.name, []), handler
            )
            continue
        columns = handler.columns_for(user)
        source = iter(rows.get(handler.name, ())) if rows is not None else iter(())
        written[handler.name] = 0
        part = 1
        while True:
            if part > 1:
                ws = book.add_worksheet(sheet_name(handler.name, part))
                ws.freeze_panes(1, 0)
            count = _fill_sheet(ws, fmt, lists, columns, islice(source, MAX_DATA_ROWS))
            written[handler.name] += count
            if count < MAX_DATA_ROWS:
                break
            # A full sheet: go on in "name (2)" if there is another row.
            following = next(source, None)
            if following is None:
                break
            source = chain([following], source)
            part += 1
    if lists.columns:
        lists.write(book)
    return written


def _fill_sheet(
    ws: Any, fmt: _Formats, lists: _Lists, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> int:
    """Write the header, the rows and the drop-downs of one sheet; return the rows written."""
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width, fmt.for_column(col))
        ws.write_string(0, c, col.written_header(), fmt.header)
        if col.help:
            ws.write_comment(0, c, col.help, {"x_scale": 2, "y_scale": 1.5})
    ws.set_row(0, 36)
    styles = [fmt.for_column(col)._get_xf_index() for col in columns]
    count: int = ws.append_rows(1, styles, rows)
    last = min(count + EMPTY_ROWS_WITH_LISTS, MAX_DATA_ROWS)
    for c, col in enumerate(columns):
        choices = col.type.choices()
        if choices:
            ws.data_validation(
                1,
                c,
                last,
                c,
                {
                    "validate": "list",
                    "source": lists.ref(choices),
                    "error_type": "warning",
                    "error_message": "ค่านี้ไม่อยู่ในรายการ",
                },
            )
    return count


def _write_error_rows(
    ws: Any,
    fmt: _Formats,
    rows: list[tuple[int, tuple[Any, ...], list[str], list[str]]],
    handler: SheetHandler,
) -> int:
    headers = rows[0][2] if rows else [col.written_header() for col in handler.columns]
    ws.write_string(0, 0, ERRORS_HEADER, fmt.header)
    ws.write_string(0, 1, "แถวเดิม", fmt.header)
    ws.set_column(0, 0, 50)
    for c, header in enumerate(headers, start=2):
        ws.write_string(0, c, str(header), fmt.header)
        ws.set_column(c, c, 18)
    for r, (number, cells, _headers, messages) in enumerate(rows, start=1):
        ws.write_string(r, 0, "\n".join(messages), fmt.error)
        ws.write_number(r, 1, number)
        for c, value in enumerate(cells, start=2):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value), fmt.text)
    return len(rows)


def write_csv(
    handler: SheetHandler, target: IO[str], rows: Iterable[Sequence[Any]], *, user: Any = None
) -> int:
    """Write one sheet as UTF-8 CSV (the caller opens ``target`` with encoding "utf-8-sig"):
    the header of ``handler.columns_for(user)`` and ``rows`` (cells in that order)."""
    out = csv.writer(target)
    out.writerow([col.written_header() for col in handler.columns_for(user)])
    count = 0
    for count, cells in enumerate(rows, start=1):  # noqa: B007 - the count is the result
        out.writerow(cells)
    return count


def cells_of(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """Turn rows of values (by column key, in the columns' types) into rows of cells in the
    order of ``columns``, each as ``column.type.to_cell`` writes it."""
    plan = [(col.key, col.type.to_cell) for col in columns]
    for values in rows:
        get = values.get
        yield [to_cell(get(key)) for key, to_cell in plan]

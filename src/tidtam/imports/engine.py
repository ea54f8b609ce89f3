"""Import a spreadsheet of a kind: all or nothing (or, when asked, only the good rows).

``run_import`` reads the file, checks the headers of every sheet, types every cell, finds
each row's stored record by its natural key, compares cell by cell, and applies the rows that
change something through the owning app's services, sheet by sheet, in one transaction.
Every refused cell or row becomes a ``Problem`` naming the sheet, the spreadsheet row and the
column, in Thai. Then:

- ``dry_run``: everything is rolled back; the outcome is the preview (what would be created,
  updated, left alone and refused);
- any problem and not ``good_rows_only``: everything is rolled back, nothing is applied;
- otherwise the transaction commits; with ``good_rows_only`` the refused rows are kept aside
  for an error file (``write_error_file``).

Every audit row written meanwhile carries ``reason`` (e.g. "นำเข้าไฟล์ #12 projects.xlsx").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tidtam.audit.services import ReasonRequired, with_reason
from tidtam.imports.kinds import Context, Kind, Pending, RowRefused, SheetHandler
from tidtam.imports.values import CellError, Column, header_key
from tidtam.imports.workbook import (
    IGNORED_HEADERS,
    SheetRows,
    UnreadableFile,
    cells_of,
    continuation_sheets,
    match_sheet,
    open_sheets,
    sheet_name,
    write_workbook,
)

CHUNK = 2000
MAX_CHANGES_KEPT = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where (sheet, spreadsheet row, column header) and what."""

    sheet: str
    row: int  # 0 = the sheet itself (a header problem)
    column: str
    message: str

    def text(self) -> str:
        where = f"แผ่นงาน “{self.sheet}”"
        if self.row:
            where += f" แถว {self.row}"
        if self.column:
            where += f" คอลัมน์ “{self.column}”"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Change:
    """A row that creates or updates a record: its key and the cells that change (old, new)."""

    sheet: str
    row: int
    action: str  # "create" | "update"
    key: str
    fields: list[tuple[str, Any, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "action": self.action,
            "key": self.key,
            "fields": [[h, _plain(o), _plain(n)] for h, o, n in self.fields],
        }


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str) or value is None else str(value)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.refused


@dataclass
class Outcome:
    """What an import did (or, for a dry run or a refused file, would have done)."""

    kind: str
    dry_run: bool
    good_rows_only: bool
    applied: bool = False
    counts: dict[str, Counts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # sheet -> [(row, cells as read, headers as read, messages)] of refused rows
    bad_rows: dict[str, list[tuple[int, tuple[Any, ...], list[str], list[str]]]] = field(
        default_factory=dict
    )
    unreadable: str = ""

    @property
    def total(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.created += c.created
            total.updated += c.updated
            total.unchanged += c.unchanged
            total.refused += c.refused
        return total

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "good_rows_only": self.good_rows_only,
            "applied": self.applied,
            "unreadable": self.unreadable,
            "counts": {name: vars(c) for name, c in self.counts.items()},
            "problems": [p.as_dict() for p in self.problems],
            "changes": [c.as_dict() for c in self.changes],
        }


def _messages(exc: Exception, handler: SheetHandler) -> dict[str, list[str]]:
    """Map a service's refusal to column keys ("" = the row)."""
    if isinstance(exc, RowRefused):
        return exc.errors
    if isinstance(exc, ReasonRequired):
        return {"": [exc.message]}
    if isinstance(exc, ValidationError):
        by_field = {col.model_field: col.key for col in handler.columns}
        if hasattr(exc, "error_dict"):
            out: dict[str, list[str]] = {}
            for name, errors in exc.message_dict.items():
                out.setdefault(by_field.get(name, ""), []).extend(str(m) for m in errors)
            return out
        return {"": [str(m) for m in exc.messages]}
    if isinstance(exc, IntegrityError):
        return {"": ["ขัดกับข้อมูลที่มีอยู่แล้ว (ซ้ำหรืออ้างถึงข้อมูลที่ไม่มี)"]}
    return {"": [str(exc)]}


class _SheetRun:
    """Reads and applies one sheet."""

    def __init__(
        self,
        run: _Run,
        handler: SheetHandler,
        sheet: SheetRows,
        *,
        part: int = 1,
        seen_keys: dict[Hashable, int] | None = None,
    ) -> None:
        self.run = run
        self.handler = handler
        self.sheet = sheet
        # Problems name the sheet as written ("ครั้งกิจกรรม (2)" for the rows past Excel's
        # limit); counts and refused rows (the error file) belong to the handler's sheet.
        self.name = sheet_name(handler.name, part) if part > 1 else handler.name
        self.counts = run.outcome.counts.setdefault(handler.name, Counts())
        self.positions: list[tuple[int, Column]] = []
        # Shared by a sheet and its continuations: a key twice in the file is twice.
        self.seen_keys: dict[Hashable, int] = {} if seen_keys is None else seen_keys

    def problem(self, row: int, column: str, message: str) -> None:
        self.run.outcome.problems.append(Problem(self.name, row, column, message))

    def check_headers(self) -> bool:
        by_key: dict[str, Column] = {}
        for col in self.handler.columns:
            for k in col.header_keys():
                by_key[k] = col
        used: set[str] = set()
        ok = True
        for index, header in enumerate(self.sheet.headers):
            k = header_key(header)
            if not k or k in IGNORED_HEADERS:
                continue
            col = by_key.get(k)
            if col is None:
                self.problem(0, header, "ไม่รู้จักหัวคอลัมน์นี้ (ดูแผ่นงาน “คำอธิบาย”)")
                ok = False
            elif col.key in used:
                self.problem(0, header, "หัวคอลัมน์ซ้ำ")
                ok = False
            else:
                used.add(col.key)
                self.positions.append((index, col))
        for col in self.handler.columns:
            if col.required and col.key not in used:
                self.problem(0, col.header, "ไม่มีคอลัมน์นี้ ซึ่งต้องมี")
                ok = False
        return ok

    def parse(
        self, number: int, cells: tuple[Any, ...]
    ) -> tuple[dict[str, Any], dict[str, list[str]]]:
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for index, col in self.positions:
            raw = cells[index] if index < len(cells) else None
            try:
                value = col.type.parse(raw)
            except CellError as exc:
                errors.setdefault(col.key, []).append(exc.message)
                continue
            if col.required and (value is None or value == "" or value == []):
                errors.setdefault(col.key, []).append("ต้องกรอก")
            values[col.key] = value
        return values, errors

    def refuse(self, number: int, cells: tuple[Any, ...], errors: dict[str, list[str]]) -> None:
        headers = {col.key: col.header for col in self.handler.columns}
        messages = []
        for key, texts in errors.items():
            for text in texts:
                self.problem(number, headers.get(key, ""), text)
                messages.append(f"{headers[key]}: {text}" if key in headers else text)
        self.counts.refused += 1
        self.run.outcome.bad_rows.setdefault(self.handler.name, []).append(
            (number, cells, self.sheet.headers, messages)
        )

    def go(self) -> None:
        chunk: list[tuple[int, tuple[Any, ...]]] = []
        for item in self.sheet.rows:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                self.apply_chunk(chunk)
                chunk = []
        if chunk:
            self.apply_chunk(chunk)

    def apply_chunk(self, chunk: list[tuple[int, tuple[Any, ...]]]) -> None:
        handler, ctx = self.handler, self.run.ctx
        parsed: list[tuple[int, tuple[Any, ...], dict[str, Any], Hashable]] = []
        for number, cells in chunk:
            values, errors = self.parse(number, cells)
            if errors:
                self.refuse(number, cells, errors)
                continue
            key = handler.key(values)
            if key in self.seen_keys:
                self.refuse(
                    number,
                    cells,
                    {"": [f"ซ้ำกับแถว {self.seen_keys[key]} ({handler.key_text(values)})"]},
                )
                continue
            self.seen_keys[key] = number
            parsed.append((number, cells, values, key))
        stored = handler.existing([p[3] for p in parsed], ctx) if parsed else {}
        pending: list[Pending] = []
        present = {col.key for _i, col in self.positions}
        for number, cells, values, key in parsed:
            record = stored.get(key)
            if record is None:
                pending.append(Pending(number, values, None, dict(values), cells))
                self.note_change(number, "create", values, None)
                continue
            if not handler.may_change(record, ctx):
                self.refuse(number, cells, {"": ["ไม่มีสิทธิ์แก้ไขข้อมูลนี้"]})
                continue
            current = handler.current(record)
            changes = {
                k: values[k]
                for k in present
                if k not in handler.read_only
                and not handler.column(k).type.same(values[k], current.get(k))
            }
            if not changes:
                self.counts.unchanged += 1
                continue
            pending.append(Pending(number, values, record, changes, cells))
            self.note_change(number, "update", values, current, changes)
        if pending:
            self.apply(pending)
        self.run.advance(len(chunk))

    def note_change(
        self,
        number: int,
        action: str,
        values: dict[str, Any],
        current: dict[str, Any] | None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        if len(self.run.outcome.changes) >= MAX_CHANGES_KEPT:
            return
        cols = [self.handler.column(k) for k in (changes or values)]
        fields = [
            (
                col.header,
                col.type.to_cell(current.get(col.key)) if current is not None else "",
                col.type.to_cell(values.get(col.key)),
            )
            for col in cols
            if current is not None or values.get(col.key) not in (None, "", [])
        ]
        self.run.outcome.changes.append(
            Change(self.name, number, action, self.handler.key_text(values), fields)
        )

    def apply(self, pending: list[Pending]) -> None:
        handler = self.handler
        for item, result in handler.apply_many(pending, self.run.ctx):
            if isinstance(result, Exception):
                self.refuse(item.row, item.raw, _messages(result, handler))
            elif item.record is None:
                self.counts.created += 1
            else:
                self.counts.updated += 1


class _Run:
    def __init__(
        self, kind: Kind, outcome: Outcome, ctx: Context, progress: Progress | None
    ) -> None:
        self.kind = kind
        self.outcome = outcome
        self.ctx = ctx
        self.progress = progress
        self.done = 0
        self.total = 0

    def advance(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))


def run_import(
    kind: Kind,
    data: IO[bytes] | str | Path,
    filename: str = "",
    *,
    user: Any = None,
    reason: str = "",
    dry_run: bool = False,
    good_rows_only: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Import ``data`` (a path or a binary file) as ``kind``; see the module's docstring."""
    outcome = Outcome(kind.name, dry_run, good_rows_only)
    with contextlib.ExitStack() as stack:
        if isinstance(data, str | Path):
            filename = filename or Path(data).name
            data = stack.enter_context(open(data, "rb"))
        try:
            sheets, handle = open_sheets(data, filename, kind)
        except UnreadableFile as exc:
            outcome.unreadable = exc.message
            return outcome
        if handle is not None:
            stack.callback(handle.close)
        found: list[tuple[SheetHandler, list[SheetRows]]] = []
        for handler in kind.sheets:
            sheet = match_sheet(handler, sheets, only_one=len(kind.sheets) == 1)
            if sheet is not None:
                found.append((handler, [sheet, *continuation_sheets(handler, sheets)]))
        if not found:
            names = ", ".join(f"“{h.name}”" for h in kind.sheets)
            outcome.unreadable = f"ไม่พบแผ่นงานของ{kind.title}ในไฟล์ (ต้องมีแผ่นงาน {names})"
            return outcome
        ctx = Context(user=user, reason=reason or f"นำเข้าไฟล์ {filename}")
        run = _Run(kind, outcome, ctx, progress)
        runs = []
        for handler, parts in found:
            seen: dict[Hashable, int] = {}
            runs += [
                _SheetRun(run, handler, sheet, part=n, seen_keys=seen)
                for n, sheet in enumerate(parts, start=1)
            ]
        run.total = sum(s.sheet.estimated_rows for s in runs)
        if not all(s.check_headers() for s in runs):
            return outcome
        with transaction.atomic(), with_reason(ctx.reason):
            for sheet_run in runs:
                sheet_run.go()
            if dry_run or (outcome.problems and not good_rows_only):
                transaction.set_rollback(True)
            else:
                outcome.applied = True
    return outcome


def write_error_file(kind: Kind, outcome: Outcome, target: str | Path | IO[bytes]) -> int:
    """Write the refused rows with their messages (re-importable once corrected)."""
    write_workbook(
        kind,
        target,
        note="แถวที่นำเข้าไม่ได้ พร้อมข้อผิดพลาด: แก้ไขแล้วนำเข้าไฟล์นี้อีกครั้งได้",
        errors=outcome.bad_rows,
    )
    return sum(len(rows) for rows in outcome.bad_rows.values())


def export_values(
    handler: SheetHandler, user: Any, filters: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Return the current values of ``handler``'s records for ``user`` (scoped) and
    ``filters``, lazily, by column key in the columns' types."""
    exporter = getattr(handler, "export_values", None)
    if exporter is not None:
        yield from exporter(user, filters)
        return
    for record in handler.export(user, filters):
        yield handler.current(record)


def export_rows(
    kind: Kind, user: Any, filters: dict[str, Any]
) -> dict[str, Iterator[Sequence[Any]]]:
    """Return each sheet's current cells for ``user`` (scoped) and ``filters``, lazily: one
    row per record, the cells in the order of ``handler.columns_for(user)``, each as
    ``column.type.to_cell`` writes it.

    A handler with ``export_cells(user, filters, columns)`` (a large kind: sessions) gives its
    cells itself; its tests prove they equal the cells of its values."""

    def cells(handler: SheetHandler) -> Iterator[Sequence[Any]]:
        columns = handler.columns_for(user)
        fast = getattr(handler, "export_cells", None)
        if fast is not None:
            yield from fast(user, filters, columns)
            return
        yield from cells_of(columns, export_values(handler, user, filters))

    return {handler.name: cells(handler) for handler in kind.sheets}

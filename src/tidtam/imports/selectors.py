"""Reads of the imports app for its pages: the kinds on offer, a person's imports, what an
import's preview or outcome says, and the workbooks written for download."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidtam.accounts import access
from tidtam.imports import cli_export
from tidtam.imports.engine import MAX_CHANGES_KEPT, export_rows
from tidtam.imports.kinds import available_kinds, get_kind
from tidtam.imports.models import ImportRun, ImportStatus
from tidtam.imports.workbook import write_workbook

# Statuses in which the run page keeps asking the server for news.
RUNNING = frozenset({ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.APPLYING})
# At most this many problems are listed on a page (all of them are in the error file).
MAX_PROBLEMS_SHOWN = 1000


@dataclass(frozen=True)
class KindEntry:
    """One kind of spreadsheet the import page offers."""

    name: str
    title: str
    sheets: tuple[str, ...]
    help: str


def kind_entries() -> list[KindEntry]:
    """Return the kinds whose sheets exist today, in the registry's order."""
    entries = []
    for name in available_kinds():
        kind = get_kind(name)
        entries.append(KindEntry(name, kind.title, tuple(h.name for h in kind.sheets), kind.help))
    return entries


def kind_choices() -> list[tuple[str, str]]:
    return [(entry.name, entry.title) for entry in kind_entries()]


def kind_title(name: str) -> str:
    """Return the Thai title of a kind (its name when the kind is not available)."""
    return next((e.title for e in kind_entries() if e.name == name), name)


def runs_of(user: Any, limit: int = 50) -> list[ImportRun]:
    """Return the last imports ``user`` asked for, newest first, each with its ``kind_title``."""
    titles = dict(kind_choices())
    runs = list(ImportRun.objects.filter(requested_by=user)[:limit])
    for run in runs:
        run.kind_title = titles.get(run.kind, run.kind)  # type: ignore[attr-defined]
    return runs


def run_for(user: Any, pk: int) -> ImportRun | None:
    """Return import ``pk`` when ``user`` asked for it or is an administrator; else None."""
    runs = ImportRun.objects.select_related("requested_by")
    if not access.is_administrator(user):
        runs = runs.filter(requested_by=user)
    return runs.filter(pk=pk).first()


@dataclass
class SheetCounts:
    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.refused


@dataclass
class RunReport:
    """What a check (``preview``) or an import (``outcome``) recorded, ready for a page."""

    counts: list[SheetCounts]
    total: SheetCounts
    changes: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    problem_count: int
    unreadable: str
    applied: bool
    changes_cut: bool = False
    problems_cut: bool = False
    error_rows: int = 0


def run_report(run: ImportRun, which: str) -> RunReport | None:
    """Return the page's view of ``run.preview`` (``which="preview"``) or ``run.outcome``."""
    data = getattr(run, which) or {}
    if not data:
        return None
    counts = [SheetCounts(sheet, **values) for sheet, values in data.get("counts", {}).items()]
    total = SheetCounts("")
    for c in counts:
        total.created += c.created
        total.updated += c.updated
        total.unchanged += c.unchanged
        total.refused += c.refused
    problems = data.get("problems", [])
    changes = [
        {**change, "fields": [{"header": h, "old": o, "new": n} for h, o, n in change["fields"]]}
        for change in data.get("changes", [])
    ]
    return RunReport(
        counts=counts,
        total=total,
        changes=changes,
        problems=problems[:MAX_PROBLEMS_SHOWN],
        problem_count=len(problems),
        unreadable=data.get("unreadable", ""),
        applied=bool(data.get("applied")),
        changes_cut=len(changes) >= MAX_CHANGES_KEPT
        and total.created + total.updated > len(changes),
        problems_cut=len(problems) > MAX_PROBLEMS_SHOWN,
        error_rows=total.refused,
    )


def write_template(kind_name: str, target: Path) -> None:
    """Write the empty import template of a kind (instructions, headers, drop-downs)."""
    cli_export.write_template(kind_name, target)


def write_export(kind_name: str, user: Any, target: Path) -> dict[str, int]:
    """Write the records of a kind ``user`` may see, in the template's shape."""
    kind = get_kind(kind_name)
    rows: dict[str, Iterable[Sequence[Any]]] = dict(export_rows(kind, user, {}))
    return write_workbook(kind, target, rows, user=user, note=f"ข้อมูล{kind.title}จาก Tidtam")

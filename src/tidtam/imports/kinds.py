"""What an app declares to make its records importable and exportable as a spreadsheet.

A ``Kind`` (e.g. "organisations") is a list of ``SheetHandler``s, one per sheet, in the order
they are applied (a project's sheet before its plans' sheet). A handler knows its columns, the
natural key that finds an existing record ("project code", "organisation name + province"),
how to read a record's current values in the shape of its columns, and how to create or
update one through the owning app's services (so every rule of the forms applies).

The engine (``tidtam.imports.engine``) does the rest: reading files, typing cells, comparing
with what is stored, all-or-nothing, previews, error files, audit. Kinds are listed in
``REGISTRY`` (kind name -> "module:attribute"); the kinds themselves live in
``tidtam.imports.sheets.<area>`` (the imports app sits above the domain apps in the import
direction, so no domain app imports this framework).
"""

from __future__ import annotations

import argparse
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tidtam.audit.services import ReasonRequired
from tidtam.imports.values import Column, header_key

# kind name -> "dotted.module:ATTRIBUTE" holding a Kind
REGISTRY: dict[str, str] = {
    "organisations": "tidtam.imports.sheets.organisations:ORGANISATIONS",
    "people": "tidtam.imports.sheets.organisations:PEOPLE",
    "projects": "tidtam.imports.sheets.projects:PROJECTS",
    "sessions": "tidtam.imports.sheets.sessions:SESSIONS",
    "approvals": "tidtam.imports.sheets.finance:APPROVALS",
    "tranches": "tidtam.imports.sheets.finance:TRANCHES",
}


class RowRefused(Exception):
    """A row the handler refuses: ``errors`` maps column keys ("" = the whole row) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        self.errors = {"": [errors]} if isinstance(errors, str) else errors
        super().__init__("; ".join(m for ms in self.errors.values() for m in ms))


REFUSALS = (RowRefused, ValidationError, ReasonRequired, IntegrityError)


@dataclass
class Context:
    """What a handler may use while applying: who imports, the reason on every audit row, and
    anything a handler wants to remember between rows (``memo``)."""

    user: Any
    reason: str
    memo: dict[str, Any] = field(default_factory=dict)


class SheetHandler:
    """One sheet of a kind. Subclasses set ``name``, ``columns``, ``key_columns`` and implement
    ``existing``, ``current``, ``create``, ``update`` and ``export``."""

    name: str = ""  # the Thai sheet name (≤ 31 characters)
    title: str = ""  # one line for the instructions sheet
    columns: Sequence[Column] = ()
    key_columns: Sequence[str] = ()
    # Columns that are written and compared but never changed by an import (e.g. an id).
    read_only: Sequence[str] = ()

    def columns_for(self, user: Any) -> Sequence[Column]:
        """The columns written for ``user`` (a handler may leave out personal data)."""
        return self.columns

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def key(self, values: dict[str, Any]) -> Hashable:
        """Return the natural key of a row's values (default: the key columns' cells)."""
        return tuple(
            header_key(self.column(k).type.to_cell(values.get(k))) for k in self.key_columns
        )

    def key_text(self, values: dict[str, Any]) -> str:
        return " / ".join(str(self.column(k).type.to_cell(values.get(k))) for k in self.key_columns)

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        """Return the stored records with these keys (key -> record)."""
        raise NotImplementedError

    def current(self, record: Any) -> dict[str, Any]:
        """Return the record's values, one per column, typed as the columns parse them."""
        raise NotImplementedError

    def create(self, values: dict[str, Any], ctx: Context) -> Any:
        """Create a record from a row's values (raise RowRefused or ValidationError to refuse)."""
        raise NotImplementedError

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        """Apply ``changes`` (only the columns whose cells differ) to ``record``."""
        raise NotImplementedError

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Any]:
        """Return the records to write for ``user`` (scoped) and the kind's filters."""
        raise NotImplementedError

    def may_change(self, record: Any, ctx: Context) -> bool:
        """Whether ``ctx.user`` may change this stored record (default: yes)."""
        return True

    def apply_many(self, items: list[Pending], ctx: Context) -> Iterator[tuple[Pending, Any]]:
        """Apply rows; yield (item, record) for each applied row and (item, exception) for each
        refused one (a ``RowRefused``, ``ValidationError``, ``ReasonRequired`` or ``IntegrityError``).

        The default applies each row in its own savepoint through ``create``/``update``; a
        handler with a bulk path overrides this (it must check every row before writing, and
        yield its refusals the same way).
        """
        for item in items:
            try:
                with transaction.atomic():
                    record = self.apply_one(item, ctx)
            except REFUSALS as exc:
                yield item, exc
            else:
                yield item, record

    def apply_one(self, item: Pending, ctx: Context) -> Any:
        if item.record is None:
            return self.create(item.values, ctx)
        return self.update(item.record, item.changes, item.values, ctx)


@dataclass
class Pending:
    """A row about to be applied: its values, the stored record (None: create) and changes."""

    row: int
    values: dict[str, Any]
    record: Any
    changes: dict[str, Any]
    raw: tuple[Any, ...]


@dataclass
class Kind:
    """An importable kind of record: its sheets and how the command line filters exports."""

    name: str
    title: str  # Thai, for the instructions sheet and the pages
    sheets: Sequence[SheetHandler]
    help: str = ""
    filters: Sequence[tuple[str, str]] = ()  # (option name, help) for `tidtam export KIND`

    def add_filter_arguments(self, parser: argparse.ArgumentParser) -> None:
        for option, text in self.filters:
            parser.add_argument(f"--{option}", default="", help=text)

    def sheet(self, name: str) -> SheetHandler:
        for handler in self.sheets:
            if handler.name == name:
                return handler
        raise KeyError(name)


def get_kind(name: str) -> Kind:
    """Return the registered kind ``name`` (KeyError when unknown)."""
    dotted = REGISTRY[name]
    module, _, attribute = dotted.partition(":")
    kind = getattr(import_module(module), attribute)
    if not isinstance(kind, Kind):
        raise TypeError(f"{dotted} is not a Kind")
    return kind


def available_kinds() -> list[str]:
    """Return the names of the kinds whose module exists (built so far)."""
    names = []
    for name, dotted in REGISTRY.items():
        module = dotted.partition(":")[0]
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        names.append(name)
    return names

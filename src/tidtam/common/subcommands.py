"""Dispatch ``tidtam report KIND`` / ``tidtam import KIND`` / ``tidtam export KIND`` to the app that owns KIND.

Each KIND is implemented by a module exposing::

    HELP: str
    def available(kind: str) -> bool: ...                          # optional: serves this kind now?
    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(options: dict[str, Any], stdout: TextIO) -> int: ...   # returns the exit status

so the command line, the UI and background tasks all call the same code in the owning app.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class SubcommandDispatcher(BaseCommand):
    """A management command whose first argument picks an implementation module."""

    kinds: dict[str, str] = {}
    verb = "run"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind, dotted in sorted(self.kinds.items()):
            module = self._module(dotted)
            if module is None:
                continue
            available = getattr(module, "available", None)
            if available is not None and not available(kind):
                continue  # a generic module that does not serve this kind yet
            kind_parser = sub.add_parser(kind, help=getattr(module, "HELP", ""))
            module.add_arguments(kind_parser)

    @staticmethod
    def _module(dotted: str) -> ModuleType | None:
        try:
            return import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name and dotted.startswith(exc.name):
                return None  # that kind is not built yet
            raise

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        module = self._module(self.kinds[kind])
        if module is None:
            raise CommandError(f"{self.verb} {kind}: not available")
        status = module.run(options, self.stdout)
        if status:
            sys.exit(status)


def format_choices(values: list[str]) -> str:
    """Join command-line choices for a help text."""
    return ", ".join(values)


__all__ = ["SubcommandDispatcher", "argparse", "format_choices"]

"""``tidtam import indicators FILE --fiscal-year BE [--dry-run]``: the indicator set, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from tidtam.organisations.models import Organisation
from tidtam.results.importing import indicators_import

HELP = "Import indicators with their targets and results from CSV or XLSX (all or nothing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="CSV (UTF-8 or cp874) or XLSX file")
    parser.add_argument(
        "--fiscal-year", type=int, required=True, help="Buddhist-Era fiscal year, e.g. 2568"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check and report only; change nothing"
    )
    parser.add_argument(
        "--organisation", help="owner organisation id or exact name (default: head office)"
    )
    parser.add_argument(
        "--user",
        default="",
        help="username recorded as who imported (default: the first superuser)",
    )
    parser.add_argument("--reason", default="", help="reason for changed targets (a revision)")
    parser.add_argument("--approver", default="", help="who approved changed targets")


def _organisation(value: str | None) -> Organisation | None:
    if not value:
        return None
    if value.isdigit():
        return Organisation.objects.filter(pk=int(value)).first()
    return Organisation.objects.filter(name=value).first()


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Import the file; print every problem with its row and column; return 1 when refused."""
    path: Path = options["file"]
    if not path.exists():
        stdout.write(f"{path}: no such file\n")
        return 2
    users = get_user_model().objects
    user = (
        users.filter(username=options["user"]).first()
        if options.get("user")
        else users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    if user is None:
        stdout.write("no such user (use --user USERNAME of an analyst)\n")
        return 2
    organisation = _organisation(options.get("organisation"))
    if options.get("organisation") and organisation is None:
        stdout.write(f"no organisation {options['organisation']!r}\n")
        return 2
    outcome = indicators_import(
        path.read_bytes(),
        path.name,
        fiscal_year=options["fiscal_year"],
        user=user,
        organisation=organisation,
        dry_run=options.get("dry_run", False),
        reason=options.get("reason", ""),
        approver=options.get("approver", ""),
    )
    for problem in outcome.problems:
        stdout.write(f"{problem}\n")
    if not outcome.ok:
        stdout.write(f"refused: {len(outcome.problems)} problem(s); nothing was applied\n")
        return 1
    verb = "would create" if outcome.dry_run else "created"
    verb2 = "would update" if outcome.dry_run else "updated"
    stdout.write(
        f"{verb} {outcome.created}, {verb2} {outcome.updated}, unchanged "
        f"{len(outcome.planned) - outcome.created - outcome.updated} indicator(s)"
        f"{' (dry run: nothing applied)' if outcome.dry_run else ''}\n"
    )
    return 0

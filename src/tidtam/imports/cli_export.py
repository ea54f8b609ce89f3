"""``tidtam export KIND -o FILE.xlsx`` and ``tidtam export-template KIND -o FILE.xlsx``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from tidtam.imports.engine import export_rows
from tidtam.imports.kinds import available_kinds, get_kind
from tidtam.imports.workbook import write_csv, write_workbook

HELP = "Write this kind's records as a spreadsheet in the import template's shape."


def available(kind: str) -> bool:
    return kind in available_kinds()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", required=True, help="FILE.xlsx (or FILE.csv for a one-sheet kind)"
    )
    parser.add_argument("--user", help="export what this user may see; default: everything")
    kind = parser.prog.rsplit(" ", 1)[-1]
    if kind in available_kinds():
        get_kind(kind).add_filter_arguments(parser)


def _user(options: dict[str, Any], stdout: TextIO) -> tuple[bool, Any]:
    if not options.get("user"):
        return True, None
    user = get_user_model().objects.filter(username=options["user"]).first()
    if user is None:
        stdout.write(f"ไม่พบผู้ใช้ {options['user']}\n")
        return False, None
    return True, user


def run(options: dict[str, Any], stdout: TextIO) -> int:
    ok, user = _user(options, stdout)
    if not ok:
        return 2
    kind = get_kind(options["kind"])
    filters = {option: options.get(option.replace("-", "_"), "") for option, _help in kind.filters}
    rows = export_rows(kind, user, filters)
    target = Path(options["output"])
    if target.suffix.lower() == ".csv":
        if len(kind.sheets) != 1:
            stdout.write("CSV ได้เฉพาะชนิดที่มีแผ่นงานเดียว: ใช้ .xlsx\n")
            return 2
        handler = kind.sheets[0]
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            count = write_csv(handler, out, rows[handler.name], user=user)
        stdout.write(f"{handler.name}: {count} แถว -> {target}\n")
        return 0
    written = write_workbook(kind, target, rows, user=user, note=f"ข้อมูล{kind.title}จาก Tidtam")
    for sheet, count in written.items():
        stdout.write(f"{sheet}: {count} แถว\n")
    stdout.write(f"-> {target}\n")
    return 0


def write_template(kind_name: str, target: Path | str | Any) -> None:
    kind = get_kind(kind_name)
    write_workbook(kind, target, None, note=f"แบบฟอร์มนำเข้า{kind.title}")

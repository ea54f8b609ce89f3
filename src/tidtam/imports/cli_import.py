"""``tidtam import KIND FILE`` for the spreadsheet kinds (organisations, people, projects, ...)."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from tidtam.imports.engine import Outcome, write_error_file
from tidtam.imports.kinds import available_kinds, get_kind

HELP = "Import a spreadsheet (XLSX or CSV) of this kind: all or nothing, every bad row reported."


def available(kind: str) -> bool:
    return kind in available_kinds()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .xlsx or .csv file (UTF-8 or cp874)")
    parser.add_argument(
        "--dry-run", action="store_true", help="check and show what would change; save nothing"
    )
    parser.add_argument(
        "--good-rows-only",
        action="store_true",
        help="import the rows without errors even when others have errors (default: all or nothing)",
    )
    parser.add_argument(
        "--errors", metavar="FILE.xlsx", help="write the refused rows and their errors here"
    )
    parser.add_argument(
        "--user", help="import as this user (their scope applies); default: the system"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def print_outcome(
    outcome: Outcome, stdout: TextIO, *, as_json: bool, run_id: int | None = None
) -> None:
    if as_json:
        data = outcome.summary()
        data["import"] = run_id
        stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    if outcome.unreadable:
        stdout.write(f"อ่านไฟล์ไม่ได้: {outcome.unreadable}\n")
        return
    for sheet, c in outcome.counts.items():
        stdout.write(
            f"{sheet}: สร้าง {c.created} ปรับปรุง {c.updated} ไม่เปลี่ยน {c.unchanged} ผิด {c.refused}\n"
        )
    for problem in outcome.problems:
        stdout.write(f"  ✗ {problem.text()}\n")
    if outcome.dry_run:
        stdout.write("ตรวจอย่างเดียว (--dry-run): ยังไม่บันทึกอะไร\n")
    elif outcome.applied:
        suffix = f" (การนำเข้า #{run_id})" if run_id else ""
        stdout.write(f"นำเข้าแล้ว{suffix}\n")
    else:
        stdout.write("ไม่ได้นำเข้าอะไรเลย: แก้ไขแถวที่ผิดแล้วนำเข้าใหม่ (หรือใช้ --good-rows-only)\n")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Exit 0 when imported (or a clean dry run), 3 when rows were refused, 2 for an unreadable file."""
    from tidtam.imports.services import import_file

    user = None
    if options.get("user"):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            stdout.write(f"ไม่พบผู้ใช้ {options['user']}\n")
            return 2
    kind = options["kind"]
    try:
        outcome, run_record = import_file(
            kind,
            options["file"],
            user=user,
            dry_run=bool(options.get("dry_run")),
            good_rows_only=bool(options.get("good_rows_only")),
        )
    except OSError as exc:
        stdout.write(f"เปิดไฟล์ไม่ได้: {exc}\n")
        return 2
    print_outcome(
        outcome,
        stdout,
        as_json=options.get("format") == "json",
        run_id=run_record.pk if run_record else None,
    )
    if options.get("errors") and run_record is None and outcome.bad_rows:
        write_error_file(get_kind(kind), outcome, options["errors"])
    elif options.get("errors") and run_record is not None and run_record.error_file:
        with run_record.error_file.open("rb") as src, open(options["errors"], "wb") as dst:
            dst.write(src.read())
    if outcome.unreadable:
        return 2
    return 3 if outcome.problems else 0

"""``tidtam import activity-log FILE --project CODE [--dry-run]``: seed 004's format as sessions."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from tidtam.projects.activity_log import ActivityLogError, import_log
from tidtam.projects.models import Project

HELP = "Import an exported activity log (records separated by “|”) as sessions of a project."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the log file (UTF-8 or Windows-874)")
    parser.add_argument("--project", required=True, help="the project code, e.g. GREEN-2567")
    parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Import the file; print what was done. Exit 1 on a bad file, 2 on an unknown project."""
    project = Project.objects.filter(code=options["project"]).first()
    if project is None:
        stdout.write(f"ไม่พบโครงการรหัส {options['project']}\n")
        return 2
    try:
        data = Path(options["file"]).read_bytes()
        result = import_log(project, data, user=None, dry_run=bool(options.get("dry_run")))
    except (OSError, ActivityLogError) as exc:
        stdout.write(f"นำเข้าไม่ได้ ไม่มีการบันทึกใด ๆ: {exc}\n")
        return 1
    verb = "จะสร้าง" if result.dry_run else "สร้าง"
    stdout.write(
        f"{project.code}: {result.records} รายการ, {verb}ใหม่ {result.created}, "
        f"มีอยู่แล้ว {result.existing}\n"
    )
    return 0

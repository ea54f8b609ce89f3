"""``tidtam export activity-log --project CODE [--output FILE]``: sessions in seed 004's format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from tidtam.projects.activity_log import export
from tidtam.projects.models import Project, Session

HELP = "Export a project's sessions as an activity log (records separated by “|”)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", required=True, help="the project code")
    parser.add_argument("--output", help="write to this file (UTF-8) instead of the screen")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Write the log; exit 2 on an unknown project."""
    project = Project.objects.filter(code=options["project"]).first()
    if project is None:
        stdout.write(f"ไม่พบโครงการรหัส {options['project']}\n")
        return 2
    sessions = Session.objects.filter(project=project).select_related("activity")
    text = export(list(sessions.order_by("start_date", "pk")))
    if options.get("output"):
        Path(options["output"]).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)
    return 0

"""tidtam report progress: write a project's progress report (seed 000 layout) to a file.

    tidtam report progress --project KKD-2566 --period 2023-02-01..2023-09-30 \
        --format docx|pdf|html|json -o FILE

The command line acts as the system (``tidtam.reports.system.system_user``: an unsaved
superuser-equivalent), so it may read every project.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.utils import translation

from tidtam.projects.models import Project
from tidtam.reports import progress_formats
from tidtam.reports.progress import progress_report
from tidtam.reports.system import system_user
from tidtam.reports.templates_docx import template_for
from tidtam.thai import DateParseError, parse_date

HELP = "A project's progress report for a period (Tables 1-3, minutes, summary form)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``tidtam report progress``."""
    parser.add_argument("--project", required=True, help="project code, e.g. KKD-2566")
    parser.add_argument(
        "--period",
        required=True,
        help="START..END, ISO (2023-02-01..2023-09-30) or BE (1/2/2566..30/9/2566)",
    )
    parser.add_argument("--format", choices=progress_formats.FORMATS, default="pdf")
    parser.add_argument(
        "-o", "--output", required=True, help="file to write ('-': stdout, json/html)"
    )
    parser.add_argument("--language", default="th", help="language of the labels (th or en)")


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """Read "START..END" (each ISO or any single-day shape ``parse_date`` reads)."""
    if ".." not in text:
        raise ValueError(f"period must be START..END: {text!r}")
    first, last = (part.strip() for part in text.split("..", 1))
    dates = []
    for part in (first, last):
        try:
            dates.append(dt.date.fromisoformat(part))
            continue
        except ValueError:
            pass
        parsed = parse_date(part)
        if parsed.start is None or not parsed.is_single_day:
            raise ValueError(f"not a single day: {part!r}")
        dates.append(parsed.start)
    start, end = dates
    if end < start:
        raise ValueError(f"the period ends before it starts: {text!r}")
    return start, end


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Write the report; return 0, or 2 for an unknown project or an unreadable period."""
    project = Project.objects.filter(code=options["project"]).first()
    if project is None:
        stdout.write(f"progress: no project with code {options['project']!r}\n")
        return 2
    try:
        start, end = parse_period(options["period"])
    except (ValueError, DateParseError) as exc:
        stdout.write(f"progress: {exc}\n")
        return 2
    fmt = options["format"]
    with translation.override(options.get("language") or "th"):
        report = progress_report(system_user(), project, start, end)
        template = template_for(project) if fmt == "docx" else None
        body = progress_formats.render(report, fmt, template=template)
    if options["output"] == "-":
        if fmt in ("docx", "pdf"):
            stdout.write("progress: write docx and pdf to a file (-o FILE)\n")
            return 2
        stdout.write(body.decode("utf-8"))
        return 0
    Path(options["output"]).write_bytes(body)
    sessions = sum(len(g.rows) for g in report.table2)
    stdout.write(f"{options['output']}: {sessions} sessions, {len(body)} bytes\n")
    return 0

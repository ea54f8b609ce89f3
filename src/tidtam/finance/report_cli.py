"""tidtam report budget-status: write a programme's budget-status report (seed 003) to a file.

    tidtam report budget-status --programme CODI-N-2564-LEADERS --as-of 2021-04-19 \
        [--region north] --format html|xlsx|pdf|json -o FILE
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.utils import translation

from tidtam.areas.models import Region
from tidtam.finance import report_formats
from tidtam.finance.selectors import budget_status
from tidtam.projects.models import Programme

HELP = "A programme's budget status (frames, approvals, tranches, disbursement) as of a date."
FORMATS = ("html", "xlsx", "pdf", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``tidtam report budget-status``."""
    parser.add_argument("--programme", required=True, help="programme code")
    parser.add_argument(
        "--as-of", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD (CE)"
    )
    parser.add_argument(
        "--region", default=None, help="region code in the default grouping (e.g. north)"
    )
    parser.add_argument("--format", choices=FORMATS, default="html")
    parser.add_argument(
        "-o", "--output", required=True, help="file to write ('-' for stdout, text formats only)"
    )
    parser.add_argument("--language", default="th", help="language of the labels (th or en)")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Write the report; return 0, or 2 when the programme or region does not exist."""
    programme = Programme.objects.select_related("owner").filter(code=options["programme"]).first()
    if programme is None:
        stdout.write(f"budget-status: no programme with code {options['programme']!r}\n")
        return 2
    region = None
    if options.get("region"):
        region = Region.objects.filter(grouping__is_default=True, code=options["region"]).first()
        if region is None:
            stdout.write(
                f"budget-status: no region {options['region']!r} in the default grouping\n"
            )
            return 2
    fmt = options["format"]
    with translation.override(options.get("language") or "th"):
        report = budget_status(programme, region=region, as_of=options["as_of"])
        body = report_formats.render(report, fmt)
    if options["output"] == "-":
        if fmt in ("xlsx", "pdf"):
            stdout.write("budget-status: write xlsx and pdf to a file (-o FILE)\n")
            return 2
        stdout.write(body.decode("utf-8"))
        return 0
    Path(options["output"]).write_bytes(body)
    stdout.write(f"{options['output']}: {len(report.rows)} projects, {len(body)} bytes\n")
    return 0

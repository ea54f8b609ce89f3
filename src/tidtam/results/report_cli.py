"""``tidtam report kpi --fiscal-year BE --quarter N --format html|xlsx|docx|json -o FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from django.utils import translation

from tidtam.areas.models import Region
from tidtam.results import formats
from tidtam.results.selectors import kpi_report

HELP = "Write the quarterly KPI report of the whole country (or one region)."
FORMATS = ("html", "xlsx", "docx", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fiscal-year", type=int, required=True, help="Buddhist-Era fiscal year, e.g. 2568"
    )
    parser.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
    parser.add_argument("--format", choices=FORMATS, default="html")
    parser.add_argument("--region", help="region code of the default grouping (e.g. north)")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write ('-' = stdout)"
    )


def render(report: Any, fmt: str, *, compact: bool = False) -> bytes:
    """Return the report in format ``fmt`` as bytes (``compact`` JSON for the web)."""
    if fmt == "json":
        return formats.to_json(report, compact=compact).encode("utf-8")
    if fmt == "xlsx":
        return formats.to_xlsx(report)
    if fmt == "docx":
        return formats.to_docx(report)
    return formats.to_html(report).encode("utf-8")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    """Compute the report once for the whole country and write it in the asked format."""
    region_id = None
    if options.get("region"):
        region = Region.objects.filter(grouping__is_default=True, code=options["region"]).first()
        if region is None:
            stdout.write(f"no region {options['region']!r} in the default grouping\n")
            return 2
        region_id = region.pk
    with translation.override("th"):
        report = kpi_report(None, options["fiscal_year"], options["quarter"], region_id=region_id)
        data = render(report, options["format"])
    output: Path = options["output"]
    if str(output) == "-":
        stdout.write(data.decode("utf-8") if options["format"] in ("json", "html") else "")
        return 0
    output.write_bytes(data)
    stdout.write(f"{output}: {len(report.rows)} indicator(s), {len(data):,} bytes\n")
    return 0

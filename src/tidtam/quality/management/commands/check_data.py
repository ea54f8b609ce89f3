"""tidtam check-data [--programme CODE] [--project CODE] [--as-of DATE] [--format text|json]

Runs every data-quality check over Tidtam's data (all of it: the command line is trusted) and
prints each finding in Thai. Exit status: 0 when there is no finding, 3 when there are
findings, 2 on bad arguments (an unknown code, an unreadable date).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from tidtam.quality.formats import format_text
from tidtam.quality.selectors import UnknownCode, quality_report
from tidtam.thai import DateParseError, parse_date


class Command(BaseCommand):
    help = "Check Tidtam's data for counts, dates, amounts and names that contradict each other."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", default="", help="only this programme (code)")
        parser.add_argument("--project", default="", help="only this project (code)")
        parser.add_argument(
            "--as-of", default="", help="the date to check against (BE or CE; default today)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("th"):
            as_of = None
            if options["as_of"]:
                try:
                    as_of = parse_date(options["as_of"]).start
                except DateParseError as exc:
                    self.stderr.write(f"อ่านวันที่ไม่ได้: {exc}")
                    sys.exit(2)
                if as_of is None:
                    self.stderr.write(f"อ่านวันที่ไม่ได้: {options['as_of']}")
                    sys.exit(2)
            try:
                report = quality_report(
                    None,
                    programme_code=options["programme"],
                    project_code=options["project"],
                    as_of=as_of,
                )
            except UnknownCode as exc:
                what = "แผนงานหลัก" if exc.what == "programme" else "โครงการ"
                self.stderr.write(f"ไม่พบ{what}รหัส {exc.code}")
                sys.exit(2)
            if options["format"] == "json":
                self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(format_text(report))
        sys.exit(3 if report.findings else 0)

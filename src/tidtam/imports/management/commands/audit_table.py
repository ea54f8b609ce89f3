"""tidtam audit-table FILE [--format text|json]: check a legacy table's totals and percentages.

Exit status: 0 when there is no finding, 3 when there are findings, 2 when the file cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tidtam.imports.table_audit import TableReadError, audit_file, format_text


class Command(BaseCommand):
    help = "Check the totals, percentages and cell types of one table (CSV, TSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = audit_file(options["file"])
        except TableReadError as exc:
            self.stderr.write(f"อ่านตารางไม่ได้: {exc}")
            sys.exit(2)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_text(result))
        sys.exit(3 if result.findings else 0)

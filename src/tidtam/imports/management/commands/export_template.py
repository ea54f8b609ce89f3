"""tidtam export-template KIND -o FILE.xlsx: an empty import template with instructions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tidtam.imports.cli_export import write_template
from tidtam.imports.kinds import available_kinds


class Command(BaseCommand):
    help = (
        "Write the Thai import template of a spreadsheet KIND (instructions, drop-downs, BE dates)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=available_kinds(), metavar="KIND")
        parser.add_argument("-o", "--output", required=True, help="FILE.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            write_template(options["kind"], options["output"])
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ไม่ได้: {exc}") from exc
        self.stdout.write(f"{options['kind']} -> {options['output']}\n")

"""``tidtam bench-run [--rounds N] [--quick] [--json FILE]``: the benchmark suite."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tidtam.bench.markdown import to_markdown
from tidtam.bench.measure import profile, run_suite


class Command(BaseCommand):
    help = "Measure reports, pages, imports, the sessions export and the dashboard under load."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=10, help="timed rounds after a warm-up")
        parser.add_argument(
            "--quick", action="store_true", help="short load test (10 s), fewer records"
        )
        parser.add_argument("--json", help="write the results document to this file")
        parser.add_argument("--markdown", help="write the results table to this file")
        parser.add_argument(
            "--load-seconds", type=float, help="length of the load test (0 = no load test)"
        )
        parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
        parser.add_argument("--import-records", type=int, help="records per activity-log import")
        parser.add_argument(
            "--import-sessions", type=int, help="sessions in the XLSX import (100,000)"
        )
        parser.add_argument(
            "--export-rounds", type=int, help="rounds of the full sessions export (at most 3)"
        )
        parser.add_argument(
            "--only", action="append", help="run only this case or group (repeatable)"
        )
        parser.add_argument("--profile", metavar="CASE", help="profile one case with cProfile")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["profile"]:
            try:
                profile(options["profile"], self.stdout)
            except (KeyError, RuntimeError) as exc:
                raise CommandError(str(exc)) from exc
            return
        if settings.DEBUG:
            self.stderr.write(
                "Django DEBUG is on (TIDTAM_DEBUG): every query is also logged, so the numbers "
                "are slower than in production; scripts/bench.sh turns it off."
            )
        try:
            doc = run_suite(
                rounds=max(1, options["rounds"]),
                quick=options["quick"],
                load_seconds=options["load_seconds"],
                clients=options["clients"],
                import_records=options["import_records"],
                import_sessions=options["import_sessions"],
                export_rounds=options["export_rounds"],
                only=set(options["only"]) if options["only"] else None,
                out=self.stdout,
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        table = to_markdown(doc)
        self.stdout.write("\n" + table)
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
        if options["markdown"]:
            with open(options["markdown"], "w", encoding="utf-8") as fh:
                fh.write(table)

"""``tidtam bench-data --scale tiny|small|national [--seed N]``: the benchmark dataset."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tidtam.bench.dataset import SCALES, generate, marker, present_marker


class Command(BaseCommand):
    help = "Generate the synthetic national dataset of the benchmarks (bulk, deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--check",
            action="store_true",
            help="only say whether this scale and seed are already generated (exit 0) or not (exit 3)",
        )
        parser.add_argument("--json", help="write per-table counts and seconds to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = marker(options["scale"], options["seed"])
        if options["check"]:
            present = present_marker()
            self.stdout.write(present or "no benchmark dataset")
            if present != wanted:
                raise SystemExit(3)
            return
        try:
            summary = generate(options["scale"], options["seed"], self.stdout)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as fh:
                json.dump(summary, fh, indent=2)

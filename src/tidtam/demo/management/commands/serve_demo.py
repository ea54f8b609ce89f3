"""tidtam serve-demo: serve the demo on one address with a background-task worker beside it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run the development server and a task worker (for the demo; use gunicorn in production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tidtam", "db_worker", "--queue-name", "*"]
        )
        try:
            call_command("runserver", f"{options['addr']}:{options['port']}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

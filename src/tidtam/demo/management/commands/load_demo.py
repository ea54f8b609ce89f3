"""tidtam load-demo: load the demo data built from the seeds (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tidtam.demo.steps import run_steps


class Command(BaseCommand):
    help = "Load the demo data built from the seeds; running it twice duplicates nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            logins = run_steps()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        width = max((len(login.username) for login in logins), default=8)
        for login in logins:
            scope = f"  [{login.scope}]" if login.scope else ""
            self.stdout.write(
                f"  {login.username.ljust(width)}  {login.password}  {login.role}{scope}"
            )

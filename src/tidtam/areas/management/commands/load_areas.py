"""``tidtam load-areas``: load or refresh Thailand's areas and the shipped region groupings."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tidtam.areas.loading import load_areas


class Command(BaseCommand):
    help = (
        "Load the 77 provinces, 928 districts and 7,436 subdistricts of GeoThai, the abolished "
        "codes and the region groupings. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        counts = load_areas()
        for table, c in counts.items():
            self.stdout.write(
                f"{table}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            )
        changed = sum(c.changed for c in counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Areas loaded in {time.monotonic() - started:.1f} s"
                + ("" if changed else " (nothing changed)")
            )
        )

"""Import N sessions from an XLSX file through ``tidtam import sessions``'s own path.

Run as a child process so that its peak RSS is its own::

    python -m tidtam.bench.import_sessions write FILE.xlsx N   # the file (not timed)
    python -m tidtam.bench.import_sessions import FILE.xlsx    # the import (timed)

``write`` spreads N new sessions over the dataset's projects (each row names its project code,
one of the project's activity numbers, a title that makes it new, a BE date in the project's
period, and participant counts), in the "sessions" kind's template shape. ``import`` runs
``tidtam.imports.engine.run_import`` for that kind as a dry run: every row is read, typed,
looked up, checked and written (sessions, counts and their history rows, in bulk), then the
transaction is rolled back so the dataset stays as generated. It prints one JSON line: rows,
seconds, created, refused, RSS after setup, peak RSS (MB).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from typing import Any

from tidtam.bench.export_sessions import peak_rss_mb, rss_mb


def write(path: str, n: int) -> dict[str, Any]:
    from tidtam.imports.kinds import get_kind
    from tidtam.imports.workbook import cells_of, write_workbook
    from tidtam.projects.models import Activity, Project

    projects = list(
        Project.objects.filter(code__startswith="BENCH-")
        .order_by("pk")
        .values_list("pk", "code", "start_date")
    ) or list(Project.objects.order_by("pk").values_list("pk", "code", "start_date"))
    activities: dict[int, list[str]] = {}
    for project_id, number in Activity.objects.filter(
        plan__project_id__in=[p[0] for p in projects]
    ).values_list("plan__project_id", "number"):
        activities.setdefault(project_id, []).append(number)
    projects = [p for p in projects if activities.get(p[0])]

    def rows() -> Any:
        for i in range(n):
            project_id, code, start = projects[i % len(projects)]
            numbers = activities[project_id]
            total = 10 + i % 40
            women = total // 2
            yield {
                "project": code,
                "activity": numbers[i % len(numbers)],
                "title": f"ประชุมติดตามงาน รอบนำเข้า {i + 1}",
                "start_date": (start or dt.date(2023, 10, 1)) + dt.timedelta(days=i % 200),
                "place": "ศาลาประชาคมหมู่บ้าน",
                "results": "ที่ประชุมรับทราบความก้าวหน้า\nมอบหมายงานครั้งต่อไป",
                "total": total,
                "men": total - women,
                "women": women,
                "community_leaders": 3,
                "civil_society_people": total - 3,
            }

    kind = get_kind("sessions")
    sheet = kind.sheets[0]
    write_workbook(kind, path, rows={sheet.name: cells_of(sheet.columns, rows())})
    return {"rows": n, "bytes": os.path.getsize(path)}


def run(path: str) -> dict[str, Any]:
    from tidtam.imports.engine import run_import
    from tidtam.imports.kinds import get_kind

    kind = get_kind("sessions")
    base = rss_mb()
    t0 = time.perf_counter()
    outcome = run_import(kind, path, dry_run=True, reason="bench: XLSX import of sessions")
    seconds = time.perf_counter() - t0
    total = outcome.total
    return {
        "rows": total.rows,
        "seconds": seconds,
        "created": total.created,
        "refused": total.refused,
        "problems": [p.text() for p in outcome.problems[:3]] + [outcome.unreadable],
        "rss_start_mb": round(base, 1),
        "rss_peak_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
    import django

    django.setup()
    verb, path = sys.argv[1], sys.argv[2]
    result = write(path, int(sys.argv[3])) if verb == "write" else run(path)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

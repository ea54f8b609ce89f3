"""Stream every session to an XLSX file (XlsxWriter ``constant_memory``): the export probe.

Run as a child process (``python -m tidtam.bench.export_sessions OUT.xlsx``) so that its peak
RSS is its own; prints one JSON line: rows, seconds, RSS after setup and peak RSS (MB), and the
RSS sampled every 10,000 rows (flat memory shows as a flat list).

Tidtam has no sessions export of its own yet; this is the reference implementation the
benchmark measures (one query, a server-side cursor on PostgreSQL, rows written as read).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

HEADERS = [
    "session_id",
    "project_code",
    "activity_number",
    "activity_title",
    "start_date",
    "end_date",
    "subdistrict",
    "status",
    "participants_total",
    "men",
    "women",
]


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Return the current resident set size of this process in MB (Linux /proc)."""
    return _status_mb("VmRSS") or 0.0


def peak_rss_mb() -> float:
    """Return this process's peak RSS in MB.

    VmHWM, not ``getrusage``: ``ru_maxrss`` survives ``exec`` and would report the size of the
    parent that forked us (the whole benchmark process).
    """
    hwm = _status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def session_rows() -> Any:
    """Yield the export's rows, one query, streamed (chunks of 5,000)."""
    from django.db.models import FilteredRelation, Q

    from tidtam.projects.models import CountSource, Session

    return (
        Session.objects.annotate(
            entry=FilteredRelation("counts", condition=Q(counts__source=CountSource.ENTRY))
        )
        .order_by("pk")
        .values_list(
            "pk",
            "project__code",
            "activity__number",
            "activity__title",
            "start_date",
            "end_date",
            "subdistrict_id",
            "status",
            "entry__total",
            "entry__men",
            "entry__women",
        )
        .iterator(chunk_size=5000)
    )


def export(path: str) -> dict[str, Any]:
    import xlsxwriter

    base = rss_mb()
    samples: list[float] = []
    t0 = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": os.path.dirname(path)})
    sheet = book.add_worksheet("sessions")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    n = 0
    for n, row in enumerate(session_rows(), start=1):
        sheet.write_number(n, 0, row[0])
        sheet.write_string(n, 1, row[1])
        sheet.write_string(n, 2, row[2] or "")
        sheet.write_string(n, 3, row[3] or "")
        sheet.write_datetime(n, 4, row[4], date_fmt)
        if row[5] is not None:
            sheet.write_datetime(n, 5, row[5], date_fmt)
        sheet.write_string(n, 6, row[6] or "")
        sheet.write_string(n, 7, row[7])
        for col, value in enumerate(row[8:], start=8):
            if value is not None:
                sheet.write_number(n, col, value)
        if n % 10_000 == 0:
            samples.append(round(rss_mb(), 1))
    book.close()
    seconds = time.perf_counter() - t0
    return {
        "rows": n,
        "seconds": seconds,
        "rss_start_mb": round(base, 1),
        "rss_peak_mb": round(peak_rss_mb(), 1),
        "rss_samples_mb": samples,
        "bytes": os.path.getsize(path),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
    import django

    django.setup()
    sys.stdout.write(json.dumps(export(sys.argv[1])) + "\n")


if __name__ == "__main__":
    main()

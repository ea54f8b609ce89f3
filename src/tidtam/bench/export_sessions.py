"""Stream every session to an XLSX file (XlsxWriter ``constant_memory``): the export probe.

Run as a child process (``python -m tidtam.bench.export_sessions OUT.xlsx``) so that its peak
RSS is its own; prints one JSON line: rows, seconds, RSS after setup and peak RSS (MB), and the
RSS sampled every 100,000 rows (flat memory shows as a flat list).

It measures Tidtam's own export (``tidtam export sessions``: every column of the import
template, BE dates, the preferred set of participant counts).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any


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


def export(path: str) -> dict[str, Any]:
    """Write every session with ``tidtam export sessions``'s own path (the "sessions" kind:
    one streamed query, counts per 5,000 sessions, XlsxWriter in constant_memory mode, or CSV
    when ``path`` ends with .csv)."""
    from tidtam.imports.engine import export_rows
    from tidtam.imports.kinds import get_kind
    from tidtam.imports.workbook import write_csv, write_workbook

    kind = get_kind("sessions")
    base = rss_mb()
    samples: list[float] = []
    count = 0

    def sampled(rows: Any) -> Any:
        nonlocal count
        for count, values in enumerate(rows, start=1):
            if count % 100_000 == 0:
                samples.append(round(rss_mb(), 1))
            yield values

    t0 = time.perf_counter()
    rows = {name: sampled(it) for name, it in export_rows(kind, None, {}).items()}
    if path.endswith(".csv"):  # ``tidtam export sessions -o FILE.csv``
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            write_csv(kind.sheets[0], fh, rows[kind.sheets[0].name])
    else:
        write_workbook(kind, path, rows)
    seconds = time.perf_counter() - t0
    return {
        "rows": count,
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

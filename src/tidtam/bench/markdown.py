"""Write a results document (``bench-run --json``) as Markdown, and put it between the markers
``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` of docs/benchmarks.md.

``python -m tidtam.bench.markdown RESULTS.json DOCS.md NAME`` (no Django needed).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any


def _num(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value >= 100:
        text = f"{value:,.0f}"
    elif isinstance(value, float):
        text = f"{value:,.1f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def _met(value: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[value]


def to_markdown(doc: dict[str, Any]) -> str:
    """Return the machine line and the results table of one run."""
    m = doc["machine"]
    lines = [
        f"Run of {m['date_utc']} on {m['database']} {m['database_version']}, dataset "
        f"`{doc['dataset']}`, {doc['rounds']} rounds{' (quick)' if doc.get('quick') else ''}; "
        f"{m['nproc']} CPUs ({m['cpu'] or 'unknown CPU'}), {m['memory_gb']} GB RAM, load average "
        f"at start {' / '.join(str(x) for x in m['load_average'])}; Python {m['python']}, "
        f"Django {m['django']}"
        + {True: ", DEBUG on.", False: ", DEBUG off."}.get(m.get("debug"), "."),
        "",
        "| measurement | median | p95 | min | target | met | bare SQL (median) | ratio (≤ 3) |",
        "|---|---:|---:|---:|---|---|---:|---:|",
    ]
    for r in doc["measurements"]:
        unit = r["unit"]
        if r["status"] != "ok":
            lines.append(f"| {r['label']} | {r['status']} | | | {r['target']} | | | |")
            continue
        extra = r.get("extra") or {}
        label = r["label"]
        if r["key"] == "dashboard.load":
            label += (
                f" — {extra.get('requests', 0):,} requests, {extra.get('rps', 0)} req/s, "
                f"p99 {_num(extra.get('p99_ms'), 'ms')}, errors {extra.get('errors', 0)}"
            )
        if r["key"] in ("sessions.xlsx_export", "sessions.csv_export"):
            label += (
                f" — {extra.get('rows', 0):,} rows in {_num(extra.get('median_ms'), 'ms')}, "
                f"RSS {extra.get('rss_start_mb')} → peak {extra.get('rss_peak_mb')} MB"
            )
        if r["key"] == "sessions.xlsx_import":
            label += (
                f" — {extra.get('rows_per_s', 0):,} rows/s, "
                f"RSS {extra.get('rss_start_mb')} → peak {extra.get('rss_peak_mb')} MB"
            )
        ratio = r["ratio"]
        ratio_text = "" if ratio is None else (f"{ratio:.1f}" if ratio <= 3 else f"**{ratio:.1f}**")
        lines.append(
            f"| {label} | {_num(r['median'], unit)} | {_num(r['p95'], unit if r['p95'] else '')} "
            f"| {_num(r['min'], unit)} | {r['target']} | {_met(r['target_met'])} "
            f"| {_num(r['sql_median'], 'ms' if r['sql_median'] is not None else '')} | {ratio_text} |"
        )
    return "\n".join(lines) + "\n"


def replace_between(text: str, name: str, body: str) -> str:
    """Return ``text`` with what is between the markers of ``name`` replaced by ``body``."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    block = f"{start}\n{body}{end}"
    if pattern.search(text):
        return pattern.sub(lambda _m: block, text)
    return text.rstrip("\n") + f"\n\n{block}\n"


def main(argv: list[str] | None = None) -> None:
    results, docs, name = (argv if argv is not None else sys.argv[1:])[:3]
    doc = json.loads(Path(results).read_text(encoding="utf-8"))
    path = Path(docs)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(replace_between(text, name, to_markdown(doc)), encoding="utf-8")


if __name__ == "__main__":
    main()

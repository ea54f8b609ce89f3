"""Smoke run of the benchmarks: the tiny dataset and one quick round of every measurement.

No timing is asserted: only that the generator and the harness work and that every measurement
produced a number or says "not built". Runs the real commands in a child process on a SQLite
file of its own (the export probe and gunicorn are child processes and need a file database).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tidtam.bench.markdown import replace_between, to_markdown
from tidtam.bench.stats import median, percentile


def _tidtam(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "tidtam", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _chromium_available() -> bool:
    path = os.environ.get("TIDTAM_CHROMIUM") or "/usr/bin/chromium"
    return Path(path).exists()


def test_stats_nearest_rank():
    values = sorted([5.0, 1.0, 3.0, 2.0, 4.0])
    assert median(values) == 3.0
    assert median([1.0, 2.0]) == 1.5
    assert percentile(values, 95) == 5.0
    assert percentile(values, 50) == 3.0
    assert percentile([], 95) is None


def test_replace_between_markers_keeps_the_rest():
    text = "# B\n\n<!-- bench:sqlite -->\nold\n<!-- /bench:sqlite -->\nafter\n"
    new = replace_between(text, "sqlite", "new\n")
    assert new == "# B\n\n<!-- bench:sqlite -->\nnew\n<!-- /bench:sqlite -->\nafter\n"
    assert "<!-- bench:postgres -->\nx\n<!-- /bench:postgres -->" in replace_between(
        text, "postgres", "x\n"
    )


def test_bench_data_and_quick_run(tmp_path):
    env = dict(
        os.environ,
        TIDTAM_DATA_DIR=str(tmp_path),
        TIDTAM_DATABASE_URL=f"sqlite:///{tmp_path}/bench.sqlite3",
        PYTHAINLP_READ_ONLY="1",
        DJANGO_SETTINGS_MODULE="tidtam.settings",
    )
    env.pop("TIDTAM_TEST_DB_NAME", None)
    for args in (["migrate", "--no-input"], ["bench-data", "--scale", "tiny", "--seed", "7"]):
        done = _tidtam(args, env)
        assert done.returncode == 0, done.stderr[-2000:]
    assert "bench-data tiny seed=7: done" in done.stdout

    check = _tidtam(["bench-data", "--check", "--scale", "tiny", "--seed", "7"], env)
    assert check.returncode == 0
    again = _tidtam(["bench-data", "--scale", "tiny", "--seed", "7"], env)
    assert again.returncode != 0  # refuses to write a second dataset on top of the first

    out = tmp_path / "results.json"
    run = _tidtam(
        [
            "bench-run",
            "--quick",
            "--rounds",
            "1",
            "--load-seconds",
            "2",
            "--clients",
            "2",
            "--import-records",
            "20",
            "--json",
            str(out),
        ],
        env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["dataset"] == "bench-data scale=tiny seed=7"
    by_key = {m["key"]: m for m in doc["measurements"]}
    expected = {
        "sql.budget_status",
        "budget_status.selector",
        "budget_status.html",
        "budget_status.xlsx",
        "sql.kpi",
        "kpi.html",
        "kpi.json",
        "dashboard.html",
        "sql.project",
        "project_page.html",
        "progress.docx",
        "progress.pdf",
        "activity_log.import",
        "sessions.xlsx_import",
        "sql.export",
        "sessions.xlsx_export",
        "sessions.csv_export",
        "dashboard.load",
    }
    assert expected <= set(by_key)
    for key, m in by_key.items():
        if key == "progress.pdf" and not _chromium_available():
            continue
        if m["status"].startswith("not built"):
            continue
        assert m["status"] == "ok", (key, m["status"])
        assert isinstance(m["median"], int | float), key
    for key in ("budget_status.html", "kpi.html", "project_page.html"):
        assert by_key[key]["ratio"] is not None
    assert by_key["sessions.xlsx_export"]["extra"]["rows"] > 0
    assert (
        by_key["sessions.csv_export"]["extra"]["rows"]
        == by_key["sessions.xlsx_export"]["extra"]["rows"]
    )
    assert by_key["sessions.xlsx_import"]["extra"]["rows"] == 5_000
    assert by_key["dashboard.load"]["extra"]["errors"] == 0
    assert "| measurement |" in to_markdown(doc)


@pytest.mark.parametrize("scale", ["tiny", "small", "national"])
def test_scales_hold_the_issue_figures(scale):
    from tidtam.bench.dataset import SCALES

    s = SCALES[scale]
    factor = {"tiny": 1000, "small": 100, "national": 1}[scale]
    assert s.projects * factor == 50_000
    assert s.projects * s.activities_per_project * factor == 500_000
    assert s.projects * s.activities_per_project * s.sessions_per_activity * factor == 2_000_000
    assert s.hot_projects * factor >= 2_000 or scale == "tiny"

"""The benchmark harness of ``tidtam bench-run``: time each report, its bare SQL, and the ratio.

Each measurement runs once to warm up, then ``rounds`` times, timed with
``time.perf_counter_ns``; we report the median, p95 (nearest rank) and minimum in ms. Pages go
through the Django test client as the bench superuser (the whole view: access, selector,
template), reports through their generator and formatter. For every report the *bare SQL* is the
aggregate the report needs, written by hand and run with ``connection.cursor()`` in the same
run; ``ratio`` = report median / bare-SQL median (target ≤ 3).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from tidtam.bench import dataset
from tidtam.bench.stats import median, percentile

NOT_BUILT = "not built"


@dataclass
class Measurement:
    """One line of the results table."""

    key: str
    label: str
    status: str = "ok"  # ok | not built | error: ...
    unit: str = "ms"
    median: float | None = None
    p95: float | None = None
    min: float | None = None
    rounds: int = 0
    target: str = ""
    target_met: bool | None = None
    sql_key: str | None = None
    sql_median: float | None = None
    ratio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What the measurements run against (found in the generated dataset)."""

    user: Any
    client: Any
    programme: Any
    region: Any
    as_of: dt.date
    project: Any
    fiscal_year: int = dataset.HOT_FISCAL_YEAR
    quarter: int = 4
    shape: str = ""  # "50 activities, 500 sessions"


# ----------------------------------------------------------------------------------------------
# Timing


def time_ms(fn: Callable[[], Any], rounds: int, warmup: int = 1) -> list[float]:
    """Call ``fn`` ``warmup`` times untimed, then ``rounds`` times; return sorted times in ms."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t0) / 1e6)
    samples.sort()
    return samples


def _fill(m: Measurement, samples: list[float]) -> Measurement:
    m.median, m.p95, m.min, m.rounds = (
        median(samples),
        percentile(samples, 95),
        samples[0],
        len(samples),
    )
    return m


# ----------------------------------------------------------------------------------------------
# The bare SQL of each report


BUDGET_STATUS_SQL = """
SELECT p.id, p.code, p.title, p.level, p.province_id, a.approved_budget, a.approval_date,
       SUM(tr.amount) AS disbursed,
       SUM(CASE WHEN tc.number = 1 THEN tr.amount END) AS tranche_1,
       MAX(CASE WHEN tc.number = 1 THEN tr.date END) AS tranche_1_date
FROM finance_projectapproval a
JOIN projects_project p ON p.id = a.project_id
LEFT JOIN finance_transfer tr ON tr.project_id = p.id AND tr.date <= %s
LEFT JOIN finance_tranche tc ON tc.id = tr.tranche_id
WHERE p.programme_id = %s AND a.approval_date <= %s
  AND (p.province_id IN (SELECT province_id FROM areas_regionprovince WHERE region_id = %s)
       OR p.province_id IS NULL)
GROUP BY p.id, p.code, p.title, p.level, p.province_id, a.approved_budget, a.approval_date
ORDER BY p.level, a.approval_date, p.code
"""

KPI_SQL = (
    "SELECT id, code, name, kind FROM results_indicator WHERE is_active ORDER BY sort_key, code",
    """SELECT indicator_id, region_id, quarter, SUM(value) FROM results_target
       WHERE fiscal_year = %s AND province_id IS NULL GROUP BY indicator_id, region_id, quarter""",
    """SELECT indicator_id, region_id, quarter, SUM(value) FROM results_result
       WHERE fiscal_year = %s AND status = 'approved' AND quarter <= %s AND province_id IS NULL
       GROUP BY indicator_id, region_id, quarter""",
)

PROJECT_SQL = (
    """SELECT a.id, a.number, a.title, COUNT(s.id), SUM(pc.total), MIN(s.start_date),
              MAX(s.start_date)
       FROM projects_activity a JOIN projects_workplan w ON w.id = a.plan_id
       LEFT JOIN projects_session s ON s.activity_id = a.id
       LEFT JOIN projects_participantcount pc ON pc.session_id = s.id AND pc.source = 'entry'
       WHERE w.project_id = %s GROUP BY a.id, a.number, a.title""",
    """SELECT am.activity_id, am.year, am.month FROM projects_activitymonth am
       JOIN projects_activity a ON a.id = am.activity_id
       JOIN projects_workplan w ON w.id = a.plan_id WHERE w.project_id = %s""",
    """SELECT s.id, s.start_date, s.activity_id, s.place, s.results, s.problems,
              pc.total, pc.men, pc.women, pc.project_team, pc.community_leaders
       FROM projects_session s
       LEFT JOIN projects_participantcount pc ON pc.session_id = s.id AND pc.source = 'entry'
       WHERE s.project_id = %s ORDER BY s.start_date, s.id""",
)

EXPORT_SQL = """
SELECT s.id, p.code, a.number, a.title, s.start_date, s.end_date, s.subdistrict_id, s.status,
       pc.total, pc.men, pc.women
FROM projects_session s
JOIN projects_project p ON p.id = s.project_id
LEFT JOIN projects_activity a ON a.id = s.activity_id
LEFT JOIN projects_participantcount pc ON pc.session_id = s.id AND pc.source = 'entry'
ORDER BY s.id
"""


def _run_sql(statements: tuple[tuple[str, list[Any]], ...]) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def sql_budget_status(ctx: Context) -> int:
    return _run_sql(((BUDGET_STATUS_SQL, [ctx.as_of, ctx.programme.pk, ctx.as_of, ctx.region.pk]),))


def sql_kpi(ctx: Context) -> int:
    return _run_sql(
        (
            (KPI_SQL[0], []),
            (KPI_SQL[1], [ctx.fiscal_year]),
            (KPI_SQL[2], [ctx.fiscal_year, ctx.quarter]),
        )
    )


def sql_project(ctx: Context) -> int:
    return _run_sql(tuple((sql, [ctx.project.pk]) for sql in PROJECT_SQL))


def sql_export() -> int:
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(EXPORT_SQL)
        while True:
            chunk = cursor.fetchmany(5000)
            if not chunk:
                return rows
            rows += len(chunk)


# ----------------------------------------------------------------------------------------------
# The context


def load_context() -> Context:
    from django.test import Client

    from tidtam.accounts.models import User
    from tidtam.areas.models import Region
    from tidtam.projects.models import Activity, Programme, Project, Session

    if dataset.present_marker() is None:
        raise RuntimeError("no benchmark dataset here: run `tidtam bench-data` first")
    user = User.objects.filter(username=dataset.ADMIN_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(dataset.ADMIN_USERNAME, "", dataset.ADMIN_PASSWORD)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    region = Region.objects.filter(grouping__is_default=True).order_by("order", "code").first()
    project = Project.objects.get(code=dataset.BENCH_PROJECT)
    activities = Activity.objects.filter(plan__project=project).count()
    sessions = Session.objects.filter(project=project).count()
    return Context(
        shape=f"{activities:,} activities, {sessions:,} sessions",
        user=user,
        client=client,
        programme=Programme.objects.get(code=dataset.HOT_PROGRAMME),
        region=region,
        as_of=dataset.fiscal_year_end(dataset.HOT_FISCAL_YEAR),
        project=project,
    )


def _get(ctx: Context, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = ctx.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
        return response.content

    return call


def budget_status_url(ctx: Context, fmt: str = "") -> str:
    query = f"as_of={ctx.as_of.isoformat()}&region={ctx.region.code}"
    return f"/finance/programmes/{ctx.programme.code}/budget-status/?{query}" + (
        f"&format={fmt}" if fmt else ""
    )


def kpi_url(ctx: Context, fmt: str = "") -> str:
    return f"/results/kpi/?fiscal_year={ctx.fiscal_year}&quarter={ctx.quarter}" + (
        f"&format={fmt}" if fmt else ""
    )


def dashboard_path() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("results:dashboard")
    except NoReverseMatch:
        return "/"


# ----------------------------------------------------------------------------------------------
# The suite


def timed_cases(ctx: Context) -> list[tuple[str, str, Callable[[], Any], str, Any, str | None]]:
    """Return (key, label, call, target text, target check on the median, sql key) per case."""
    from tidtam.finance import selectors as finance_selectors

    def selector() -> Any:
        return finance_selectors.budget_status(ctx.programme, region=ctx.region, as_of=ctx.as_of)

    cases: list[tuple[str, str, Callable[[], Any], str, Any, str | None]] = [
        (
            "sql.budget_status",
            "bare SQL: budget-status aggregate",
            lambda: sql_budget_status(ctx),
            "",
            None,
            None,
        ),
        (
            "budget_status.selector",
            "budget-status selector (one region, FY)",
            selector,
            "",
            None,
            "sql.budget_status",
        ),
        (
            "budget_status.html",
            "budget-status report, one region, HTML",
            _get(ctx, budget_status_url(ctx)),
            "≤ 300 ms",
            300,
            "sql.budget_status",
        ),
        (
            "budget_status.xlsx",
            "budget-status report, one region, XLSX",
            _get(ctx, budget_status_url(ctx, "xlsx")),
            "≤ 2,000 ms",
            2000,
            "sql.budget_status",
        ),
        ("sql.kpi", "bare SQL: KPI targets and results", lambda: sql_kpi(ctx), "", None, None),
        (
            "kpi.html",
            "national KPI report, HTML",
            _get(ctx, kpi_url(ctx)),
            "≤ 500 ms",
            500,
            "sql.kpi",
        ),
        (
            "kpi.json",
            "national KPI report, JSON",
            _get(ctx, kpi_url(ctx, "json")),
            "",
            None,
            "sql.kpi",
        ),
        (
            "dashboard.html",
            "dashboard page (one client)",
            _get(ctx, dashboard_path()),
            "",
            None,
            "sql.kpi",
        ),
        (
            "sql.project",
            "bare SQL: project page aggregates and rows",
            lambda: sql_project(ctx),
            "",
            None,
            None,
        ),
        (
            "project_page.html",
            f"project page ({ctx.shape})",
            _get(ctx, f"/projects/{ctx.project.code}/"),
            "≤ 300 ms",
            300,
            "sql.project",
        ),
    ]
    return cases


def progress_cases(ctx: Context) -> list[tuple[str, str, Callable[[], Any] | None, str, Any]]:
    if find_spec("tidtam.reports.progress") is None:
        return [
            ("progress.docx", "progress report DOCX", None, "≤ 2,000 ms", 2000),
            ("progress.pdf", "progress report PDF", None, "≤ 5,000 ms", 5000),
        ]
    from tidtam.reports.progress import progress_report
    from tidtam.reports.progress_formats import render

    start, end = ctx.project.start_date, ctx.project.end_date

    def build(fmt: str) -> Callable[[], Any]:
        return lambda: render(progress_report(ctx.user, ctx.project, start, end), fmt)

    return [
        ("progress.docx", f"progress report DOCX ({ctx.shape})", build("docx"), "≤ 2,000 ms", 2000),
        ("progress.pdf", f"progress report PDF ({ctx.shape})", build("pdf"), "≤ 5,000 ms", 5000),
    ]


def measure_activity_log_import(ctx: Context, records: int, rounds: int) -> Measurement:
    from tidtam.projects.activity_log import ActivityLogRecord, export, import_log

    m = Measurement(
        "activity_log.import",
        f"activity-log import ({records:,} records, seed-004 format)",
        unit="records/s",
        target="≥ 2,000 records/s",
    )
    base = ctx.project.start_date

    def data(round_no: int) -> bytes:
        recs = [
            ActivityLogRecord(
                number=i + 1,
                title=f"บันทึกกิจกรรม {round_no}-{i} {dataset.TOPICS[i % len(dataset.TOPICS)]}",
                start=base + dt.timedelta(days=i % 300),
                end=base + dt.timedelta(days=i % 300 + (i % 2)),
                description=f"ประชุมคณะทำงานครั้งที่ {i} ชุมชน{dataset.PLACES[i % len(dataset.PLACES)]}",
                results=dataset.RESULTS[i % len(dataset.RESULTS)],
                problems="",
                problems_as_written="ไม่มี",
            )
            for i in range(records)
        ]
        return export(recs).encode("utf-8")

    samples = []
    for round_no in range(rounds + 1):  # round 0 is the warm-up
        payload = data(round_no)
        with transaction.atomic():
            t0 = time.perf_counter_ns()
            result = import_log(ctx.project, payload, user=None)
            elapsed = (time.perf_counter_ns() - t0) / 1e9
            transaction.set_rollback(True)  # the dataset stays as generated
        if result.created != records:
            raise RuntimeError(f"activity-log import created {result.created} of {records}")
        if round_no:
            samples.append(records / elapsed)
    samples.sort()
    m.median, m.p95, m.min, m.rounds = median(samples), None, round(samples[0], 1), len(samples)
    m.target_met = m.median is not None and m.median >= 2000
    return m


def measure_sessions_import(rows: int, rounds: int) -> Measurement:
    """``tidtam import sessions`` of an XLSX file of ``rows`` new sessions, in a child process
    (``python -m tidtam.bench.import_sessions``) so its peak RSS is its own; seconds per run."""
    m = Measurement(
        "sessions.xlsx_import",
        f"XLSX import of {rows:,} sessions (dry run: written, then rolled back)",
        unit="s",
        target="100,000 sessions ≤ 60 s, ≤ 500 MB",
    )

    def child(*args: str) -> dict[str, Any]:
        proc = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tidtam.bench.import_sessions", *args],
            capture_output=True,
            text=True,
            check=False,
            env=dict(os.environ),
        )
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    runs = []
    with tempfile.TemporaryDirectory(prefix="tidtam-bench-") as tmp:
        path = os.path.join(tmp, "sessions.xlsx")
        child("write", path, str(rows))
        for _ in range(max(1, rounds)):
            result = child("import", path)
            if result["created"] != rows:
                raise RuntimeError(
                    f"sessions import created {result['created']} of {rows}: {result}"
                )
            runs.append(result)
    seconds = sorted(r["seconds"] for r in runs)
    m.median, m.min, m.rounds = round(median(seconds), 2), round(seconds[0], 2), len(runs)
    peak = max(r["rss_peak_mb"] for r in runs)
    m.extra = {
        "rows": rows,
        "rows_per_s": round(rows / median(seconds)),
        "rss_start_mb": runs[0]["rss_start_mb"],
        "rss_peak_mb": peak,
    }
    scale = 100_000 / rows
    m.target_met = median(seconds) * scale <= 60 and peak <= 500
    return m


def _export_child(out: str) -> dict[str, Any]:
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tidtam.bench.export_sessions", out],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _export_measurement(key: str, label: str, runs: list[dict[str, Any]]) -> Measurement:
    m = Measurement(
        key, label, unit="rows/s", target="≥ 20,000 rows/s, peak RSS ≤ 300 MB", sql_key="sql.export"
    )
    rates = sorted(r["rows"] / r["seconds"] for r in runs)
    seconds = sorted(r["seconds"] * 1000 for r in runs)
    m.median, m.min, m.rounds = median(rates), round(rates[0], 1), len(runs)
    peak = max(r["rss_peak_mb"] for r in runs)
    m.extra = {
        "rows": runs[0]["rows"],
        "median_ms": median(seconds),
        "rss_start_mb": runs[0]["rss_start_mb"],
        "rss_peak_mb": peak,
        "rss_samples_mb": runs[0]["rss_samples_mb"],
        "bytes": runs[0]["bytes"],
    }
    m.target_met = bool(m.median and m.median >= 20000 and peak <= 300)
    return m


def measure_sessions_export(rounds: int) -> tuple[Measurement, Measurement, Measurement]:
    """``tidtam export sessions`` of every session, as XLSX and as CSV, each in a child
    process (its own peak RSS); and the bare SQL the export needs."""
    files: dict[str, list[dict[str, Any]]] = {"xlsx": [], "csv": []}
    with tempfile.TemporaryDirectory(prefix="tidtam-bench-") as tmp:
        for i in range(max(1, rounds)):
            for suffix, runs in files.items():
                out = os.path.join(tmp, f"sessions-{i}.{suffix}")
                runs.append(_export_child(out))
                os.unlink(out)
    xlsx = _export_measurement(
        "sessions.xlsx_export",
        "XLSX export of all sessions (streamed, constant_memory)",
        files["xlsx"],
    )
    csv_m = _export_measurement(
        "sessions.csv_export", "CSV export of all sessions (streamed)", files["csv"]
    )
    sql = _fill(
        Measurement("sql.export", "bare SQL: all sessions with counts (fetchmany)"),
        time_ms(sql_export, max(1, rounds)),
    )
    for m in (xlsx, csv_m):
        if sql.median and m.extra["median_ms"]:
            m.sql_median = sql.median
            m.ratio = round(m.extra["median_ms"] / sql.median, 2)
    return xlsx, csv_m, sql


def measure_load(ctx: Context, seconds: float, clients: int) -> Measurement:
    from django.conf import settings

    from tidtam.bench.loadtest import run_load, start_gunicorn

    path = dashboard_path()
    m = Measurement(
        "dashboard.load",
        f"dashboard {path} under {clients} clients, {seconds:g} s, gunicorn -w 2",
        target="p95 ≤ 300 ms, 0 errors",
    )
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={ctx.client.cookies[settings.SESSION_COOKIE_NAME].value}"
    )
    server = start_gunicorn(2)
    try:
        result = run_load(server.port, path, cookie, clients=clients, seconds=seconds)
    finally:
        server.stop()
    m.median, m.p95, m.rounds = result["p50_ms"], result["p95_ms"], result["requests"]
    m.extra = result
    m.target_met = bool(m.p95 is not None and m.p95 <= 300 and result["errors"] == 0)
    return m


def machine() -> dict[str, Any]:
    """Return what the numbers were measured on."""
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), ""
            )
    except OSError:
        pass
    mem_kb = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            mem_kb = int(next(ln for ln in fh if ln.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        db_version = cursor.fetchone()[0]
    import django

    return {
        "date_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": db_version,
        "debug": settings.DEBUG,
    }


def vacuum() -> None:
    """On PostgreSQL, ``VACUUM (ANALYZE)`` the database so a run starts from the same state.

    The import cases write 100,000 sessions with their counts and history rows and roll them
    back: on PostgreSQL those rows stay in the tables and indexes as dead tuples until a vacuum
    (after two runs: 1,024,000 dead sessions and 1,000,000 dead counts beside the 2,000,000
    live ones, not yet reached by autovacuum), so every later case and run reads more pages.
    SQLite's rollback leaves nothing behind.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def run_suite(
    *,
    rounds: int = 10,
    quick: bool = False,
    load_seconds: float | None = None,
    clients: int = 20,
    import_records: int | None = None,
    import_sessions: int | None = None,
    export_rounds: int | None = None,
    only: set[str] | None = None,
    out: Any = sys.stdout,
) -> dict[str, Any]:
    """Run every measurement; return the results document (machine, dataset, measurements)."""
    vacuum()
    ctx = load_context()
    info = machine()
    results: dict[str, Measurement] = {}

    def want(key: str) -> bool:
        return only is None or key in only or key.split(".")[0] in only

    def say(m: Measurement) -> None:
        value = m.median if m.status == "ok" else m.status
        out.write(f"{m.key:<26} {value!s:>12} {m.unit}\n")
        out.flush()

    def guarded(key: str, label: str, fn: Callable[[], Measurement]) -> None:
        try:
            m = fn()
        except Exception as exc:  # a failed case is reported, the others still run
            m = Measurement(key, label, status=f"error: {type(exc).__name__}: {exc}"[:300])
        results[m.key] = m
        say(m)

    for key, label, call, target, limit, sql_key in timed_cases(ctx):
        if not want(key):
            continue

        def one(
            key: str = key,
            label: str = label,
            call: Any = call,
            target: str = target,
            limit: Any = limit,
            sql_key: str | None = sql_key,
        ) -> Measurement:
            m = _fill(
                Measurement(key, label, target=target, sql_key=sql_key), time_ms(call, rounds)
            )
            if limit is not None and m.median is not None:
                m.target_met = m.median <= limit
            return m

        guarded(key, label, one)

    for key, label, maybe_call, target, limit in progress_cases(ctx):
        if not want(key):
            continue
        if maybe_call is None:
            results[key] = Measurement(key, label, status=NOT_BUILT, target=target)
            say(results[key])
            continue

        def prog(
            key: str = key,
            label: str = label,
            call: Any = maybe_call,
            target: str = target,
            limit: Any = limit,
        ) -> Measurement:
            n = rounds if key.endswith("docx") else max(1, min(rounds, 3))
            samples = time_ms(call, n, warmup=0 if quick else 1)
            m = _fill(Measurement(key, label, target=target, sql_key="sql.project"), samples)
            m.target_met = m.median is not None and m.median <= limit
            return m

        guarded(key, label, prog)

    if want("activity_log.import"):
        n = import_records or (500 if quick else 2000)
        guarded(
            "activity_log.import",
            "activity-log import",
            lambda: measure_activity_log_import(ctx, n, max(1, min(rounds, 5))),
        )
    if want("sessions.xlsx_import"):
        n = import_sessions or (5_000 if quick else 100_000)
        guarded(
            "sessions.xlsx_import",
            "XLSX import of sessions",
            lambda: measure_sessions_import(n, 1 if quick else max(1, min(rounds, 3))),
        )
    if want("sessions.xlsx_export"):
        vacuum()  # the imports above were rolled back: their rows are dead tuples on PostgreSQL
        try:
            n = export_rounds or (1 if quick else max(1, min(rounds, 3)))
            export, csv_export, sql = measure_sessions_export(n)
            results[sql.key], results[export.key] = sql, export
            results[csv_export.key] = csv_export
            say(sql)
            say(export)
            say(csv_export)
        except Exception as exc:
            results["sessions.xlsx_export"] = Measurement(
                "sessions.xlsx_export",
                "XLSX export of all sessions",
                status=f"error: {type(exc).__name__}: {exc}"[:300],
            )
    if want("dashboard.load") and load_seconds != 0:
        seconds = load_seconds if load_seconds is not None else (10 if quick else 60)
        guarded(
            "dashboard.load", "dashboard under load", lambda: measure_load(ctx, seconds, clients)
        )

    for m in results.values():
        if m.sql_key and m.status == "ok" and m.ratio is None:
            base = results.get(m.sql_key)
            if base is not None and base.median and m.median is not None and m.unit == "ms":
                m.sql_median = base.median
                m.ratio = round(m.median / base.median, 2)
    return {
        "machine": info,
        "dataset": dataset.present_marker(),
        "rounds": rounds,
        "quick": quick,
        "measurements": [asdict(m) for m in results.values()],
    }


def profile(key: str, out: Any = sys.stdout, limit: int = 30) -> str:
    """Profile one call of a timed case with cProfile; return the top functions (cumulative)."""
    ctx = load_context()
    calls: dict[str, Callable[[], Any]] = {k: c for k, _label, c, *_rest in timed_cases(ctx)}
    for k, _label, c, *_rest in progress_cases(ctx):
        if c is not None:
            calls[k] = c
    if key not in calls:
        raise KeyError(f"unknown case {key!r}; one of {', '.join(sorted(calls))}")
    calls[key]()  # warm-up
    prof = cProfile.Profile()
    prof.enable()
    calls[key]()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(limit)
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(limit)
    text = buf.getvalue()
    out.write(text)
    return text

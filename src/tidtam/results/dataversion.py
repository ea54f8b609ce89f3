"""The data version behind the dashboards' cache: a value the database changes on every change.

Why a cache keyed by a data version, and why the database bumps it
------------------------------------------------------------------

The dashboards show the KPI tiles of the whole country (300 indicators × 5 regions computed
through ``calculations``), participants by gender and sector, sessions by month and the budget
disbursed by region. Computing that takes hundreds of milliseconds; the page is opened far more
often than the data changes (results are approved a few times a quarter). So the computed data
is remembered and served again until the data changes.

Two designs were possible: a rollup table kept up to date by the services that change results,
sessions and transfers, or a cache keyed by a counter bumped on every change. A rollup would
duplicate the KPI rules (carried-forward targets, colours, composites) in incremental form, and
each writer (``projects``, ``finance``, the importers, ``bench-data``, the demo) would have to
call ``results`` to maintain it, which the import direction forbids (``results`` reads
``finance`` and ``projects``, never the other way). The counter needs no second copy of any
rule: the cached value is exactly what ``selectors.kpi_report`` and ``sources`` compute.

The counter is bumped by **database triggers** rather than by calls in each service, for the
same reason: the writers live in other apps, and many write in bulk (``bulk_create``,
``QuerySet.update``, the importers, ``bench-data``), which no Django signal sees. A trigger on
every table the dashboards read (``TRACKED``) sees every insert, update and delete, whoever
makes it, in the writer's own transaction: a reader sees the new version exactly when it sees
the new data, so the dashboard is never stale after a change. Each bump writes a new random
64-bit value rather than adding one, so a version never comes back: not after a rolled-back
transaction (whose bump is undone with it) nor after a flushed database (tests). SQLite has row triggers only
(one counter update per written row, cheap; SQLite has one writer at a time anyway);
PostgreSQL uses one statement trigger per table that marks the transaction, and changes the
counter at commit (see ``_PG_SETUP_SQL``), so concurrent writers neither queue nor deadlock on it.
The triggers are (re)installed after every ``migrate`` (``install``), so a table that a later
migration rebuilds (SQLite rebuilds tables to alter them) gets its triggers back.

The cache itself is per process (``remember``): each gunicorn worker computes a version's data
once. Its key holds the version, the reader's scope (their grants), the period and the region
and the language, so two people with different grants never share an entry.

On PostgreSQL a transaction that has written tracked data sees the old version until it
commits; ``current`` then says None (not cacheable), so it never caches what it alone sees.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "results_dataversion"

# (app label, model name) of every table the dashboards read.
TRACKED: tuple[tuple[str, str], ...] = (
    ("results", "Indicator"),
    ("results", "Indicator_regions"),
    ("results", "Target"),
    ("results", "Result"),
    ("projects", "Programme"),
    ("projects", "Project"),
    ("projects", "Session"),
    ("projects", "ParticipantCount"),
    ("finance", "ProjectApproval"),
    ("finance", "Transfer"),
    ("areas", "RegionGrouping"),
    ("areas", "Region"),
    ("areas", "RegionProvince"),
)

_TRIGGER_PREFIX = "results_dv_"
PENDING = "results_dataversion_pending"
_PG_MARK = "results_dataversion_mark"
_PG_BUMP = "results_dataversion_bump"


def tracked_tables() -> list[str]:
    """Return the database tables of ``TRACKED`` whose app is installed."""
    from django.apps import apps

    tables = []
    for app_label, model_name in TRACKED:
        if "_" in model_name:  # an automatic many-to-many table: Model_field
            owner, field_name = model_name.split("_", 1)
            try:
                model = apps.get_model(app_label, owner)
            except LookupError:
                continue
            tables.append(model._meta.get_field(field_name).m2m_db_table())
            continue
        try:
            tables.append(apps.get_model(app_label, model_name)._meta.db_table)
        except LookupError:
            continue
    return tables


def _sqlite_statements(table: str) -> list[str]:
    bump = (
        f"INSERT INTO {TABLE} (id, version) VALUES (1, random()) "  # noqa: S608
        "ON CONFLICT(id) DO UPDATE SET version = random()"
    )
    statements = []
    for op in ("INSERT", "UPDATE", "DELETE"):
        name = f"{_TRIGGER_PREFIX}{table}_{op.lower()}"
        statements += [
            f'DROP TRIGGER IF EXISTS "{name}"',
            f'CREATE TRIGGER "{name}" AFTER {op} ON "{table}" FOR EACH ROW BEGIN {bump}; END',
        ]
    return statements


def _postgresql_statements(table: str) -> list[str]:
    return [
        f'CREATE OR REPLACE TRIGGER "{_TRIGGER_PREFIX}{table}" '
        f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_MARK}()"
    ]


# PostgreSQL: a tracked write only *marks* its transaction (one row in PENDING, insert-only, so
# writers never wait for each other); the counter itself is changed by a deferred constraint
# trigger on that row, at commit. The counter row is therefore locked only for the instant of
# a commit, never while a transaction goes on to lock other rows, so it adds no deadlock.
_PG_SETUP_SQL = [
    f"CREATE TABLE IF NOT EXISTS {PENDING} (txid bigint PRIMARY KEY)",
    f"""
CREATE OR REPLACE FUNCTION {_PG_MARK}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tidtam.dataversion_marked', true) IS DISTINCT FROM txid_current()::text
    THEN
        INSERT INTO {PENDING} (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
        PERFORM set_config('tidtam.dataversion_marked', txid_current()::text, true);
    END IF;
    RETURN NULL;
END;
$$""",  # noqa: S608 - constants only
    f"""
CREATE OR REPLACE FUNCTION {_PG_BUMP}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {PENDING} WHERE txid = NEW.txid;
    INSERT INTO {TABLE} (id, version) VALUES (1, (random() * 9e15)::bigint)
    ON CONFLICT (id) DO UPDATE SET version = (random() * 9e15)::bigint;
    RETURN NULL;
END;
$$""",  # noqa: S608 - constants only
    f'DROP TRIGGER IF EXISTS "{_TRIGGER_PREFIX}commit" ON {PENDING}',
    f'CREATE CONSTRAINT TRIGGER "{_TRIGGER_PREFIX}commit" AFTER INSERT ON {PENDING} '
    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {_PG_BUMP}()",
]


def install(connection: BaseDatabaseWrapper | None = None) -> list[str]:
    """Create the bump triggers on every tracked table (idempotent); return the tables."""
    connection = connection or default_connection
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return []
    tables = [t for t in tracked_tables() if t in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in _PG_SETUP_SQL:
                cursor.execute(sql)
            for table in tables:
                for sql in _postgresql_statements(table):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for table in tables:
                for sql in _sqlite_statements(table):
                    cursor.execute(sql)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            return []
    return tables


def installed_on(connection: BaseDatabaseWrapper | None = None) -> set[str]:
    """Return the tables that carry a bump trigger (for the tests)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                [_TRIGGER_PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE %s",
                [_TRIGGER_PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}


def current() -> int | None:
    """Return the data version (one query); None when it must not be used for caching.

    None when no change has been counted yet, and on PostgreSQL when the reader's own
    transaction has written tracked data not yet committed (its change is counted at commit,
    so until then what it reads is not what the version stands for).
    """
    with default_connection.cursor() as cursor:
        if default_connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT (SELECT version FROM {TABLE} WHERE id = 1), "  # noqa: S608 - constants
                f"EXISTS (SELECT 1 FROM {PENDING} WHERE txid = txid_current_if_assigned())"
            )
            version, own_pending = cursor.fetchone()
            if own_pending:
                return None
        else:
            cursor.execute(f"SELECT version FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant
            row = cursor.fetchone()
            version = row[0] if row else None
    return int(version) if version is not None else None


# --- the per-process cache --------------------------------------------------------------------

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[Hashable, Any] = OrderedDict()
MAX_ENTRIES = 64


def remember(key: Hashable | None, compute: Callable[[], Any]) -> Any:
    """Return the value cached under ``key``, computing it first if needed.

    ``key`` must hold the data version (``current()``); a ``None`` key (no version yet) is never
    cached. At most ``MAX_ENTRIES`` entries, the least recently used dropped first.
    """
    if key is None:
        return compute()
    with _LOCK:
        if key in _ENTRIES:
            _ENTRIES.move_to_end(key)
            return _ENTRIES[key]
    value = compute()
    with _LOCK:
        _ENTRIES[key] = value
        while len(_ENTRIES) > MAX_ENTRIES:
            _ENTRIES.popitem(last=False)
    return value


def forget_all() -> None:
    """Empty this process's cache (tests)."""
    with _LOCK:
        _ENTRIES.clear()

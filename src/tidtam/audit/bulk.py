"""Fast inserts for large imports: rows and their history rows, one ``COPY`` (PostgreSQL) or
``executemany`` (SQLite) each.

Django's ``bulk_create`` spends most of a large import preparing each value through the
field machinery (about 10 µs per cell: 11 million cells for 100,000 sessions with their
counts and history rows). An import has already checked every object (``clean_fields`` and
the service's rules), so ``insert_with_history`` writes them directly:

- primary keys are taken up front (PostgreSQL: ``nextval`` of the table's sequence; SQLite:
  after the table's highest id and its AUTOINCREMENT counter, under the write lock that an
  IMMEDIATE transaction holds), so the caller can point child rows at them;
- values are adapted per field type with the backend's own adapters (dates, times,
  decimals), everything else is passed as is;
- each object gets its history row (``simple_history``'s table: the same fields plus
  ``history_date``, ``history_type`` "+", ``history_user_id``, ``history_change_reason`` and
  our ``ip_address``), as ``bulk_create_with_history`` would write it.

Database constraints still apply (a violation raises ``IntegrityError`` and the import's
transaction rolls back). Use only inside ``transaction.atomic()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any]


def _converter(field: models.Field) -> Converter | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.GenericIPAddressField):
        return lambda v: v or None
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _columns(model: type[models.Model], *, skip_auto: bool) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not (skip_auto and isinstance(f, models.AutoField))
    ]


def _execute(
    model: type[models.Model], fields: Sequence[models.Field], rows: list[list[Any]]
) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    converters = [_converter(f) for f in fields]
    for row in rows:
        for i, convert in enumerate(converters):
            if convert is not None and row[i] is not None:
                row[i] = convert(row[i])
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY instead of one INSERT per row: the server parses, plans and fires the
            # statement-level triggers (the dashboards' data version) once, not once a row.
            # The raw cursor, so Django's wrapper is put back for its errors (IntegrityError)
            # and the statement is logged like any query (tests count queries).
            sql = f"COPY {table} ({columns}) FROM STDIN"
            start = time.monotonic()
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            if connection.queries_logged:
                elapsed = time.monotonic() - start
                connection.queries_log.append({"sql": sql, "time": f"{elapsed:.3f}"})
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` new primary keys of ``model``'s table."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX({qn(pk)}), (SELECT seq FROM sqlite_sequence WHERE name = %s) "  # noqa: S608
            f"FROM {qn(table)}",
            [table],
        )
        highest, sequence = cursor.fetchone()
        start = max(highest or 0, sequence or 0) + 1
        return list(range(start, start + count))


def insert_with_history(
    objs: Sequence[models.Model], *, user: Any = None, reason: str = "", ip: str | None = None
) -> None:
    """Insert ``objs`` (all of one model, not saved yet) and one history row each.

    Sets each object's primary key; fills ``auto_now``/``auto_now_add`` fields with now.
    """
    if not objs:
        return
    model = type(objs[0])
    now = timezone.now()
    ids = allocate_ids(model, len(objs))
    fields = _columns(model, skip_auto=False)
    stamped = [
        f
        for f in fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)  # type: ignore[attr-defined]
    ]
    rows = []
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        for f in stamped:
            setattr(obj, f.attname, now)
        rows.append([getattr(obj, f.attname) for f in fields])
        obj._state.adding = False
        obj._state.db = connection.alias
    _execute(model, fields, rows)

    history_model = model.history.model  # type: ignore[attr-defined]
    history_fields = _columns(history_model, skip_auto=True)
    own = {f.attname for f in fields}
    user_id = getattr(user, "pk", None)
    special: dict[str, Any] = {
        "history_date": now,
        "history_type": "+",
        "history_user_id": user_id,
        "history_change_reason": reason or None,
        "ip_address": ip,
    }
    getters: list[Callable[[models.Model], Any]] = []
    for f in history_fields:
        if f.attname in special:
            value = special[f.attname]
            getters.append(lambda _obj, v=value: v)
        elif f.attname in own:
            getters.append(lambda obj, name=f.attname: getattr(obj, name))
        else:
            raise ValueError(f"{history_model.__name__}.{f.attname} has no value")
    _execute(history_model, history_fields, [[g(obj) for g in getters] for obj in objs])

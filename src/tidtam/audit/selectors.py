"""Reads of the audit trail: one object's history, and changes across every audited model.

Both return ``HistoryEntry`` rows in which every value is already readable: verbose field
names, choice labels, related objects by their name (not raw ids), dates in the Buddhist Era.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.thai.dates import format_date

EMPTY = "—"
HIDDEN = "••••"
# Fields that only record bookkeeping; they change on every save and say nothing.
_SKIPPED = frozenset({"created_at", "updated_at", "search_name", "password", "last_login"})
_SECRET = frozenset({"password"})


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its verbose name and readable old and new values."""

    name: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One create / change / delete of one object, readable."""

    history_id: int
    date: dt.datetime
    user: str
    ip: str
    kind: str  # "+", "~", "-"
    reason: str
    model_label: str  # "projects.project"
    model_name: str  # verbose name ("project")
    object_pk: Any
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        """Return "created", "changed" or "deleted" in the current language."""
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}.get(self.kind, self.kind)

    @property
    def history_url_kwargs(self) -> dict[str, Any]:
        app_label, model = self.model_label.split(".")
        return {"app_label": app_label, "model": model, "pk": self.object_pk}


def audited_models() -> list[type[models.Model]]:
    """Return every model that keeps a history, ordered by app and name."""
    found = [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
        and not model.__name__.startswith("Historical")
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def history_model_of(model: type[models.Model]) -> type[models.Model]:
    """Return the historical model of an audited ``model``."""
    manager_name = model._meta.simple_history_manager_attribute  # type: ignore[attr-defined]
    return getattr(model, manager_name).model  # type: ignore[no-any-return]


def _tracked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    history = history_model_of(model)
    history_names = {f.attname for f in history._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname in history_names and f.name not in _SKIPPED and not f.primary_key
    ]


# --- readable values -------------------------------------------------------------------------


class _Related:
    """Related objects' names, loaded in one query per related model for a batch of rows."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, fld: models.Field[Any, Any], value: Any) -> None:
        if value is not None and fld.is_relation and fld.related_model is not None:
            self.wanted[fld.related_model].add(value)  # type: ignore[index]

    def load(self) -> None:
        for model, ids in self.wanted.items():
            objects = model._default_manager.in_bulk(list(ids))
            self.names[model] = {pk: str(obj) for pk, obj in objects.items()}

    def name(self, fld: models.Field[Any, Any], value: Any) -> str:
        names = self.names.get(fld.related_model, {})  # type: ignore[arg-type]
        if value in names:
            return names[value]
        return _("#%(id)s (deleted)") % {"id": value}


def _readable(fld: models.Field[Any, Any], value: Any, related: _Related) -> str:
    if fld.name in _SECRET:
        return HIDDEN
    if value is None or value == "":
        return EMPTY
    if fld.is_relation:
        return related.name(fld, value)
    if fld.choices:
        return str(dict(fld.flatchoices).get(value, value))  # type: ignore[arg-type]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_date(local.date())} {local:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


# --- building entries ------------------------------------------------------------------------


def _entries(
    records: list[Any],
    previous: dict[int, Any],
    *,
    hide_personal: set[str],
) -> list[HistoryEntry]:
    """Turn historical rows (with their previous rows) into readable entries."""
    related = _Related()
    plan: list[tuple[Any, Any, list[models.Field[Any, Any]]]] = []
    for record in records:
        model = record.instance_type
        fields = _tracked_fields(model)
        prev = previous.get(id(record))
        changed = []
        for fld in fields:
            new = getattr(record, fld.attname)
            old = getattr(prev, fld.attname) if prev is not None else None
            if record.history_type == "+" and new in (None, ""):
                continue
            if record.history_type == "-" or prev is None or old != new:
                if record.history_type == "~" and prev is not None and old == new:
                    continue
                changed.append(fld)
                related.want(fld, old)
                related.want(fld, new)
        plan.append((record, prev, changed))
    related.load()
    entries = []
    for record, prev, changed in plan:
        model = record.instance_type
        label = model._meta.label_lower
        pk_name = model._meta.pk.attname
        changes = []
        for fld in changed:
            new_value = getattr(record, fld.attname)
            old_value = getattr(prev, fld.attname) if prev is not None else None
            if record.history_type == "-":
                old_value, new_value = new_value, None
            hidden = f"{label}.{fld.name}" in hide_personal
            changes.append(
                FieldChange(
                    name=fld.name,
                    label=str(fld.verbose_name),
                    old=HIDDEN if hidden and old_value else _readable(fld, old_value, related),
                    new=HIDDEN if hidden and new_value else _readable(fld, new_value, related),
                )
            )
        user = record.history_user
        entries.append(
            HistoryEntry(
                history_id=record.history_id,
                date=record.history_date,
                user=str(user) if user is not None else _("system"),
                ip=getattr(record, "ip_address", None) or "",
                kind=record.history_type,
                reason=record.history_change_reason or "",
                model_label=label,
                model_name=str(model._meta.verbose_name),
                object_pk=getattr(record, pk_name),
                object_label=_object_label(record),
                changes=changes,
            )
        )
    return entries


def _object_label(record: Any) -> str:
    try:
        return str(record.instance)
    except Exception:  # a __str__ that needs a related row that is gone
        return f"#{getattr(record, record.instance_type._meta.pk.attname)}"


def _previous_records(history: type[models.Model], records: list[Any]) -> dict[int, Any]:
    """Return, by ``id(record)``, the record of the same object just before it (one query)."""
    if not records:
        return {}
    model = records[0].instance_type
    pk_name = model._meta.pk.attname
    object_ids = {getattr(r, pk_name) for r in records}
    newest = max(r.history_id for r in records)
    rows = (
        history._default_manager.filter(**{f"{pk_name}__in": object_ids}, history_id__lt=newest)
        .exclude(history_id__in=[r.history_id for r in records])
        .order_by(pk_name, "history_date", "history_id")
        .iterator()
    )
    by_object: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_object[getattr(row, pk_name)].append(row)
    for record in records:
        by_object[getattr(record, pk_name)].append(record)
    wanted = {id(r) for r in records}
    previous: dict[int, Any] = {}
    for rows_of_object in by_object.values():
        rows_of_object.sort(key=lambda r: (r.history_date, r.history_id))
        for before, after in pairwise(rows_of_object):
            if id(after) in wanted:
                previous[id(after)] = before
    return previous


def _personal_fields_hidden(user: Any, models_: Iterable[type[models.Model]]) -> set[str]:
    hidden: set[str] = set()
    for model in models_:
        try:
            reg = access.registration(model)
        except ImproperlyConfigured:
            continue
        if reg.personal_fields and not access.may_anywhere(user, Action.VIEW_PERSONAL, reg.kind):
            hidden |= {f"{model._meta.label_lower}.{name}" for name in reg.personal_fields}
    return hidden


def object_history(user: Any, obj: models.Model) -> list[HistoryEntry]:
    """Return ``obj``'s history, newest first (the caller has checked VIEW_HISTORY on ``obj``).

    Personal fields are masked unless the user may view personal data of ``obj``.
    """
    model = type(obj)
    history = history_model_of(model)
    records = list(
        history._default_manager.filter(**{model._meta.pk.attname: obj.pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    previous = _previous_records(history, records)
    hidden: set[str] = set()
    reg = access.registration(model)
    if reg.personal_fields and not access.can(user, Action.VIEW_PERSONAL, obj):
        hidden = {f"{model._meta.label_lower}.{name}" for name in reg.personal_fields}
    return _entries(records, previous, hide_personal=hidden)


# --- the audit page --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page is narrowed to; every part is optional."""

    user_ids: tuple[int, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    model_label: str = ""
    province_code: str = ""


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_querysets(user: Any, filters: AuditFilter) -> list[QuerySet[Any]]:
    """Return one filtered queryset of historical rows per audited model the user may read."""
    result = []
    for model in audited_models():
        if filters.model_label and model._meta.label_lower != filters.model_label:
            continue
        try:
            scope = access.scope_filter(user, model, Action.VIEW_HISTORY)
        except ImproperlyConfigured:
            # Not registered with the access module: only administrators read its history.
            if not access.is_administrator(user):
                continue
            scope = None
        if scope is not None and scope == Q(pk__in=[]):
            continue
        history = history_model_of(model)
        pk_name = model._meta.pk.attname
        qs = history._default_manager.select_related("history_user")
        if scope is not None:
            qs = qs.filter(**{f"{pk_name}__in": model._default_manager.filter(scope).values("pk")})
        if filters.province_code:
            try:
                area = access.area_filter(model, [filters.province_code])
            except ImproperlyConfigured:
                continue
            if area == Q(pk__in=[]):
                continue
            qs = qs.filter(**{f"{pk_name}__in": model._default_manager.filter(area).values("pk")})
        if filters.user_ids is not None:
            qs = qs.filter(history_user_id__in=filters.user_ids)
        if filters.date_from:
            qs = qs.filter(history_date__gte=_start_of(filters.date_from))
        if filters.date_to:
            qs = qs.filter(history_date__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
        result.append(qs.order_by("-history_date", "-history_id"))
    return result


class AuditRows:
    """The audit page's rows, newest first, merged from every historical table.

    Sliceable and countable, so Django's Paginator can page it: a page of N rows reads at most
    offset + N rows from each table (one query per table) and merges them.
    """

    def __init__(self, user: Any, querysets: list[QuerySet[Any]]) -> None:
        self.user = user
        self.querysets = querysets

    def count(self) -> int:
        """Return the number of matching changes (one COUNT per table)."""
        return sum(qs.count() for qs in self.querysets)

    def __len__(self) -> int:
        return self.count()

    def _merged(self, stop: int) -> Iterator[Any]:
        streams = [qs[:stop] for qs in self.querysets]
        return heapq.merge(*streams, key=lambda r: (r.history_date, r.history_id), reverse=True)

    def __getitem__(self, index: slice) -> list[HistoryEntry]:
        if not isinstance(index, slice):
            raise TypeError("AuditRows supports slices only")
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + 100
        records = list(islice(self._merged(stop), start, stop))
        by_history: dict[type[models.Model], list[Any]] = defaultdict(list)
        for record in records:
            by_history[type(record)].append(record)
        previous: dict[int, Any] = {}
        for history, group in by_history.items():
            previous.update(_previous_records(history, group))
        hidden = _personal_fields_hidden(self.user, {r.instance_type for r in records})
        return _entries(records, previous, hide_personal=hidden)


def audit_rows(user: Any, filters: AuditFilter) -> AuditRows:
    """Return the changes the user may read across all audited models, matching ``filters``."""
    return AuditRows(user, audit_querysets(user, filters))


def audit_model_choices() -> list[tuple[str, str]]:
    """Return (label, verbose name) of every audited model, for the object-type filter."""
    return [
        (m._meta.label_lower, str(m._meta.verbose_name_plural).capitalize())
        for m in audited_models()
    ]

"""Build an example object of any registered model, belonging to one side of the test world.

Foreign keys to the world's anchors (organisations, projects, programmes, areas, users) point
at that side's objects; every other required foreign key is built recursively. A model whose
constraints the generic values cannot meet gets a builder in ``BUILDERS``
(``model label -> function(world, side_name) -> object``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction

from tests.access.world import World

_counter = itertools.count(1)

BUILDERS: dict[str, Callable[[World, str], models.Model]] = {}


def _anchors(world: World, side_name: str) -> dict[type[models.Model], models.Model]:
    from tidtam.accounts.models import User
    from tidtam.areas.models import District, Province, Region, RegionGrouping, Subdistrict
    from tidtam.organisations.models import Organisation
    from tidtam.projects.models import Programme, Project

    side = world.a if side_name == "a" else world.b
    owner, _ = User.objects.get_or_create(username=f"owner-{side_name}")
    return {
        Organisation: side.member,
        Project: side.project,
        Programme: side.programme,
        Province: side.province,
        District: side.district,
        Subdistrict: side.subdistrict,
        Region: side.region,
        RegionGrouping: world.grouping,
        User: owner,
    }


def _value(field: models.Field[Any, Any]) -> Any:
    n = next(_counter)
    if field.choices:
        return next(iter(dict(field.flatchoices)))
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2025, 1, 15)
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.IntegerField | models.FloatField):
        return 2568 if "year" in field.name else 1
    if isinstance(field, models.EmailField):
        return f"x{n}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{n}"
    if isinstance(field, models.FileField):
        from django.core.files.base import ContentFile

        return ContentFile(b"example evidence", name=f"example-{n}.txt")
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.UUIDField):
        import uuid

        return uuid.uuid4()
    if isinstance(field, models.CharField | models.TextField | models.SlugField):
        text = f"ตัวอย่าง{field.name}{n}"
        return text[: field.max_length] if field.max_length else text
    raise TypeError(f"no example value for {field!r}")


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, models.AutoField) and not (f.primary_key and f.auto_created)
    ]


def _attempt(
    model: type[models.Model],
    world: World,
    side_name: str,
    depth: int,
    *,
    fill_blank: bool,
    optional_link: str | None,
) -> models.Model:
    kwargs: dict[str, Any] = {}
    for field in _fields(model):
        if field.is_relation:
            if field.null and field.name != optional_link:
                continue
            kwargs[field.name] = build(field.related_model, world, side_name, depth + 1)  # type: ignore[arg-type]
            continue
        if not field.editable and not field.primary_key:
            continue
        if (
            field.primary_key
            or not (field.has_default() or field.null or field.blank)
            or (fill_blank and field.blank and not field.has_default() and not field.choices)
        ):
            kwargs[field.name] = _value(field)
    obj = model(**kwargs)
    obj.save()
    return obj


def build(model: type[models.Model], world: World, side_name: str, depth: int = 0) -> models.Model:
    """Return a saved example of ``model`` on side ``side_name`` ("a" or "b").

    Tries the required fields only; then also the optional text fields; then, one at a time,
    each optional link (for "exactly one of these" constraints).
    """
    label = model._meta.label_lower
    if label in BUILDERS:
        return BUILDERS[label](world, side_name)
    anchors = _anchors(world, side_name)
    if model in anchors:
        return anchors[model]
    if depth > 8:
        raise RecursionError(f"too deep building {label}")
    links: list[str | None] = [None]
    links += [f.name for f in _fields(model) if f.is_relation and f.null]
    errors = []
    for fill_blank in (False, True):
        for link in links if fill_blank else [None]:
            try:
                with transaction.atomic():
                    return _attempt(
                        model, world, side_name, depth, fill_blank=fill_blank, optional_link=link
                    )
            except IntegrityError as exc:
                errors.append(f"{link}: {exc}")
    raise AssertionError(
        f"cannot build an example {label}; add a builder to tests/access/builders.py: {errors}"
    )

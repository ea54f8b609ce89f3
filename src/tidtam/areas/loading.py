"""Load Thailand's administrative areas (GeoThai) and the shipped region groupings.

``load_areas()`` is what ``tidtam load-areas`` runs: it creates what is missing, updates what
changed and leaves the rest alone, in bulk, so a second run changes nothing. A fresh database
gets the same rows from the migration ``areas.0003_load_areas`` (which has its own frozen copy
of this logic, as migrations must not import app code).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from tidtam.areas.models import (
    AbolishedArea,
    District,
    Province,
    Region,
    RegionGrouping,
    RegionProvince,
    Subdistrict,
)

__all__ = [
    "EXPECTED_COUNTS",
    "LoadCounts",
    "ensure_areas_loaded",
    "geothai_rows",
    "load_areas",
    "region_groupings",
]

# What a complete load holds (GeoThai 3.2).
EXPECTED_COUNTS = {"provinces": 77, "districts": 928, "subdistricts": 7436}
REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"
_LEVELS = {2: AbolishedArea.Level.PROVINCE, 4: AbolishedArea.Level.DISTRICT}

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadCounts:
    """How many rows of one table a load created, updated and left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


@cache
def geothai_rows(name: str) -> tuple[tuple[Any, ...], ...]:
    """Return the rows of one of GeoThai's data files (provinces, districts, subdistricts, abolished)."""
    text = files("geothai").joinpath(f"_data/{name}.json").read_text(encoding="utf-8")
    return tuple(tuple(row) for row in json.loads(text))


def region_groupings() -> list[dict[str, Any]]:
    """Return the region groupings shipped with Tidtam (CODI's 5 regions, the 6 geographic ones)."""
    data: dict[str, Any] = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    groupings: list[dict[str, Any]] = data["groupings"]
    return groupings


def _sync(
    model: type[M],
    wanted: dict[str, dict[str, Any]],
    build: Callable[[str, dict[str, Any]], M],
    existing: Iterable[M],
    key: Callable[[M], str],
) -> LoadCounts:
    """Create the missing rows of ``model`` and update the changed ones, in bulk."""
    counts = LoadCounts()
    current = {key(obj): obj for obj in existing}
    to_create: list[M] = []
    to_update: list[M] = []
    fields: set[str] = set()
    for code, values in wanted.items():
        obj = current.get(code)
        if obj is None:
            to_create.append(build(code, values))
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=1000)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(fields), batch_size=1000)
    counts.created = len(to_create)
    counts.updated = len(to_update)
    return counts


def _load_provinces_districts_subdistricts() -> dict[str, LoadCounts]:
    provinces = {code: {"name_th": th, "name_en": en} for code, th, en in geothai_rows("provinces")}
    districts = {
        code: {"name_th": th, "name_en": en, "province_id": code[:2]}
        for code, th, en in geothai_rows("districts")
    }
    subdistricts = {
        code: {
            "name_th": th,
            "name_en": en,
            "district_id": code[:4],
            "province_id": code[:2],
            "postcodes": postcodes,
        }
        for code, th, en, postcodes in geothai_rows("subdistricts")
    }
    return {
        "provinces": _sync(
            Province,
            provinces,
            lambda code, v: Province(code=code, **v),
            Province.objects.all(),
            lambda o: o.code,
        ),
        "districts": _sync(
            District,
            districts,
            lambda code, v: District(code=code, **v),
            District.objects.all(),
            lambda o: o.code,
        ),
        "subdistricts": _sync(
            Subdistrict,
            subdistricts,
            lambda code, v: Subdistrict(code=code, **v),
            Subdistrict.objects.all(),
            lambda o: o.code,
        ),
    }


def _load_abolished() -> LoadCounts:
    wanted: dict[str, dict[str, Any]] = {}
    for code, th, en, abolished_on, successors, basis, in_force, _source in geothai_rows(
        "abolished"
    ):
        codes = (successors or "").split()
        note = ""
        if basis == "notice":
            note = "successors from a published notice" + (
                f" in force {in_force}" if in_force else ""
            )
        elif basis == "name":
            note = "successor found by name"
        wanted[code] = {
            "level": _LEVELS.get(len(code), AbolishedArea.Level.SUBDISTRICT),
            "name_th": th,
            "name_en": en or "",
            "abolished_on": datetime.date.fromisoformat(abolished_on) if abolished_on else None,
            "successor_code": codes[0] if len(codes) == 1 else "",
            "successor_codes": " ".join(codes),
            "note": note,
        }
    return _sync(
        AbolishedArea,
        wanted,
        lambda code, v: AbolishedArea(code=code, **v),
        AbolishedArea.objects.all(),
        lambda o: o.code,
    )


def _load_regions() -> dict[str, LoadCounts]:
    groupings_counts = LoadCounts()
    regions_counts = LoadCounts()
    members_counts = LoadCounts()
    shipped = region_groupings()
    # Only one grouping may be the default.
    default_code = next(g["code"] for g in shipped if g["is_default"])
    if RegionGrouping.objects.filter(is_default=True).exclude(code=default_code).exists():
        # An administrator chose another default: keep their choice.
        shipped = [{**g, "is_default": False} for g in shipped]
    for g in shipped:
        values = {"name_th": g["name_th"], "name_en": g["name_en"], "is_default": g["is_default"]}
        grouping = RegionGrouping.objects.filter(code=g["code"]).first()
        if grouping is None:
            grouping = RegionGrouping.objects.create(code=g["code"], **values)
            groupings_counts.created += 1
        elif any(getattr(grouping, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(grouping, k, v)
            grouping.save()
            groupings_counts.updated += 1
        else:
            groupings_counts.unchanged += 1

        wanted_regions = {
            r["code"]: {
                "name_th": r["name_th"],
                "name_en": r["name_en"],
                "order": r["order"],
                "grouping_id": grouping.pk,
            }
            for r in g["regions"]
        }
        counts = _sync(
            Region,
            wanted_regions,
            lambda code, v: Region(code=code, **v),
            Region.objects.filter(grouping=grouping),
            lambda o: o.code,
        )
        regions_counts.created += counts.created
        regions_counts.updated += counts.updated
        regions_counts.unchanged += counts.unchanged

        region_ids = dict(Region.objects.filter(grouping=grouping).values_list("code", "pk"))
        wanted_members = {
            province: {"region_id": region_ids[r["code"]], "grouping_id": grouping.pk}
            for r in g["regions"]
            for province in r["provinces"]
        }
        counts = _sync(
            RegionProvince,
            wanted_members,
            lambda code, v: RegionProvince(province_id=code, **v),
            RegionProvince.objects.filter(grouping=grouping),
            lambda o: o.province_id,
        )
        members_counts.created += counts.created
        members_counts.updated += counts.updated
        members_counts.unchanged += counts.unchanged
    return {
        "region groupings": groupings_counts,
        "regions": regions_counts,
        "region provinces": members_counts,
    }


@transaction.atomic
def load_areas() -> dict[str, LoadCounts]:
    """Load or refresh every province, district, subdistrict, abolished code and shipped region.

    Returns the counts per table. Rows GeoThai no longer has are left in place (records may
    point at them); regions and memberships an administrator added are left alone too.
    """
    counts = _load_provinces_districts_subdistricts()
    counts["abolished areas"] = _load_abolished()
    counts.update(_load_regions())
    return counts


def ensure_areas_loaded() -> None:
    """Load the areas unless they are already all there (cheap when they are).

    Tests call this: a transactional test flushes every table, including the areas the
    migrations loaded.
    """
    if (
        Subdistrict.objects.count() == EXPECTED_COUNTS["subdistricts"]
        and District.objects.count() == EXPECTED_COUNTS["districts"]
        and Province.objects.count() == EXPECTED_COUNTS["provinces"]
        and RegionProvince.objects.count() == 77 * len(region_groupings())
    ):
        return
    load_areas()

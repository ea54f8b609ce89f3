"""Reads of the areas app: Thai-aware community search and the area browse pages."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Q, QuerySet

from tidtam.accounts import access
from tidtam.areas.models import (
    Community,
    District,
    Municipality,
    Province,
    Region,
    RegionGrouping,
    Subdistrict,
)
from tidtam.areas.names import community_key, tone_free

__all__ = [
    "RegionRow",
    "community_list",
    "default_grouping",
    "district_list",
    "municipality_options",
    "name_search",
    "province_regions",
    "subdistrict_list",
]

M = TypeVar("M", bound=models.Model)

# Above this many rows the fuzzy second chance is skipped (it compares in Python).
FUZZY_LIMIT = 5000
FUZZY_RATIO = 0.8


def _fuzzy_hit(word: str, name: str) -> bool:
    """Return True when ``word`` is close to some part of ``name`` of the same length."""
    if tone_free(word) in tone_free(name):
        return True
    size = len(word)
    if size < 4:
        return False
    for start in range(max(1, len(name) - size + 1)):
        window = name[start : start + size + 1]
        if difflib.SequenceMatcher(None, word, window).ratio() >= FUZZY_RATIO:
            return True
    return False


def name_search(
    queryset: QuerySet[M],
    query: str,
    key: Callable[[str], str],
    *,
    fields: tuple[str, ...] = ("search_name",),
) -> QuerySet[M]:
    """Filter ``queryset`` to rows whose name keys contain every word of ``query``.

    Words are compared as ``key`` gives them (normalised Thai, no spaces or punctuation, no
    "ชุมชน" prefix for communities), so "ชุมชน  เทพารักษ์ ๔" finds "ชุมชนเทพารักษ์ 4". When
    nothing matches exactly, a second chance ignores tone marks and allows a small typing
    difference ("หนองแวงตราซุ 4" finds "หนองแวงตราซู 4"). An empty query returns the queryset.
    """
    words = [k for k in (key(w) for w in query.split()) if k]
    whole = key(query)
    if not words:
        return queryset
    exact = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__contains": word})
        exact &= any_field
    any_whole = Q()
    for name in fields:
        any_whole |= Q(**{f"{name}__contains": whole})
    found = queryset.filter(exact | any_whole)
    if found.exists():
        return found
    rows = list(queryset.values_list("pk", *fields)[: FUZZY_LIMIT + 1])
    if len(rows) > FUZZY_LIMIT:
        return found
    ids = [
        row[0]
        for row in rows
        if all(any(_fuzzy_hit(word, value or "") for value in row[1:]) for word in words)
    ]
    return queryset.filter(pk__in=ids)


def community_list(
    user: Any,
    *,
    query: str = "",
    province: str = "",
    district: str = "",
    subdistrict: str = "",
) -> QuerySet[Community]:
    """Return the communities ``user`` may see, filtered by area codes and a Thai-aware query.

    Ordered by province, district, subdistrict and name; areas and municipality pre-loaded.
    """
    qs = access.scoped(user, Community.objects.all()).select_related(
        "subdistrict__district__province", "municipality"
    )
    if subdistrict:
        qs = qs.filter(subdistrict_id=subdistrict)
    elif district:
        qs = qs.filter(subdistrict__district_id=district)
    elif province:
        qs = qs.filter(subdistrict__province_id=province)
    qs = name_search(qs, query, community_key)
    return qs.order_by("subdistrict__code", "search_name", "pk")


def default_grouping() -> RegionGrouping | None:
    """Return the default region grouping (CODI's regions unless an administrator chose another)."""
    return RegionGrouping.objects.filter(is_default=True).first()


@dataclass(frozen=True)
class RegionRow:
    """A region of a grouping with its provinces (for the area index page)."""

    region: Region
    provinces: list[Province]


def province_regions(grouping: RegionGrouping | None = None) -> list[RegionRow]:
    """Return the regions of ``grouping`` (default: the default grouping), each with its
    provinces in Thai order. Empty when there is no grouping."""
    grouping = grouping or default_grouping()
    if grouping is None:
        return []
    regions = list(
        Region.objects.filter(grouping=grouping)
        .prefetch_related("provinces")
        .order_by("order", "code")
    )
    return [
        RegionRow(region, sorted(region.provinces.all(), key=lambda p: p.name_th))
        for region in regions
    ]


def district_list(province: Province) -> QuerySet[District]:
    """Return the districts of a province with their number of subdistricts, by code."""
    return province.districts.annotate(subdistrict_count=Count("subdistricts")).order_by("code")


def subdistrict_list(district: District) -> QuerySet[Subdistrict]:
    """Return the subdistricts of a district, by code."""
    return district.subdistricts.order_by("code")


def municipality_options(
    district_code: str, province_code: str | None = None
) -> QuerySet[Municipality]:
    """Return the municipalities of a district (within ``province_code`` when given), by name."""
    qs = Municipality.objects.filter(district_id=district_code)
    if province_code is not None:
        qs = qs.filter(district__province_id=province_code)
    return qs.order_by("name_th")

"""Column types shared by the kinds: provinces, subdistricts and organisations named in a cell.

Each keeps a small per-process cache of the lookups it needs (77 provinces, the subdistrict
resolver's own index), so a 100,000-row file does not ask the database once per cell.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from tidtam.areas.models import Province, Subdistrict
from tidtam.areas.names import organisation_key
from tidtam.areas.resolver import area_key, resolve_area
from tidtam.imports.values import Reference
from tidtam.organisations.models import Organisation


@cache
def _provinces() -> tuple[dict[str, Province], list[str]]:
    by_key: dict[str, Province] = {}
    names = []
    for province in Province.objects.order_by("name_th"):
        names.append(province.name_th)
        by_key[area_key(province.name_th)] = province
        by_key[province.code] = province
        by_key[area_key(province.name_en)] = province
    for alias in ("กรุงเทพฯ", "กทม", "กทม.", "กรุงเทพ"):
        if "กรุงเทพมหานคร" in names:
            by_key[area_key(alias)] = by_key[area_key("กรุงเทพมหานคร")]
    return by_key, names


def clear_caches() -> None:
    """Forget the cached areas (tests that reload areas call this)."""
    _provinces.cache_clear()
    find_subdistrict.cache_clear()


_PROVINCE_ABBREVIATION = re.compile(r"^\s*(?:จ\.|จว\.)\s*")


def find_province(text: str) -> tuple[Province | None, str]:
    by_key, _names = _provinces()
    bare = _PROVINCE_ABBREVIATION.sub("", text)
    found = by_key.get(area_key(bare)) or by_key.get(bare.strip())
    if found is None:
        return None, f'ไม่พบจังหวัด "{text}"'
    return found, ""


def province_type(*, many: bool = False) -> Reference:
    """A province by its Thai name ("ขอนแก่น", "จ.ขอนแก่น", "จังหวัดขอนแก่น"), English name or code."""
    return Reference(
        find=find_province,
        name_of=lambda p: p.name_th,
        options=lambda: list(_provinces()[1]),
        many=many,
    )


def _subdistrict_label(s: Subdistrict | str) -> str:
    if isinstance(s, str):  # already written (a fast export reads the names, not the objects)
        return s
    return f"ต.{s.name_th} อ.{s.district.name_th} จ.{s.province.name_th}"


@lru_cache(maxsize=4096)
def find_subdistrict(text: str) -> tuple[Subdistrict | None, str]:
    if re.fullmatch(r"\d{6}", text.strip()):
        found = (
            Subdistrict.objects.select_related("district", "province")
            .filter(code=text.strip())
            .first()
        )
        return found, "" if found else f'ไม่พบตำบลรหัส "{text}"'
    resolution = resolve_area(text)
    if resolution.status == "ambiguous":
        labels = ", ".join(c.label for c in resolution.candidates[:5])
        return None, f'"{text}" ตรงกับหลายแห่ง: {labels} — ระบุอำเภอและจังหวัด'
    if not resolution.subdistrict:
        return None, f'ไม่พบตำบล "{text}" (เขียนเช่น ต.ศิลา อ.เมืองขอนแก่น จ.ขอนแก่น)'
    return Subdistrict.objects.select_related("district", "province").get(
        code=resolution.subdistrict
    ), ""


def subdistrict_type(*, many: bool = False) -> Reference:
    """A subdistrict written as people write it ("ต.ศิลา อ.เมือง จ.ขอนแก่น") or by its code."""
    return Reference(find=find_subdistrict, name_of=_subdistrict_label, many=many)


_WITH_PROVINCE = re.compile(r"^(?P<name>.+?)\s*\((?:จ\.|จังหวัด)?\s*(?P<province>[^()]+)\)$")


def organisation_name(organisation: Organisation) -> str:
    """How a cell names an organisation: "name (province)" when it has a province."""
    if organisation.province_id:
        return f"{organisation.name} ({organisation.province.name_th})"
    return organisation.name


def find_organisation(text: str) -> tuple[Organisation | None, str]:
    """Find an organisation by "name" or "name (province)"; refuse an ambiguous name."""
    qs = Organisation.objects.select_related("province")
    match = _WITH_PROVINCE.match(text)
    if match:
        province, _error = find_province(match["province"])
        if province is not None:
            found = qs.filter(
                search_name=organisation_key(match["name"]), province=province
            ).first()
            if found is not None:
                return found, ""
    candidates = list(qs.filter(search_name=organisation_key(text))[:6])
    if len(candidates) == 1:
        return candidates[0], ""
    if candidates:
        names = ", ".join(organisation_name(o) for o in candidates[:5])
        return None, f'มีองค์กรชื่อ "{text}" หลายแห่ง: {names} — ใส่จังหวัดในวงเล็บ'
    return None, f'ไม่พบองค์กร "{text}" (นำเข้าองค์กรก่อน หรือสะกดให้ตรง)'


def organisation_type(*, many: bool = False) -> Reference:
    return Reference(find=find_organisation, name_of=organisation_name, many=many)


def text_or_blank(value: Any) -> str:
    return "" if value is None else str(value)

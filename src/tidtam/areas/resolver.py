"""Read an area as people write it ("ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น") and find its official codes.

``resolve_area(text)`` never guesses: when a name fits several areas (there are many ตำบลในเมือง)
the result is "ambiguous" with every candidate, and the caller (a person) chooses. The resolver
works on GeoThai's data in memory, so it needs no database and is fast enough for imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tidtam.areas.loading import geothai_rows
from tidtam.areas.names import name_key, normalize_name, plain_key

__all__ = ["Candidate", "Resolution", "resolve_area"]

RESOLVED = "resolved"
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not_found"

# Names people use for a province other than its official name (keys as name_key gives them).
_PROVINCE_ALIASES = {
    "กทม": "10",
    "กรุงเทพ": "10",
    "กรุงเทพฯ": "10",
    "bangkok": "10",
    "อยุธยา": "14",
    "โคราช": "30",
}
_LEVEL_WORD = re.compile(r"^(?:จังหวัด|กิ่งอำเภอ|อำเภอ|เขต|ตำบล|แขวง)")
_MUNICIPALITY = re.compile(
    r"(?:เขต\s*)?(?P<word>เทศบาลนคร|เทศบาลเมือง|เทศบาลตำบล|ทน\.|ทม\.|ทต\.|องค์การบริหารส่วนตำบล|อบต\.?)"
    r"\s*(?P<name>[^\s(),]+)"
)
_MUNICIPALITY_KIND = {
    "เทศบาลนคร": "city",
    "ทน.": "city",
    "เทศบาลเมือง": "town",
    "ทม.": "town",
    "เทศบาลตำบล": "subdistrict",
    "ทต.": "subdistrict",
    "องค์การบริหารส่วนตำบล": "sao",
    "อบต.": "sao",
    "อบต": "sao",
}
_MUNICIPALITY_WORD = {
    "city": "เทศบาลนคร",
    "town": "เทศบาลเมือง",
    "subdistrict": "เทศบาลตำบล",
    "sao": "อบต.",
}
# A level word or its short form, then the name (up to a space, a bracket or a comma).
_MARKED = re.compile(
    r"(?P<word>จังหวัด|จ\.|กิ่งอำเภอ|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง)\s*"
    r"(?P<name>(?:(?!จ\.|อ\.|ต\.|จังหวัด|อำเภอ|ตำบล)[^\s(),])+)"
)
_MARK_LEVEL = {
    "จังหวัด": "province",
    "จ.": "province",
    "กิ่งอำเภอ": "district",
    "อำเภอ": "district",
    "อ.": "district",
    "เขต": "district",
    "ตำบล": "subdistrict",
    "ต.": "subdistrict",
    "แขวง": "subdistrict",
}
# Village numbers ("หมู่ที่ 4", "ม.4") say nothing about the subdistrict.
_VILLAGE = re.compile(r"(?:หมู่ที่|หมู่|ม\.)\s*\d+")
_CAPITAL = {"เมือง", "mueang", "muang"}


@dataclass(frozen=True)
class Candidate:
    """One area a text may mean: its codes and a readable Thai label."""

    province: str
    district: str = ""
    subdistrict: str = ""
    label: str = ""


@dataclass
class Resolution:
    """What ``resolve_area`` read.

    ``status`` is "resolved" (the codes are filled, down to the deepest level the text names),
    "ambiguous" (``candidates`` lists every area that fits; nothing is chosen) or "not_found".
    ``municipality`` is the local government the text names ("เทศบาลนครขอนแก่น"), if any,
    with its kind (a ``Municipality.Kind`` value). ``notes`` says what could not be read.
    """

    status: str
    province: str = ""
    district: str = ""
    subdistrict: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    municipality: str = ""
    municipality_kind: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        """Return the deepest level resolved: "subdistrict", "district", "province" or ""."""
        if self.subdistrict:
            return "subdistrict"
        if self.district:
            return "district"
        return "province" if self.province else ""

    @property
    def code(self) -> str:
        """Return the code of the deepest level resolved ("" when not resolved)."""
        return self.subdistrict or self.district or self.province


@dataclass(frozen=True)
class _Index:
    province_names: dict[str, str]
    district_names: dict[str, str]
    subdistrict_names: dict[str, str]
    provinces_by_key: dict[str, str]
    districts_by_key: dict[str, tuple[str, ...]]
    subdistricts_by_key: dict[str, tuple[str, ...]]


def area_key(text: str) -> str:
    """Return the comparison key of an area name, without a leading level word."""
    text = normalize_name(text).strip()
    text = _LEVEL_WORD.sub("", text)
    return name_key(text)


def _official_key(text: str) -> str:
    return plain_key(_LEVEL_WORD.sub("", text.strip()))


@cache
def _index() -> _Index:
    province_names = {c: th for c, th, _en in geothai_rows("provinces")}
    district_names = {c: th for c, th, _en in geothai_rows("districts")}
    subdistrict_names = {c: th for c, th, _en, _p in geothai_rows("subdistricts")}
    provinces_by_key: dict[str, str] = dict(_PROVINCE_ALIASES)
    for c, th, en in geothai_rows("provinces"):
        provinces_by_key[_official_key(th)] = c
        provinces_by_key[_official_key(en)] = c
    districts: dict[str, list[str]] = {}
    for c, th, en in geothai_rows("districts"):
        for key in {_official_key(th), _official_key(en)}:
            districts.setdefault(key, []).append(c)
    subdistricts: dict[str, list[str]] = {}
    for c, th, en, _p in geothai_rows("subdistricts"):
        # "ปอภาร (ปอพาน)": both the name and the name in brackets are read.
        names = {th, en, *re.findall(r"\(([^)]+)\)", th), re.sub(r"\s*\(.*\)", "", th)}
        for key in {_official_key(n) for n in names}:
            subdistricts.setdefault(key, []).append(c)
    return _Index(
        province_names,
        district_names,
        subdistrict_names,
        provinces_by_key,
        {k: tuple(sorted(v)) for k, v in districts.items()},
        {k: tuple(sorted(v)) for k, v in subdistricts.items()},
    )


def _label(code: str) -> str:
    idx = _index()
    parts = []
    if len(code) >= 6:
        parts.append(f"ต.{idx.subdistrict_names[code[:6]]}")
    if len(code) >= 4:
        parts.append(f"อ.{idx.district_names[code[:4]]}")
    parts.append(f"จ.{idx.province_names[code[:2]]}")
    return " ".join(parts)


def _candidate(code: str) -> Candidate:
    return Candidate(
        province=code[:2],
        district=code[:4] if len(code) >= 4 else "",
        subdistrict=code if len(code) == 6 else "",
        label=_label(code),
    )


def _provinces_named(name: str) -> list[str]:
    code = _index().provinces_by_key.get(area_key(name))
    return [code] if code else []


def _provinces_inside(text: str) -> list[str]:
    """Return the provinces whose name ends a word ("ราชภัฏอุดรธานี", "นครขอนแก่น")."""
    key = area_key(text)
    found = {
        code
        for name, code in _index().provinces_by_key.items()
        if len(name) >= 3 and key.endswith(name)
    }
    return sorted(found)


def _districts_named(name: str, provinces: list[str]) -> list[str]:
    key = area_key(name)
    if key in _CAPITAL:
        # "อ.เมือง" is the capital district of the province (code XX01); Bangkok has none.
        pool = provinces or sorted(set(_index().province_names) - {"10"})
        return [f"{p}01" for p in pool if p != "10"]
    codes = _index().districts_by_key.get(key, ())
    return [c for c in codes if not provinces or c[:2] in provinces]


def _subdistricts_named(name: str, provinces: list[str], districts: list[str]) -> list[str]:
    codes = _index().subdistricts_by_key.get(area_key(name), ())
    if districts:
        return [c for c in codes if c[:4] in districts]
    return [c for c in codes if not provinces or c[:2] in provinces]


def _result(codes: list[str], **extra: object) -> Resolution:
    if len(codes) == 1:
        code = codes[0]
        return Resolution(
            RESOLVED,
            province=code[:2],
            district=code[:4] if len(code) >= 4 else "",
            subdistrict=code if len(code) == 6 else "",
            **extra,  # type: ignore[arg-type]
        )
    return Resolution(AMBIGUOUS, candidates=[_candidate(c) for c in codes], **extra)  # type: ignore[arg-type]


def resolve_area(text: str) -> Resolution:
    """Read an area written by hand and return its codes, or every candidate when unsure.

    Reads "ต./อ./จ." and "ตำบล/อำเภอ/จังหวัด", Bangkok's "แขวง/เขต", "อ.เมือง" (the capital
    district of the province named), municipalities ("เขตเทศบาลนครขอนแก่น") and province names
    ending a longer word ("ม.ราชภัฏอุดรธานี (สามพร้าว)"). Village numbers are ignored. Names
    that fit several areas give "ambiguous" with the candidates, never one of them.
    """
    notes: list[str] = []
    text = normalize_name(text or "")
    text = _VILLAGE.sub(" ", text)

    municipality = ""
    municipality_kind = ""
    municipality_name = ""
    found = _MUNICIPALITY.search(text)
    if found:
        municipality_kind = _MUNICIPALITY_KIND[found["word"]]
        municipality_name = found["name"]
        municipality = f"{_MUNICIPALITY_WORD[municipality_kind]}{municipality_name}"
        text = text[: found.start()] + " " + text[found.end() :]

    marked: dict[str, str] = {}
    for match in _MARKED.finditer(text):
        marked.setdefault(_MARK_LEVEL[match["word"]], match["name"])
    rest = _MARKED.sub(" ", text)
    free = [w.strip("()") for w in re.split(r"[\s,]+", rest) if w.strip("()")]
    extra = {"municipality": municipality, "municipality_kind": municipality_kind, "notes": notes}

    # Provinces: named, or a free word that is a province, or a word that ends with one.
    provinces: list[str] = []
    if "province" in marked:
        provinces = _provinces_named(marked["province"])
        if not provinces:
            notes.append(f"province not found: {marked['province']}")
    if not provinces:
        for word in free:
            if found_provinces := _provinces_named(word):
                provinces = found_provinces
                free.remove(word)
                break
    if not provinces and municipality_name and (p := _provinces_named(municipality_name)):
        provinces = p
        if municipality_kind in {"city", "town"} and "district" not in marked:
            # A city or town municipality named after its province is in the capital district.
            marked["district"] = "เมือง"
        municipality_name = ""
    if not provinces:
        for word in free:
            if inside := _provinces_inside(word):
                provinces = inside
                notes.append(f"province read from: {word}")
                free.remove(word)
                break

    districts: list[str] = []
    if "district" in marked:
        districts = _districts_named(marked["district"], provinces)
        if not districts:
            notes.append(f"district not found: {marked['district']}")
    if not districts and municipality_name and municipality_kind != "sao":
        districts = _districts_named(municipality_name, provinces)
        if districts:
            municipality_name = ""

    subdistrict_name = marked.get("subdistrict", "")
    if not subdistrict_name and municipality_name:
        subdistrict_name = municipality_name
    if subdistrict_name:
        subdistricts = _subdistricts_named(subdistrict_name, provinces, districts)
        if subdistricts:
            return _result(subdistricts, **extra)
        notes.append(f"subdistrict not found: {subdistrict_name}")

    # Free words not yet used: a district or a subdistrict name within what is known so far.
    if not districts:
        for word in free:
            if (found_districts := _districts_named(word, provinces)) and area_key(
                word
            ) not in _CAPITAL:
                districts = found_districts
                free.remove(word)
                break
    if not subdistrict_name:
        for word in free:
            if subdistricts := _subdistricts_named(word, provinces, districts):
                return _result(subdistricts, **extra)

    if districts:
        return _result(districts, **extra)
    if provinces:
        return _result(provinces, **extra)
    return Resolution(NOT_FOUND, **extra)  # type: ignore[arg-type]

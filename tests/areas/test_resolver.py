"""The resolver on places as seed 000 writes them, and on names that must stay ambiguous."""

import pytest

from tidtam.areas.resolver import resolve_area


@pytest.mark.parametrize(
    ("text", "province", "district", "subdistrict"),
    [
        # seed 000, Table 2 and annex 1
        ("ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น", "40", "4010", "401002"),
        ("ตำบลในเมือง อ.บ้านไผ่ จ.ขอนแก่น", "40", "4010", "401002"),
        ("ต.ในเมือง อ.เมือง จ.ขอนแก่น", "40", "4001", "400101"),
        ("ตำบลในเมือง อำเภอเมือง จังหวัดขอนแก่น", "40", "4001", "400101"),
        ("อ.เมือง จ.ขอนแก่น", "40", "4001", ""),
        ("อ.บ้านไผ่ จ.ขอนแก่น", "40", "4010", ""),
        ("อ.บ้านไผ่ ขอนแก่น", "40", "4010", ""),
        ("ต.สามพร้าว อ.เมือง จ.อุดรธานี", "41", "4101", "410114"),
        ("ม.ราชภัฏอุดรธานี (สามพร้าว)", "41", "4101", "410114"),
        ("จ.อุดรธานี", "41", "", ""),
        ("จังหวัดขอนแก่น", "40", "", ""),
        (
            "ณ ห้องประชุมสถาบันพัฒนาองค์กรชุมชน สำนักงานภาคอีสาน ต.ในเมือง อ.เมือง จ.ขอนแก่น",
            "40",
            "4001",
            "400101",
        ),
        ("ชุมชนมิตรภาพ อ.เมือง จ.ขอนแก่น", "40", "4001", ""),
        # written without spaces, with doubled vowels, with a village number
        ("ต.ในเมืองอ.บ้านไผ่จ.ขอนแก่น", "40", "4010", "401002"),
        ("หมู่ที่ 4 ต.ในเมือง อ.เมือง จ.ขอนแก่น", "40", "4001", "400101"),
        ("อ.เเม่ริม จ.เชียงใหม่", "50", "5007", ""),
        # Bangkok: แขวง / เขต, and its short names
        ("แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร", "10", "1001", "100101"),
        ("เขตบางนา กทม.", "10", "1047", ""),
        # a district name that exists once in the country
        ("บ้านไผ่", "40", "4010", ""),
    ],
)
def test_resolves(text, province, district, subdistrict):
    found = resolve_area(text)
    assert found.status == "resolved", (found.status, found.candidates, found.notes)
    assert (found.province, found.district, found.subdistrict) == (province, district, subdistrict)
    assert found.candidates == []


def test_a_city_municipality_resolves_to_its_district():
    found = resolve_area("เขตเทศบาลนครขอนแก่น")
    assert (found.status, found.province, found.district) == ("resolved", "40", "4001")
    assert (found.municipality, found.municipality_kind) == ("เทศบาลนครขอนแก่น", "city")


def test_a_town_municipality_with_its_subdistrict():
    found = resolve_area("ชุมชนมิตรภาพซอย 4 เทศบาลเมืองบ้านไผ่ ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น")
    assert (found.status, found.subdistrict) == ("resolved", "401002")
    assert (found.municipality, found.municipality_kind) == ("เทศบาลเมืองบ้านไผ่", "town")


def test_a_subdistrict_name_alone_is_ambiguous_with_every_candidate():
    found = resolve_area("ในเมือง")
    assert found.status == "ambiguous"
    assert (found.province, found.district, found.subdistrict) == ("", "", "")
    codes = [c.subdistrict for c in found.candidates]
    assert len(codes) == 22
    assert {"400101", "401002", "402901", "510101"} <= set(codes)
    khon_kaen = next(c for c in found.candidates if c.subdistrict == "400101")
    assert khon_kaen.label == "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"


def test_a_subdistrict_name_in_a_province_with_three_of_them_stays_ambiguous():
    found = resolve_area("ต.ในเมือง จ.ขอนแก่น")
    assert found.status == "ambiguous"
    assert [c.subdistrict for c in found.candidates] == ["400101", "401002", "402901"]


def test_amphoe_mueang_without_a_province_is_ambiguous():
    found = resolve_area("อ.เมือง")
    assert found.status == "ambiguous"
    assert len(found.candidates) == 76  # every province but Bangkok has one
    assert all(c.district.endswith("01") for c in found.candidates)


@pytest.mark.parametrize("text", ["", "xyz", "จ.ไม่มีจังหวัดนี้", "สถานที่ บ้านโฮมแสนสุข"])
def test_not_found(text):
    found = resolve_area(text)
    assert found.status == "not_found"
    assert found.code == ""


def test_an_unknown_subdistrict_in_a_known_district_keeps_the_district_and_says_so():
    found = resolve_area("ต.ไม่มีจริง อ.บ้านไผ่ จ.ขอนแก่น")
    assert (found.status, found.code, found.level) == ("resolved", "4010", "district")
    assert found.notes == ["subdistrict not found: ไม่มีจริง"]

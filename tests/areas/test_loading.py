import pytest
from django.core.management import call_command

from tidtam.areas.loading import ensure_areas_loaded, load_areas
from tidtam.areas.models import (
    AbolishedArea,
    District,
    Province,
    Region,
    RegionGrouping,
    RegionProvince,
    Subdistrict,
)

pytestmark = pytest.mark.django_db

# Seed 003: the 17 provinces of CODI's northern region.
SEED_003_NORTH = {
    "เชียงใหม่", "ลำพูน", "ลำปาง", "แม่ฮ่องสอน", "เชียงราย", "พะเยา", "แพร่", "น่าน", "อุตรดิตถ์",
    "พิษณุโลก", "เพชรบูรณ์", "สุโขทัย", "ตาก", "กำแพงเพชร", "พิจิตร", "นครสวรรค์", "อุทัยธานี",
}  # fmt: skip


def _wipe() -> None:
    """Empty the area tables as a transactional test's flush does (raw: no cascade collection)."""
    for model in (
        RegionProvince,
        Region,
        RegionGrouping,
        AbolishedArea,
        Subdistrict,
        District,
        Province,
    ):
        model.objects.all()._raw_delete("default")


def test_the_migrations_load_every_area():
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436
    assert AbolishedArea.objects.count() == 1583
    khon_kaen = Subdistrict.objects.select_related("district", "province").get(code="400101")
    assert (khon_kaen.name_th, khon_kaen.district.name_th, khon_kaen.province.name_th) == (
        "ในเมือง",
        "เมืองขอนแก่น",
        "ขอนแก่น",
    )
    assert khon_kaen.name_en == "Nai Mueang"
    assert khon_kaen.postcodes == "40000"


def test_load_areas_into_an_empty_database_then_again_changes_nothing():
    _wipe()
    first = load_areas()
    assert (first["provinces"].created, first["districts"].created) == (77, 928)
    assert first["subdistricts"].created == 7436
    assert first["abolished areas"].created == 1583
    assert first["region groupings"].created == 2
    assert first["regions"].created == 11
    assert first["region provinces"].created == 154

    second = load_areas()
    assert {table: c.changed for table, c in second.items()} == dict.fromkeys(second, 0)
    assert second["provinces"].unchanged == 77
    assert second["districts"].unchanged == 928
    assert second["subdistricts"].unchanged == 7436
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77,
        928,
        7436,
    )


def test_load_areas_repairs_a_changed_name_and_counts_it():
    Subdistrict.objects.filter(code="400101").update(name_th="ชื่อผิด")
    counts = load_areas()
    assert (counts["subdistricts"].updated, counts["subdistricts"].unchanged) == (1, 7435)
    assert Subdistrict.objects.get(code="400101").name_th == "ในเมือง"


def test_the_command_reports_counts(capsys):
    call_command("load_areas")
    out = capsys.readouterr().out
    assert "provinces: 0 created, 0 updated, 77 unchanged" in out
    assert "subdistricts: 0 created, 0 updated, 7436 unchanged" in out
    assert "nothing changed" in out


def test_ensure_areas_loaded_puts_back_flushed_areas():
    _wipe()
    ensure_areas_loaded()
    assert Subdistrict.objects.count() == 7436
    assert RegionProvince.objects.count() == 154


def test_abolished_codes_keep_their_successors():
    bang_sue = AbolishedArea.objects.get(code="100205")
    assert (bang_sue.level, bang_sue.name_th, bang_sue.successor_code) == (
        "subdistrict",
        "บางซื่อ",
        "102901",
    )
    assert str(bang_sue.abolished_on) == "2006-01-01"
    bang_na = AbolishedArea.objects.get(code="104701")
    assert (bang_na.successor_code, bang_na.successor_codes) == ("", "104702 104703")


@pytest.mark.parametrize("grouping", ["codi", "geographic"])
def test_every_province_is_in_exactly_one_region_of_each_grouping(grouping):
    memberships = RegionProvince.objects.filter(grouping__code=grouping)
    provinces = list(memberships.values_list("province_id", flat=True))
    assert len(provinces) == 77
    assert set(provinces) == set(Province.objects.values_list("code", flat=True))
    assert all(
        m.region.grouping.code == grouping for m in memberships.select_related("region__grouping")
    )


def test_codi_regions_are_the_default_grouping_and_north_is_seed_003s_17_provinces():
    codi = RegionGrouping.objects.get(is_default=True)
    assert codi.code == "codi"
    sizes = {r.name_th: r.provinces.count() for r in Region.objects.filter(grouping=codi)}
    assert sizes == {
        "ภาคเหนือ": 17,
        "ภาคตะวันออกเฉียงเหนือ (อีสาน)": 20,
        "ภาคใต้": 14,
        "ภาคกลางและตะวันตก": 12,
        "ภาคกรุงเทพฯ ปริมณฑลและตะวันออก": 14,
    }
    north = Region.objects.get(grouping=codi, code="north")
    assert set(north.provinces.values_list("name_th", flat=True)) == SEED_003_NORTH


def test_geographic_regions_are_the_six_regions():
    sizes = {
        r.code: r.provinces.count() for r in Region.objects.filter(grouping__code="geographic")
    }
    assert sizes == {"north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14}
    assert (
        set(
            Region.objects.get(grouping__code="geographic", code="north").provinces.values_list(
                "name_th", flat=True
            )
        )
        < SEED_003_NORTH
    )

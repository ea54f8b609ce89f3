import pytest

from tidtam.areas.models import Community, Municipality
from tidtam.demo import organisations as demo
from tidtam.demo.steps import STEPS
from tidtam.organisations.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Community.objects.count(),
        Municipality.objects.count(),
        Organisation.history.count(),
        Person.history.count(),
        Membership.history.count(),
        Community.history.count(),
    )


def test_the_demo_step_is_registered_after_accounts():
    assert (
        STEPS.index("tidtam.demo.organisations.load")
        == STEPS.index("tidtam.demo.accounts.load") + 1
    )


def test_the_demo_step_loads_seed_000_and_a_second_run_changes_nothing():
    assert demo.load() == []
    first = _counts()
    assert first[:5] == (9, 8, 8, 6, 2)
    assert demo.load() == []
    assert _counts() == first


def test_the_demo_rows_as_the_seeds_print_them():
    demo.load()
    consumers = demo.get_demo_organisation("สมาคมผู้บริโภค จ.ขอนแก่น")
    assert consumers.name == "สมาคมผู้บริโภคจังหวัดขอนแก่น"
    assert consumers.province_id == "40"
    codi_north = demo.get_demo_organisation(demo.CODI_NORTH)
    assert codi_north.parent == demo.get_demo_organisation(demo.CODI)
    assert codi_north.working_provinces.count() == 17
    roles = {
        (str(m.person), m.organisation.name, m.role)
        for m in Membership.objects.select_related("person", "organisation")
    }
    assert (
        "นางสาวศิริมล วงศาอ้วน",
        "สมาคมผู้บริโภคจังหวัดขอนแก่น",
        "เจ้าหน้าที่การเงินโครงการ; จัดทำรายงานการเงินรายงวด โครงการ (ทั้ง 2 เมือง)",
    ) in roles
    assert (
        "นายณัฐวุฒิ กรมภักดี",
        "ศูนย์ประสานงาน กลุ่มเพื่อนคนไร้บ้าน จ.ขอนแก่น",
        "ผู้ประสานงานหลักโครงการ; จัดทำรายงานสรุปภาพรวม ความก้าวหน้าโครงการ (ทั้ง 2 เมือง)",
    ) in roles
    assert demo.get_demo_person("นางลัดดา สุทธสำราญ").title == "นาง"
    mitraphap = demo.get_demo_community("ชุมชนมิตรภาพ")
    assert (mitraphap.subdistrict_id, mitraphap.municipality.name_th) == (
        "400101",
        "เทศบาลนครขอนแก่น",
    )
    assert demo.get_demo_community("ชุมชนสมานมัย").subdistrict.district_id == "4010"
    assert demo.get_demo_organisation("สหภาพยุโรป").kind == "funder"
    assert demo.get_demo_organisation("สถาบันสิ่งแวดล้อมไทย").short_name == "TEI"

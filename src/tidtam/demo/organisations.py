"""Demo step: the organisations, people and communities of the seeds (000 and 003).

Everything goes through the organisations and areas services; every object is looked up by
its natural key first, so running the step twice changes nothing. Other demo steps use
``get_demo_organisation`` / ``get_demo_person`` / ``get_demo_community`` to find these rows.
"""

from __future__ import annotations

from tidtam.areas.loading import ensure_areas_loaded
from tidtam.areas.models import Community, District, Province, Subdistrict
from tidtam.areas.names import community_key, organisation_key
from tidtam.areas.services import community_create, municipality_get_or_create
from tidtam.demo.steps import DemoLogin
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person
from tidtam.organisations.services import (
    membership_add,
    organisation_get_or_create,
    person_create,
    split_person_name,
)

__all__ = [
    "CODI",
    "CODI_NORTH",
    "CODI_NORTHEAST",
    "CONSUMERS_KHON_KAEN",
    "COOPERATIVE_BAN_PHAI",
    "EU",
    "HOMELESS_KHON_KAEN",
    "RAILWAY_NETWORK_KHON_KAEN",
    "TEI",
    "get_demo_community",
    "get_demo_organisation",
    "get_demo_person",
    "load",
]

KHON_KAEN = "40"
MUEANG_KHON_KAEN = "4001"
BAN_PHAI = "4010"
NAI_MUEANG_KHON_KAEN = "400101"  # ต.ในเมือง อ.เมืองขอนแก่น
NAI_MUEANG_BAN_PHAI = "401002"  # ต.ในเมือง อ.บ้านไผ่
CODI_NORTH_PROVINCES = (
    "50", "51", "52", "53", "54", "55", "56", "57", "58",
    "60", "61", "62", "63", "64", "65", "66", "67",
)  # fmt: skip
CODI_NORTHEAST_PROVINCES = tuple(str(code) for code in range(30, 50))

# Organisation names as the seeds print them.
CONSUMERS_KHON_KAEN = "สมาคมผู้บริโภคจังหวัดขอนแก่น"
HOMELESS_KHON_KAEN = "ศูนย์ประสานงาน กลุ่มเพื่อนคนไร้บ้าน จ.ขอนแก่น"
RAILWAY_NETWORK_KHON_KAEN = "เครือข่ายชุมชนรถไฟเมืองขอนแก่น"
COOPERATIVE_BAN_PHAI = "สหกรณ์เคหสถาน 4 ชุมชนเมืองใต้ จำกัด"
EU = "สหภาพยุโรป"
TEI = "สถาบันสิ่งแวดล้อมไทย"
CODI = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"
CODI_NORTH = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคเหนือ"
CODI_NORTHEAST = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคอีสาน"

# (name, kind, province code or None, short name, working provinces, working districts, notes)
_ORGANISATIONS: tuple[
    tuple[str, str, str | None, str, tuple[str, ...], tuple[str, ...], str], ...
] = (
    (
        EU,
        OrganisationKind.FUNDER,
        None,
        "EU",
        (),
        (),
        "ผู้ให้ทุนโครงการประชาสังคมร่วมแรงเพื่อเปลี่ยนแปลงเมือง (seed 000)",
    ),
    (
        TEI,
        OrganisationKind.FOUNDATION,
        None,
        "TEI",
        (),
        (),
        "หน่วยงานกลาง (intermediary) ของทุนสหภาพยุโรป",
    ),
    (CODI, OrganisationKind.GOVERNMENT_AGENCY, None, "พอช.", (), (), ""),
    (
        CODI_NORTH,
        OrganisationKind.GOVERNMENT_AGENCY,
        None,
        "พอช. ภาคเหนือ",
        CODI_NORTH_PROVINCES,
        (),
        "",
    ),
    (
        CODI_NORTHEAST,
        OrganisationKind.GOVERNMENT_AGENCY,
        KHON_KAEN,
        "พอช. ภาคอีสาน",
        CODI_NORTHEAST_PROVINCES,
        (),
        "",
    ),
    (
        CONSUMERS_KHON_KAEN,
        OrganisationKind.ASSOCIATION,
        KHON_KAEN,
        "สมาคมผู้บริโภค จ.ขอนแก่น",
        (KHON_KAEN,),
        (MUEANG_KHON_KAEN, BAN_PHAI),
        "ผู้จัดทำรายงานและผู้ดำเนินโครงการนำร่อง “ขอนแก่นสนทนา” (seed 000)",
    ),
    (
        HOMELESS_KHON_KAEN,
        OrganisationKind.COMMUNITY_ORGANISATION,
        KHON_KAEN,
        "",
        (),
        (MUEANG_KHON_KAEN,),
        "",
    ),
    (
        RAILWAY_NETWORK_KHON_KAEN,
        OrganisationKind.NETWORK,
        KHON_KAEN,
        "",
        (),
        (MUEANG_KHON_KAEN,),
        "",
    ),
    (
        COOPERATIVE_BAN_PHAI,
        OrganisationKind.COOPERATIVE,
        KHON_KAEN,
        "",
        (),
        (BAN_PHAI,),
        "",
    ),
)
_PARENTS = {CODI_NORTH: CODI, CODI_NORTHEAST: CODI}

# Seed 000, annex 1, "บทบาทหน้าที่ในโครงการ": name, organisation (as printed), role.
PEOPLE: tuple[tuple[str, str, str], ...] = (
    (
        "นายณัฐวุฒิ กรมภักดี",
        HOMELESS_KHON_KAEN,
        "ผู้ประสานงานหลักโครงการ; จัดทำรายงานสรุปภาพรวม ความก้าวหน้าโครงการ (ทั้ง 2 เมือง)",
    ),
    ("นางสาวสมถวิล พิมพ์ทักษ์", RAILWAY_NETWORK_KHON_KAEN, "ผู้ประสานงานชุมชนเมืองขอนแก่น"),
    ("นางสาวโยธิตา สิงหาราม", RAILWAY_NETWORK_KHON_KAEN, "ทีมรณรงค์เมืองขอนแก่น"),
    ("นายสมชาย ชื่นบาน", COOPERATIVE_BAN_PHAI, "ผู้ประสานงานกลไกหน่วยงานใน พื้นที่"),
    ("นางลัดดา สุทธสำราญ", COOPERATIVE_BAN_PHAI, "ผู้ประสานงานชุมชนเมืองบ้านไผ่"),
    ("นางสุจิตรา เหล่าคำ", COOPERATIVE_BAN_PHAI, "ทีมรณรงค์เมืองบ้านไผ่"),
    (
        "นางสาวศิริมล วงศาอ้วน",
        "สมาคมผู้บริโภค จ.ขอนแก่น",
        "เจ้าหน้าที่การเงินโครงการ; จัดทำรายงานการเงินรายงวด โครงการ (ทั้ง 2 เมือง)",
    ),
    ("นายปวิวัติ เถลิษชาติ", "สมาคมผู้บริโภค จ.ขอนแก่น", "ที่ปรึกษา/ติดตามผลการทำงาน"),
)

RAILWAY_LAND = "ที่ดินการรถไฟแห่งประเทศไทย"
# Seed 000: name, subdistrict code, municipality (kind, full name), land status.
COMMUNITIES: tuple[tuple[str, str, tuple[str, str], str], ...] = (
    ("ชุมชนมิตรภาพ", NAI_MUEANG_KHON_KAEN, ("city", "เทศบาลนครขอนแก่น"), RAILWAY_LAND),
    ("ชุมชนเทพารักษ์ 4", NAI_MUEANG_KHON_KAEN, ("city", "เทศบาลนครขอนแก่น"), RAILWAY_LAND),
    ("ชุมชนหนองแวงตราซู 4", NAI_MUEANG_KHON_KAEN, ("city", "เทศบาลนครขอนแก่น"), RAILWAY_LAND),
    (
        "ชุมชนโนนหนองวัด 2 ท้องช้าง",
        NAI_MUEANG_KHON_KAEN,
        ("city", "เทศบาลนครขอนแก่น"),
        RAILWAY_LAND,
    ),
    ("ชุมชนสมานมัย", NAI_MUEANG_BAN_PHAI, ("town", "เทศบาลเมืองบ้านไผ่"), ""),
    ("ชุมชนหมู่ 1 พัฒนา", NAI_MUEANG_BAN_PHAI, ("town", "เทศบาลเมืองบ้านไผ่"), ""),
)


def get_demo_organisation(name: str) -> Organisation:
    """Return a demo organisation by its name as the seeds print it ("สมาคมผู้บริโภค จ.ขอนแก่น" works)."""
    return Organisation.objects.filter(search_name=organisation_key(name)).order_by("pk").get()


def get_demo_person(name: str) -> Person:
    """Return a demo person by the name as printed ("นางสาวศิริมล วงศาอ้วน")."""
    _title, first, last = split_person_name(name)
    return Person.objects.get(first_name=first, last_name=last)


def get_demo_community(name: str) -> Community:
    """Return a demo community by name ("ชุมชนมิตรภาพ")."""
    return Community.objects.filter(search_name=community_key(name)).order_by("pk").get()


def _organisations() -> None:
    for name, kind, province, short, provinces, districts, notes in _ORGANISATIONS:
        parent_name = _PARENTS.get(name)
        organisation_get_or_create(
            name=name,
            kind=kind,
            province=Province.objects.get(code=province) if province else None,
            short_name=short,
            parent=get_demo_organisation(parent_name) if parent_name else None,
            working_provinces=Province.objects.filter(code__in=provinces),
            working_districts=District.objects.filter(code__in=districts),
            notes=notes,
        )


def _people() -> None:
    for printed, organisation_name, role in PEOPLE:
        title, first, last = split_person_name(printed)
        person = Person.objects.filter(first_name=first, last_name=last).first()
        if person is None:
            person = person_create(title=title, first_name=first, last_name=last)
        organisation = get_demo_organisation(organisation_name)
        if not Membership.objects.filter(
            person=person, organisation=organisation, role=role
        ).exists():
            membership_add(person=person, organisation=organisation, role=role)


def _communities() -> None:
    for name, subdistrict_code, (kind, municipality_name), land_status in COMMUNITIES:
        subdistrict = Subdistrict.objects.select_related("district").get(code=subdistrict_code)
        if Community.objects.filter(
            subdistrict=subdistrict, search_name=community_key(name)
        ).exists():
            continue
        municipality = municipality_get_or_create(
            name_th=municipality_name,
            kind=kind,
            district=subdistrict.district,
            subdistricts=(subdistrict,),
        )
        community_create(
            name=name,
            subdistrict=subdistrict,
            municipality=municipality,
            land_status=land_status,
        )


def load() -> list[DemoLogin]:
    """Create (once) the seeds' organisations, people, memberships and communities."""
    ensure_areas_loaded()
    _organisations()
    _people()
    _communities()
    return []

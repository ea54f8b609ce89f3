"""Community services, Thai-aware search and pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.areas.factories import CommunityFactory, MunicipalityFactory, district, subdistrict
from tests.organisations.factories import OrganisationFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.areas.models import Community, Province
from tidtam.areas.selectors import community_list
from tidtam.areas.services import community_create, community_update

pytestmark = pytest.mark.django_db

SEED_000_KHON_KAEN = [
    "ชุมชนมิตรภาพ",
    "ชุมชนเทพารักษ์ 4",
    "ชุมชนหนองแวงตราซู 4",
    "ชุมชนโนนหนองวัด 2 ท้องช้าง",
]


@pytest.fixture
def admin_user(db):
    return user_with_grant("admin-all", Role.ADMINISTRATOR)


@pytest.fixture
def seed_communities(db):
    city = MunicipalityFactory()
    made = [
        community_create(name=name, subdistrict=subdistrict("400101"), municipality=city)
        for name in SEED_000_KHON_KAEN
    ]
    made.append(community_create(name="ชุมชนสมานมัย", subdistrict=subdistrict("401002")))
    made.append(community_create(name="ชุมชนหมู่ 1 พัฒนา", subdistrict=subdistrict("401002")))
    return made


def test_community_create_normalises_and_keys(seed_communities):
    community = community_create(
        name="ชุมชน  เเสนสุข", subdistrict=subdistrict("400101"), households=120
    )
    community.refresh_from_db()
    assert (community.name, community.search_name, community.households) == (
        "ชุมชน แสนสุข",
        "แสนสุข",
        120,
    )
    assert community.history.count() == 1


def test_the_same_community_twice_in_a_subdistrict_is_refused_in_thai(seed_communities):
    with pytest.raises(ValidationError) as refused:
        community_create(name="มิตรภาพ", subdistrict=subdistrict("400101"))
    assert refused.value.message_dict == {"name": ["มีชุมชนชื่อนี้อยู่แล้วในตำบลนี้"]}
    # the same name in another subdistrict is another community
    community_create(name="ชุมชนมิตรภาพ", subdistrict=subdistrict("401002"))
    assert Community.objects.filter(search_name="มิตรภาพ").count() == 2


def test_a_municipality_of_another_district_is_refused(seed_communities):
    town = MunicipalityFactory(name_th="เทศบาลเมืองบ้านไผ่", kind="town", district=district("4010"))
    with pytest.raises(ValidationError) as refused:
        community_create(name="ชุมชนใหม่", subdistrict=subdistrict("400101"), municipality=town)
    assert refused.value.message_dict == {"municipality": ["เทศบาลนี้ไม่อยู่ในอำเภอของตำบลที่เลือก"]}
    with pytest.raises(ValidationError):
        community_create(name="  ", subdistrict=subdistrict("400101"))
    assert Community.objects.count() == 6


def test_community_update(seed_communities):
    community = seed_communities[0]
    community_update(community, households=85, land_status="ที่ดินการรถไฟแห่งประเทศไทย")
    community.refresh_from_db()
    assert (community.households, community.land_status) == (85, "ที่ดินการรถไฟแห่งประเทศไทย")
    with pytest.raises(ValidationError):
        community_update(community, name="ชุมชนเทพารักษ์ 4")
    community.refresh_from_db()
    assert community.name == "ชุมชนมิตรภาพ"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("มิตรภาพ", ["ชุมชนมิตรภาพ"]),
        ("ชุมชนมิตรภาพ", ["ชุมชนมิตรภาพ"]),
        ("ชุมชน  เทพารักษ์ ๔", ["ชุมชนเทพารักษ์ 4"]),
        ("เทพารักษ์4", ["ชุมชนเทพารักษ์ 4"]),
        # spellings of seed 000 itself: ตราซู่ 4 / ตราซุ 4 for ตราซู 4
        ("หนองแวงตราซู่ 4", ["ชุมชนหนองแวงตราซู 4"]),
        ("ชุมชนหนองแวงตราซุ 4", ["ชุมชนหนองแวงตราซู 4"]),
        ("โนนหนองวัด ท้องช้าง", ["ชุมชนโนนหนองวัด 2 ท้องช้าง"]),
        ("หมู่ 1", ["ชุมชนหมู่ 1 พัฒนา"]),
        ("ไม่มีชุมชนนี้เลย", []),
    ],
)
def test_thai_aware_community_search(seed_communities, admin_user, query, expected):
    assert [c.name for c in community_list(admin_user, query=query)] == expected


def test_community_list_filters_by_area(seed_communities, admin_user):
    assert len(community_list(admin_user, province="40")) == 6
    assert len(community_list(admin_user, district="4010")) == 2
    assert [c.name for c in community_list(admin_user, subdistrict="401002")] == [
        "ชุมชนสมานมัย",
        "ชุมชนหมู่ 1 พัฒนา",
    ]


def test_community_list_is_scoped(seed_communities):
    chiang_mai = user_with_grant(
        "officer-cm", Role.AREA_OFFICER, province=Province.objects.get(code="50")
    )
    khon_kaen = user_with_grant(
        "officer-kk", Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    assert list(community_list(chiang_mai)) == []
    assert len(community_list(khon_kaen)) == 6
    # staff of an organisation working in อ.บ้านไผ่ see the communities there
    cooperative = OrganisationFactory(name="สหกรณ์เคหสถาน 4 ชุมชนเมืองใต้ จำกัด")
    cooperative.working_districts.add(district("4010"))
    staff = user_with_grant("staff", Role.FIELD_STAFF, organisation=cooperative)
    assert [c.name for c in community_list(staff)] == ["ชุมชนสมานมัย", "ชุมชนหมู่ 1 พัฒนา"]


# --- pages ----------------------------------------------------------------------------------


def test_area_browse_pages(client, admin_user):
    client.force_login(
        user_with_grant("reader", Role.FIELD_STAFF, organisation=OrganisationFactory())
    )
    page = client.get(reverse("areas:index")).content.decode()
    assert "ภาคเหนือ" in page and "นครสวรรค์" in page
    response = client.get(reverse("areas:province", args=["40"]))
    assert response.status_code == 200
    assert "บ้านไผ่" in response.content.decode()
    response = client.get(reverse("areas:district", args=["4010"]))
    assert "ในเมือง" in response.content.decode() and "40110" in response.content.decode()
    response = client.get(reverse("areas:subdistrict", args=["401002"]))
    assert response.status_code == 200
    assert client.get(reverse("areas:province", args=["99"])).status_code == 404


def test_community_pages_for_an_officer_in_scope_and_out_of_scope(client, seed_communities):
    community = seed_communities[0]
    khon_kaen = user_with_grant(
        "officer-kk", Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    chiang_mai = user_with_grant(
        "officer-cm", Role.AREA_OFFICER, province=Province.objects.get(code="50")
    )
    client.force_login(khon_kaen)
    assert client.get(reverse("areas:community_detail", args=[community.pk])).status_code == 200
    listing = client.get(reverse("areas:communities"), {"q": "เทพารักษ์ ๔"}).content.decode()
    assert "ชุมชนเทพารักษ์ 4" in listing and "ชุมชนมิตรภาพ" not in listing
    client.force_login(chiang_mai)
    assert client.get(reverse("areas:community_detail", args=[community.pk])).status_code == 404
    assert client.get(reverse("areas:community_edit", args=[community.pk])).status_code == 404
    assert "ชุมชนมิตรภาพ" not in client.get(reverse("areas:communities")).content.decode()
    subdistrict_page = client.get(reverse("areas:subdistrict", args=["400101"])).content.decode()
    assert "ชุมชนมิตรภาพ" not in subdistrict_page


def test_create_a_community_through_the_picker(client):
    officer = user_with_grant(
        "officer-kk", Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    client.force_login(officer)
    url = reverse("areas:community_create")
    page = client.get(url, {"subdistrict": "401002"}).content.decode()
    assert 'value="401002" selected' in page
    options = client.get(reverse("areas:district_options"), {"province": "40"}).content.decode()
    assert '<option value="4010">บ้านไผ่</option>' in options
    options = client.get(
        reverse("areas:subdistrict_options"), {"district": "4010"}
    ).content.decode()
    assert '<option value="401002">ในเมือง</option>' in options
    # after a change of province, the old district's subdistricts are not offered
    stale = client.get(
        reverse("areas:subdistrict_options"), {"province": "50", "district": "4010"}
    ).content.decode()
    assert "ในเมือง" not in stale
    response = client.post(
        url,
        {
            "name": "ชุมชนสมานมัย",
            "province": "40",
            "district": "4010",
            "subdistrict": "401002",
            "households": "45",
        },
    )
    community = Community.objects.get()
    assert response.status_code == 302
    assert (community.subdistrict_id, community.households) == ("401002", 45)
    assert community.history.get().history_user == officer


def test_invalid_community_input_gives_thai_messages_and_saves_nothing(client):
    officer = user_with_grant(
        "officer-kk", Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    client.force_login(officer)
    response = client.post(
        reverse("areas:community_create"),
        {
            "name": "ชุมชนใหม่",
            "province": "40",
            "district": "5001",
            "subdistrict": "500101",
            "households": "-3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in page
    assert Community.objects.count() == 0


def test_an_officer_cannot_add_a_community_outside_their_province(client):
    officer = user_with_grant(
        "officer-cm", Role.AREA_OFFICER, province=Province.objects.get(code="50")
    )
    client.force_login(officer)
    response = client.post(
        reverse("areas:community_create"),
        {"name": "ชุมชนใหม่", "province": "40", "district": "4010", "subdistrict": "401002"},
    )
    assert "คุณไม่มีสิทธิ์เพิ่มชุมชนในตำบลนี้" in response.content.decode()
    assert Community.objects.count() == 0


def test_edit_a_community(client, seed_communities):
    community = seed_communities[0]
    officer = user_with_grant(
        "officer-kk", Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    client.force_login(officer)
    url = reverse("areas:community_edit", args=[community.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "ชุมชนมิตรภาพ",
            "province": "40",
            "district": "4001",
            "subdistrict": "400101",
            "municipality": str(community.municipality_id),
            "households": "80",
        },
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.households == 80
    assert CommunityFactory._meta.model is Community

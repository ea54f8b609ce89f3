import pytest

from tests.organisations.factories import OrganisationFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.organisations.models import OrganisationKind
from tidtam.organisations.selectors import organisation_list, person_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return user_with_grant("admin-all", Role.ADMINISTRATOR)


@pytest.fixture
def organisations(khon_kaen, chiang_mai):
    return {
        "consumers": OrganisationFactory(
            name="สมาคมผู้บริโภคจังหวัดขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
        ),
        "railway": OrganisationFactory(name="เครือข่ายชุมชนรถไฟเมืองขอนแก่น", province=khon_kaen),
        "cooperative": OrganisationFactory(
            name="สหกรณ์เคหสถาน 4 ชุมชนเมืองใต้ จำกัด",
            kind=OrganisationKind.COOPERATIVE,
            province=khon_kaen,
        ),
        "chiang_mai": OrganisationFactory(name="เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่", province=chiang_mai),
        "eu": OrganisationFactory(name="สหภาพยุโรป", short_name="EU", kind=OrganisationKind.FUNDER),
    }


def _names(qs):
    return [o.name for o in qs]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("สมาคมผู้บริโภค จ.ขอนแก่น", ["สมาคมผู้บริโภคจังหวัดขอนแก่น"]),
        ("ผู้บริโภค", ["สมาคมผู้บริโภคจังหวัดขอนแก่น"]),
        ("รถไฟ   ขอนแก่น", ["เครือข่ายชุมชนรถไฟเมืองขอนแก่น"]),
        ("สหกรณ์เคหสถาน ๔", ["สหกรณ์เคหสถาน 4 ชุมชนเมืองใต้ จำกัด"]),
        ("eu", ["สหภาพยุโรป"]),
        ("เครือข่าย", ["เครือข่ายชุมชนรถไฟเมืองขอนแก่น", "เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่"]),
        ("ไม่มีองค์กรนี้", []),
    ],
)
def test_thai_aware_organisation_search(organisations, admin_user, query, expected):
    assert _names(organisation_list(admin_user, query=query)) == expected


def test_filters_by_kind_and_province(organisations, admin_user, khon_kaen):
    assert _names(organisation_list(admin_user, kind=OrganisationKind.COOPERATIVE)) == [
        "สหกรณ์เคหสถาน 4 ชุมชนเมืองใต้ จำกัด"
    ]
    organisations["eu"].working_provinces.add(khon_kaen)
    assert len(organisation_list(admin_user, province="40")) == 4
    assert _names(organisation_list(admin_user, province="50")) == ["เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่"]


def test_the_list_is_scoped(organisations, chiang_mai):
    officer = user_with_grant("officer-cm", Role.AREA_OFFICER, province=chiang_mai)
    assert _names(organisation_list(officer)) == ["เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่"]
    assert _names(organisation_list(officer, query="ผู้บริโภค")) == []
    nobody = user_with_grant("nobody")
    assert _names(organisation_list(nobody)) == []


def test_person_list_is_scoped(consumers, north_officer, coordinator):
    assert [str(p) for p in person_list(coordinator)] == ["นางสาวศิริมล วงศาอ้วน"]
    assert [str(p) for p in person_list(coordinator, query="วงศา")] == ["นางสาวศิริมล วงศาอ้วน"]
    assert list(person_list(north_officer)) == []

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.organisations.factories import OrganisationFactory, PersonFactory
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person
from tidtam.organisations.services import (
    membership_add,
    membership_update,
    organisation_create,
    organisation_get_or_create,
    organisation_update,
    person_create,
    person_update,
    split_person_name,
)

pytestmark = pytest.mark.django_db


def test_organisation_create_normalises_and_keys_the_name(khon_kaen):
    organisation = organisation_create(
        name="ศูนย์ประสานงาน  กลุ่มเพื่อนคนไร้บ้าน จ.ขอนแก่น",
        kind=OrganisationKind.COMMUNITY_ORGANISATION,
        province=khon_kaen,
        working_provinces=[khon_kaen],
        phone="๐๔๓ ๑๒๓ ๔๕๖",
    )
    organisation.refresh_from_db()
    assert organisation.name == "ศูนย์ประสานงาน กลุ่มเพื่อนคนไร้บ้าน จ.ขอนแก่น"
    assert organisation.search_name == "ศูนย์ประสานงานกลุ่มเพื่อนคนไร้บ้านจังหวัดขอนแก่น"
    assert organisation.phone == "043 123 456"
    assert list(organisation.working_provinces.values_list("code", flat=True)) == ["40"]
    assert organisation.history.count() == 1


def test_the_same_name_in_the_same_province_is_refused_in_thai(consumers, khon_kaen):
    with pytest.raises(ValidationError) as refused:
        organisation_create(
            name="สมาคมผู้บริโภค จ.ขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
        )
    assert refused.value.message_dict == {"name": ["มีองค์กรชื่อนี้อยู่แล้วในจังหวัดนี้"]}
    assert Organisation.objects.count() == 1


def test_the_same_name_in_another_province_is_allowed(consumers, chiang_mai):
    other = organisation_create(
        name="สมาคมผู้บริโภคจังหวัดขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=chiang_mai
    )
    assert other.pk != consumers.pk


def test_an_empty_name_or_unknown_kind_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError) as refused:
        organisation_create(name="   ", kind="no-such-kind")
    assert refused.value.message_dict == {"name": ["กรุณากรอกชื่อองค์กร"]}
    with pytest.raises(ValidationError) as refused:
        organisation_create(name="มูลนิธิ", kind="no-such-kind")
    assert list(refused.value.message_dict) == ["kind"]
    assert Organisation.objects.count() == 0
    assert Organisation.history.count() == 0


def test_a_parent_loop_is_refused():
    network = OrganisationFactory(name="เครือข่ายเอ")
    member = OrganisationFactory(name="กลุ่มบี", parent=network)
    with pytest.raises(ValidationError) as refused:
        organisation_update(network, parent=member)
    assert refused.value.message_dict == {
        "parent": ["องค์กรไม่สามารถเป็นสมาชิกของตัวเองหรือของสมาชิกของตัวเองได้"]
    }
    network.refresh_from_db()
    assert network.parent_id is None


def test_organisation_update_changes_fields_and_areas_and_keeps_history(consumers, chiang_mai):
    updated = organisation_update(
        consumers, short_name="สบข.", working_provinces=[chiang_mai], phone="043000000"
    )
    assert (updated.short_name, updated.phone) == ("สบข.", "043000000")
    assert list(updated.working_provinces.values_list("code", flat=True)) == ["50"]
    assert consumers.history.count() == 2


def test_organisation_get_or_create_finds_the_printed_variant(consumers, khon_kaen):
    found, created = organisation_get_or_create(
        name="สมาคมผู้บริโภค จ.ขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
    )
    assert (found.pk, created) == (consumers.pk, False)


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("นายณัฐวุฒิ กรมภักดี", ("นาย", "ณัฐวุฒิ", "กรมภักดี")),
        ("นางสาวสมถวิล พิมพ์ทักษ์", ("นางสาว", "สมถวิล", "พิมพ์ทักษ์")),
        ("นางลัดดา สุทธสำราญ", ("นาง", "ลัดดา", "สุทธสำราญ")),
        ("น.ส.โยธิตา สิงหาราม", ("นางสาว", "โยธิตา", "สิงหาราม")),
        ("ดร.สมชาย ชื่นบาน", ("ดร.", "สมชาย", "ชื่นบาน")),
        ("สมชาย", ("", "สมชาย", "")),
    ],
)
def test_split_person_name(printed, parts):
    assert split_person_name(printed) == parts


def test_person_create_and_update():
    person = person_create(
        title="นาง", first_name=" ลัดดา ", last_name="สุทธสำราญ", expertise="ที่อยู่อาศัย ,, การเงิน"
    )
    assert (person.first_name, person.expertise) == ("ลัดดา", "ที่อยู่อาศัย, การเงิน")
    person_update(person, phone="๐๘๑ ๒๓๔ ๕๖๗๘")
    person.refresh_from_db()
    assert person.phone == "081 234 5678"
    assert person.history.count() == 2


def test_a_person_without_a_first_name_or_with_a_bad_email_is_refused():
    with pytest.raises(ValidationError) as refused:
        person_create(first_name="  ")
    assert refused.value.message_dict == {"first_name": ["กรุณากรอกชื่อของบุคคล"]}
    with pytest.raises(ValidationError) as refused:
        person_create(first_name="สมใจ", email="not-an-email")
    assert list(refused.value.message_dict) == ["email"]
    assert Person.objects.count() == 0


def test_memberships(consumers):
    person = PersonFactory()
    membership = membership_add(person=person, organisation=consumers, role="ที่ปรึกษา")
    with pytest.raises(ValidationError) as refused:
        membership_add(person=person, organisation=consumers, role="ที่ปรึกษา")
    assert refused.value.message_dict == {"role": ["บุคคลนี้มีบทบาทนี้ในองค์กรนี้อยู่แล้ว"]}
    with pytest.raises(ValidationError) as refused:
        membership_update(
            membership,
            start_date=datetime.date(2023, 3, 1),
            end_date=datetime.date(2023, 2, 1),
        )
    assert refused.value.message_dict == {"end_date": ["วันที่สิ้นสุดต้องไม่อยู่ก่อนวันที่เริ่ม"]}
    membership.refresh_from_db()
    assert membership.end_date is None
    assert Membership.objects.filter(person=person).count() == 1

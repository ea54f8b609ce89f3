import pytest
from django.urls import reverse

from tests.organisations.factories import PASSWORD, OrganisationFactory, PersonFactory
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_list_search_and_detail(client, coordinator, consumers):
    c = _client(client, coordinator)
    response = c.get(reverse("organisations:index"), {"q": "ผู้บริโภค ขอนแก่น"})
    assert response.status_code == 200
    assert "สมาคมผู้บริโภคจังหวัดขอนแก่น" in response.content.decode()
    response = c.get(reverse("organisations:detail", args=[consumers.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "นางสาวศิริมล วงศาอ้วน" in page
    assert "เจ้าหน้าที่การเงินโครงการ" in page


def test_an_out_of_scope_user_gets_404_and_no_data(client, north_officer, consumers):
    c = _client(client, north_officer)
    person = consumers.memberships.get().person
    membership = consumers.memberships.get()
    for url in (
        reverse("organisations:detail", args=[consumers.pk]),
        reverse("organisations:edit", args=[consumers.pk]),
        reverse("organisations:membership_add", args=[consumers.pk]),
        reverse("organisations:membership_edit", args=[membership.pk]),
        reverse("organisations:person_detail", args=[person.pk]),
        reverse("organisations:person_edit", args=[person.pk]),
    ):
        assert c.get(url).status_code == 404, url
    assert (
        c.post(reverse("organisations:membership_remove", args=[membership.pk])).status_code == 404
    )
    listing = c.get(reverse("organisations:index")).content.decode()
    assert "สมาคมผู้บริโภค" not in listing
    people = c.get(reverse("organisations:people")).content.decode()
    assert "ศิริมล" not in people
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_anonymous_users_are_sent_to_the_login_page(client, consumers):
    response = client.get(reverse("organisations:detail", args=[consumers.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_personal_data_only_for_those_who_may_see_it(client, consumers, coordinator, field_staff):
    person = consumers.memberships.get().person
    url = reverse("organisations:person_detail", args=[person.pk])
    page = _client(client, coordinator).get(url).content.decode()
    assert "089 111 2222" in page and "sirimon@example.org" in page and "sirimon-kk" in page
    client.logout()
    response = _client(client, field_staff).get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ศิริมล" in page
    assert "089 111 2222" not in page and "sirimon@example.org" not in page
    assert "sirimon-kk" not in page
    # nor through the edit form, and a forged POST cannot change them
    edit = reverse("organisations:person_edit", args=[person.pk])
    form_page = client.get(edit).content.decode()
    assert "089 111 2222" not in form_page
    response = client.post(
        edit, {"title": "นางสาว", "first_name": "ศิริมล", "last_name": "วงศาอ้วน", "phone": "000"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "089 111 2222"


def test_create_an_organisation(client, isan_officer, khon_kaen):
    c = _client(client, isan_officer)
    assert c.get(reverse("organisations:create")).status_code == 200
    response = c.post(
        reverse("organisations:create"),
        {
            "name": "เครือข่ายชุมชนรถไฟเมืองขอนแก่น",
            "kind": OrganisationKind.NETWORK,
            "province": "40",
            "working_provinces": ["40"],
        },
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])
    assert organisation.search_name == "เครือข่ายชุมชนรถไฟเมืองขอนแก่น"
    assert organisation.history.get().history_user == isan_officer


def test_invalid_organisation_input_gives_thai_messages_and_saves_nothing(
    client, isan_officer, consumers
):
    c = _client(client, isan_officer)
    response = c.post(reverse("organisations:create"), {"name": "", "kind": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in page
    assert "กรุณากรอกข้อมูลในช่องนี้" in page
    response = c.post(
        reverse("organisations:create"),
        {"name": "สมาคมผู้บริโภค จ.ขอนแก่น", "kind": OrganisationKind.ASSOCIATION, "province": "40"},
    )
    assert "มีองค์กรชื่อนี้อยู่แล้วในจังหวัดนี้" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_an_officer_cannot_add_an_organisation_outside_their_province(client, north_officer):
    c = _client(client, north_officer)
    response = c.post(
        reverse("organisations:create"),
        {"name": "องค์กรใหม่", "kind": OrganisationKind.NGO, "province": "40"},
    )
    assert response.status_code == 200
    assert "คุณเพิ่มองค์กรได้เฉพาะในจังหวัดหรือเครือข่ายที่คุณดูแล" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_edit_an_organisation(client, coordinator, consumers):
    c = _client(client, coordinator)
    url = reverse("organisations:edit", args=[consumers.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "name": consumers.name,
            "kind": OrganisationKind.ASSOCIATION,
            "province": "40",
            "short_name": "สบข.",
        },
    )
    assert response.status_code == 302
    consumers.refresh_from_db()
    assert consumers.short_name == "สบข."


def test_a_funder_may_see_but_not_change(client, consumers):
    from tests.organisations.factories import user_with_grant
    from tidtam.accounts.models import Role

    funder = OrganisationFactory(name="สหภาพยุโรป", kind=OrganisationKind.FUNDER)
    user = user_with_grant("eu", Role.FUNDER, organisation=funder)
    c = _client(client, user)
    assert c.get(reverse("organisations:detail", args=[funder.pk])).status_code == 200
    assert c.get(reverse("organisations:edit", args=[funder.pk])).status_code == 403
    assert c.get(reverse("organisations:detail", args=[consumers.pk])).status_code == 404


def test_add_a_new_person_as_member_then_edit_and_remove_the_membership(
    client, coordinator, consumers
):
    c = _client(client, coordinator)
    url = reverse("organisations:membership_add", args=[consumers.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "title": "นาย",
            "first_name": "ปวิวัติ",
            "last_name": "เถลิษชาติ",
            "role": "ที่ปรึกษา/ติดตามผลการทำงาน",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__first_name="ปวิวัติ")
    assert (membership.organisation, membership.role) == (consumers, "ที่ปรึกษา/ติดตามผลการทำงาน")

    edit = reverse("organisations:membership_edit", args=[membership.pk])
    response = c.post(
        edit, {"role": "ที่ปรึกษา", "start_date": "2023-03-01", "end_date": "2023-02-01"}
    )
    assert "วันที่สิ้นสุดต้องไม่อยู่ก่อนวันที่เริ่ม" in response.content.decode()
    response = c.post(edit, {"role": "ที่ปรึกษา", "start_date": "2023-02-01", "end_date": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "ที่ปรึกษา"

    remove = reverse("organisations:membership_remove", args=[membership.pk])
    assert c.get(remove).status_code == 405
    assert c.post(remove).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Person.objects.filter(first_name="ปวิวัติ").exists()


def test_the_member_form_offers_only_people_in_scope(client, coordinator, consumers):
    outsider = PersonFactory(first_name="คนนอก")
    Membership.objects.create(person=outsider, organisation=OrganisationFactory(name="อื่น"))
    c = _client(client, coordinator)
    page = c.get(reverse("organisations:membership_add", args=[consumers.pk])).content.decode()
    assert "คนนอก" not in page
    response = c.post(
        reverse("organisations:membership_add", args=[consumers.pk]),
        {"person": outsider.pk, "role": "สมาชิก"},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(person=outsider, organisation=consumers).exists()


def test_login_password_constant_is_usable():
    assert len(PASSWORD) >= 10

"""Accounts: password rules, lock-out, logging out everywhere, my account, users and grants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tidtam.accounts.models import Grant, Role, User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def person():
    return User.objects.create_user("somchai", password=PASSWORD, display_name="สมชาย ใจดี")


@pytest.mark.parametrize(
    "weak",
    ["short-1", "1234567890123", "password1234", "somchai123"],
    ids=["too-short", "numeric", "common", "like-username"],
)
def test_weak_passwords_are_refused(person, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=person)


def test_strong_password_is_accepted(person):
    validate_password("tidtam-north-2568", user=person)


def _login(client, password):
    return client.post(
        reverse("accounts:login"),
        {"username": "somchai", "password": password},
        HTTP_ACCEPT_LANGUAGE="th",
    )


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(person, settings):
    client = Client()
    for _ in range(settings.LOCKOUT_FAILURES):
        response = _login(client, "wrong-password-123")
        assert response.status_code == 200
    person.refresh_from_db()
    assert person.locked_until is not None
    response = _login(client, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "บัญชีนี้ถูกล็อกชั่วคราว" in response.content.decode()


def test_account_unlocks_after_the_period(person, settings):
    client = Client()
    for _ in range(settings.LOCKOUT_FAILURES):
        _login(client, "wrong-password-123")
    User.objects.filter(pk=person.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.failed_login_count == 0
    assert person.locked_until is None


def test_wrong_password_message_is_thai(person):
    response = _login(Client(), "wrong-password-123")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_logout_everywhere_ends_the_other_session(person):
    phone, laptop = Client(), Client()
    assert phone.login(username="somchai", password=PASSWORD)
    assert laptop.login(username="somchai", password=PASSWORD)
    assert phone.get(reverse("accounts:me")).status_code == 200
    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    response = phone.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in phone.session


def test_my_account_lists_my_grants(person):
    from tidtam.areas.models import Province

    Grant.objects.create(
        user=person, role=Role.AREA_OFFICER, province=Province.objects.get(code="40")
    )
    client = Client()
    client.force_login(person)
    body = client.get(reverse("accounts:me"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ขอนแก่น" in body


def test_password_change_applies_the_rules(person):
    client = Client()
    client.force_login(person)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "tidtam-south-2568",
            "new_password2": "tidtam-south-2568",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("tidtam-south-2568")


def test_users_page_is_for_administrators_only(person):
    client = Client()
    client.force_login(person)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("accounts:user_grants", args=[person.pk])).status_code == 404
    admin = User.objects.create_user("boss", password=PASSWORD)
    Grant.objects.create(user=admin, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    assert client.get(reverse("accounts:users")).status_code == 200
    assert client.get(reverse("accounts:user_grants", args=[person.pk])).status_code == 200


def test_administrator_gives_and_removes_a_grant(person):
    from tidtam.areas.models import Province

    admin = User.objects.create_user("boss", password=PASSWORD)
    Grant.objects.create(user=admin, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    url = reverse("accounts:user_grants", args=[person.pk])
    response = client.post(url, {"role": Role.COORDINATOR, "province": "40"})
    assert response.status_code == 302
    grant = Grant.objects.get(user=person)
    assert grant.province == Province.objects.get(code="40")
    assert grant.granted_by == admin
    # two scopes at once are refused
    response = client.post(
        url, {"role": Role.COORDINATOR, "province": "40", "subdistrict": "400101"}
    )
    assert response.status_code == 200
    assert Grant.objects.filter(user=person).count() == 1
    response = client.post(reverse("accounts:grant_revoke", args=[grant.pk]))
    assert response.status_code == 302
    assert not Grant.objects.filter(user=person).exists()


def test_grant_needs_at_most_one_scope_in_the_database(person):
    from django.db import IntegrityError, transaction

    from tidtam.areas.models import Province, Subdistrict

    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(
            user=person,
            role=Role.COORDINATOR,
            province=Province.objects.get(code="40"),
            subdistrict=Subdistrict.objects.get(code="400101"),
        )

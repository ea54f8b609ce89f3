"""In-app notifications: created after commit, listed for their owner only, counted in a tag."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests.projects.factories import user_with_grant
from tidtam.notifications.models import Notification
from tidtam.notifications.selectors import notifications_for, unread_count
from tidtam.notifications.services import notification_mark_read, notify, notify_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return user_with_grant("alice")


@pytest.fixture
def bob():
    return user_with_grant("bob")


def test_notify_once_per_user(alice, bob):
    rows = notify([alice, alice, bob], "โปรดตรวจรายงาน", "/projects/1/")
    assert len(rows) == 2
    assert unread_count(alice) == 1
    assert list(notifications_for(bob).values_list("text", "url")) == [
        ("โปรดตรวจรายงาน", "/projects/1/")
    ]


def test_notify_on_commit_runs_only_after_commit(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_on_commit(alice, "ส่งแล้ว", "/projects/periods/1/")
    assert Notification.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    assert Notification.objects.get().text == "ส่งแล้ว"


def test_unread_first_and_mark_read(alice):
    notify(alice, "หนึ่ง", "/projects/1/")
    notify(alice, "สอง", "/projects/2/")
    first = Notification.objects.get(text="หนึ่ง")
    notification_mark_read(alice, [first.pk])
    assert [n.text for n in notifications_for(alice)] == ["สอง", "หนึ่ง"]
    assert unread_count(alice) == 1
    notification_mark_read(alice)
    assert unread_count(alice) == 0


def test_template_tag_counts_the_request_users_unread(alice, bob):
    notify(alice, "ก", "/a/")
    notify(alice, "ข", "/b/")
    notify(bob, "ค", "/c/")
    request = RequestFactory().get("/")
    request.user = alice
    html = Template("{% load notifications %}{% unread_notifications_count %}").render(
        Context({"request": request})
    )
    assert html == "2"


def test_list_page_shows_only_my_notifications(client, alice, bob):
    notify(alice, "ของอลิซ", "/projects/")
    notify(bob, "ของบ็อบ", "/projects/")
    client.force_login(alice)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ของอลิซ" in body and "ของบ็อบ" not in body
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert unread_count(alice) == 0 and unread_count(bob) == 1


def test_list_page_needs_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302

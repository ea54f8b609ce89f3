"""Every notification links to the record it is about; opening it marks it read and goes there.

A link is a path inside Tidtam (never another site); another person's notification is a 404
and stays unread; the review workflow's notifications are in Thai, with BE dates, whoever acts.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.projects.factories import (
    ActivityFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    SessionFactory,
    WorkPlanFactory,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.notifications.models import Notification
from tidtam.notifications.selectors import unread_count, unread_for
from tidtam.notifications.services import notification_mark_read, notify, notify_on_commit
from tidtam.projects import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return user_with_grant("alice")


@pytest.fixture
def bob():
    return user_with_grant("bob")


@pytest.mark.parametrize(
    "url", ["", "https://evil.example/", "//evil.example/x", "javascript:alert(1)", "projects/1/"]
)
def test_a_notification_without_a_link_into_tidtam_is_refused(alice, url):
    with pytest.raises(ValueError, match="links to its record"):
        notify(alice, "ไม่มีลิงก์", url)
    with pytest.raises(ValueError, match="links to its record"):
        notify_on_commit(alice, "ไม่มีลิงก์", url)
    assert Notification.objects.count() == 0


def test_opening_marks_read_and_goes_to_the_record(client, alice, bob):
    (mine,) = notify(alice, "โปรดตรวจรายงาน KKD-2566", "/projects/periods/7/")
    (theirs,) = notify(bob, "ของบ็อบ", "/projects/periods/8/")
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/projects/periods/7/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # opening it again still goes there (already read: nothing changes)
    read_at = mine.read_at
    assert client.get(reverse("notifications:open", args=[mine.pk]))["Location"] == (
        "/projects/periods/7/"
    )
    mine.refresh_from_db()
    assert mine.read_at == read_at


def test_another_persons_notification_is_404_and_stays_unread(client, alice, bob):
    (theirs,) = notify(bob, "ความลับของบ็อบ", "/projects/periods/8/")
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    assert "ความลับของบ็อบ" not in response.content.decode()
    assert "/projects/periods/8/" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread_count(bob) == 1
    assert client.get(reverse("notifications:open", args=[999999])).status_code == 404
    # marking by id ignores ids that are not the caller's
    assert notification_mark_read(alice, [theirs.pk]) == 0
    assert unread_count(bob) == 1


def test_a_stored_link_out_of_tidtam_is_never_followed(client, alice):
    bad = Notification.objects.create(user=alice, text="เก่า", url="https://evil.example/")
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[bad.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_opening_needs_login_and_get(client, alice):
    (mine,) = notify(alice, "ก", "/projects/")
    url = reverse("notifications:open", args=[mine.pk])
    assert client.get(url).status_code == 302  # to the login page
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(alice)
    assert client.post(url).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_list_links_every_notification_through_open_with_be_dates(client, alice):
    (n,) = notify(alice, "รายงานได้รับอนุมัติ", "/projects/periods/3/")
    Notification.objects.filter(pk=n.pk).update(
        created_at=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    )
    client.force_login(alice)
    body = client.get(reverse("notifications:list")).content.decode()
    assert f'href="{reverse("notifications:open", args=[n.pk])}"' in body
    assert "5 มี.ค. 2567" in body  # Bangkok time 16:30 the same day, BE year
    assert "16:30" in body


def test_unread_for_returns_newest_first_and_the_count(alice):
    for i in range(12):
        notify(alice, f"เรื่อง {i}", f"/projects/{i}/")
    rows, unread = unread_for(alice, limit=10)
    assert [r.text for r in rows] == [f"เรื่อง {i}" for i in range(11, 1, -1)]
    assert unread == 12
    notification_mark_read(alice)
    assert unread_for(alice) == ([], 0)


def test_review_notifications_link_to_the_period_in_thai_whoever_acts(
    client, django_capture_on_commit_callbacks
):
    project = ProjectFactory(code="KKD-N")
    coordinator = user_with_grant(
        "coord", Role.COORDINATOR, organisation=project.implementing_organisation
    )
    reviewer = user_with_grant("rev", Role.AREA_OFFICER, province=project.province)
    activity = ActivityFactory(plan=WorkPlanFactory(project=project, number=1), number="1.1")
    SessionFactory(activity=activity, start_date=dt.date(2023, 3, 10))
    period = ReportingPeriodFactory(
        project=project, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30)
    )
    period_url = reverse("projects:period", kwargs={"pk": period.pk})
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.reporting_period_submit(period, user=coordinator)
    (to_reviewer,) = Notification.objects.filter(user=reviewer)
    assert to_reviewer.url == period_url
    assert to_reviewer.text == ("โครงการ KKD-N ส่งรายงานช่วง 1 ก.พ. 2566 – 30 ก.ย. 2566 แล้ว กรุณาตรวจ")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.reporting_period_approve(period, user=reviewer)
    (to_coordinator,) = Notification.objects.filter(user=coordinator)
    assert (to_coordinator.text, to_coordinator.url) == (
        "รายงานของโครงการ KKD-N ได้รับอนุมัติแล้ว",
        period_url,
    )
    # each recipient's link opens the record for them
    for user, note in ((reviewer, to_reviewer), (coordinator, to_coordinator)):
        client.force_login(user)
        response = client.get(reverse("notifications:open", args=[note.pk]), follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == period_url

"""The home page after sign-in: the person's projects (scoped), what waits for their review, and
their unread notifications with links to the record, in Thai with BE dates; empty states.

``tidtam.common`` shows panels the domain apps register; it imports no domain app.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

import tidtam.common
from tests.projects.factories import (
    ProjectFactory,
    ReportingPeriodFactory,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.notifications.models import Notification
from tidtam.notifications.services import notify
from tidtam.projects.models import ChangeRequest, ReviewStatus

pytestmark = pytest.mark.django_db

ALLOWED_FROM_COMMON = {"tidtam", "tidtam.common", "tidtam.thai", "tidtam.config"}


def test_common_imports_no_domain_app():
    package = Path(tidtam.common.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "tidtam" and ".".join(parts[:2]) not in ALLOWED_FROM_COMMON:
                    found.append(f"{path.relative_to(package)}: {name}")
    assert found == []


@pytest.fixture
def world(db):
    mine = ProjectFactory(
        code="KKD-H",
        title="ขอนแก่นสนทนา",
        start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 12, 31),
    )
    other = ProjectFactory(code="CM-H", title="โครงการของคนอื่น", province_id="50")
    coordinator = user_with_grant(
        "coord", Role.COORDINATOR, organisation=mine.implementing_organisation
    )
    reviewer = user_with_grant("rev", Role.AREA_OFFICER, province=mine.province)
    returned = ReportingPeriodFactory(
        project=mine,
        start=dt.date(2023, 2, 1),
        end=dt.date(2023, 5, 31),
        status=ReviewStatus.RETURNED,
    )
    submitted = ReportingPeriodFactory(
        project=mine,
        start=dt.date(2023, 6, 1),
        end=dt.date(2023, 9, 30),
        status=ReviewStatus.SUBMITTED,
        submitted_at=dt.datetime(2023, 10, 2, 3, 0, tzinfo=dt.UTC),
    )
    other_submitted = ReportingPeriodFactory(
        project=other,
        start=dt.date(2023, 6, 1),
        end=dt.date(2023, 9, 30),
        status=ReviewStatus.SUBMITTED,
    )
    return {
        "mine": mine,
        "other": other,
        "coordinator": coordinator,
        "reviewer": reviewer,
        "returned": returned,
        "submitted": submitted,
        "other_submitted": other_submitted,
    }


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_their_projects_waiting_reports_and_notifications(client, world):
    coordinator = world["coordinator"]
    returned = world["returned"]
    (note,) = notify(
        coordinator,
        "รายงานของโครงการ KKD-H ถูกส่งกลับพร้อมความเห็น 1 ข้อ",
        reverse("projects:period", args=[returned.pk]),
    )
    Notification.objects.filter(pk=note.pk).update(
        created_at=dt.datetime(2023, 6, 5, 2, 15, tzinfo=dt.UTC)
    )
    (read,) = notify(coordinator, "อ่านแล้ว", "/projects/")
    Notification.objects.filter(pk=read.pk).update(read_at=dt.datetime(2023, 6, 6, tzinfo=dt.UTC))
    notify(world["reviewer"], "ของผู้ตรวจ", "/projects/")
    body = _home(client, coordinator)
    # their project, and nobody else's
    assert "โครงการของคุณ" in body
    assert f'href="{reverse("projects:project", args=["KKD-H"])}"' in body
    assert "KKD-H ขอนแก่นสนทนา" in body
    assert "1 ก.พ.-31 ธ.ค. 2566" in body
    assert "CM-H" not in body and "โครงการของคนอื่น" not in body
    # the returned report waits for them (to fix); the submitted one is the reviewer's
    assert "รอคุณดำเนินการ" in body
    assert (
        f'<a href="{reverse("projects:period", args=[returned.pk])}">'
        "แก้ไขและส่งรายงานที่ถูกส่งกลับของโครงการ KKD-H ช่วง 1 ก.พ.-31 พ.ค. 2566 อีกครั้ง</a>"
    ) in body
    assert "ตรวจรายงานของโครงการ" not in body
    # unread notifications only, theirs only, each through "open" (marks read, goes to the record)
    assert "การแจ้งเตือนที่ยังไม่ได้อ่าน" in body
    assert (
        f'<a href="{reverse("notifications:open", args=[note.pk])}">'
        "รายงานของโครงการ KKD-H ถูกส่งกลับพร้อมความเห็น 1 ข้อ</a>"
    ) in body
    assert "5 มิ.ย. 2566 09:15" in body
    assert "อ่านแล้ว" not in body and "ของผู้ตรวจ" not in body
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("projects:period", args=[returned.pk])
    assert "รายงานของโครงการ KKD-H ถูกส่งกลับ" not in _home(client, coordinator)


def test_reviewer_sees_reports_and_change_requests_to_decide_in_their_province(client, world):
    submitted = world["submitted"]
    cr = ChangeRequest.objects.create(
        project=world["mine"],
        new_plan={"planned_sessions": 4},
        reason="เลื่อนเพราะน้ำท่วม",
        requested_at=dt.datetime(2023, 7, 1, 3, 0, tzinfo=dt.UTC),
    )
    body = _home(client, world["reviewer"])
    assert (
        f'<a href="{reverse("projects:period", args=[submitted.pk])}">'
        "ตรวจรายงานของโครงการ KKD-H ช่วง 1 มิ.ย.-30 ก.ย. 2566</a>"
    ) in body
    assert "ส่งเมื่อ 2 ต.ค. 2566" in body
    assert f'href="{reverse("projects:change_request", args=[cr.pk])}"' in body
    assert "พิจารณาคำขอเปลี่ยนแปลงแผนของโครงการ KKD-H" in body
    # Chiang Mai's submitted report is not theirs
    assert f'href="{reverse("projects:period", args=[world["other_submitted"].pk])}"' not in body
    assert "CM-H" not in body
    # a reviewer fixes nothing
    assert "แก้ไขและส่งรายงาน" not in body


def test_empty_states_for_a_person_without_grants(client, world):
    body = _home(client, user_with_grant("nobody"))
    assert "คุณยังไม่มีโครงการ" in body
    assert "ไม่มีงานที่รอคุณตรวจหรือแก้ไข" in body
    assert "ไม่มีการแจ้งเตือนที่ยังไม่ได้อ่าน" in body
    assert "KKD-H" not in body and "CM-H" not in body


def test_many_projects_show_the_newest_and_a_link_to_all(client, world, django_assert_num_queries):
    analyst = user_with_grant("analyst", Role.ANALYST)
    for i in range(10):
        ProjectFactory(code=f"MANY-{i:02}")
    client.force_login(analyst)
    client.get("/")
    # session, user, grants, unread (rows only: fewer than the limit), reviews (none: an analyst
    # may neither review nor submit, so no query), projects (rows + count), the header's badge
    with django_assert_num_queries(7):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="th")
    body = response.content.decode()
    panel = body[body.index('id="home-projects"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.count('<li><a href="/projects/') == 8
    assert f'href="{reverse("projects:index")}">ดูทั้งหมด 12 โครงการ</a>' in body


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

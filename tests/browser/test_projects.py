"""The projects pages in a real browser: the project page, the phone flow offline, the review.

Every screenshot lands in test-artifacts/screenshots/ and is looked at by a person.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.projects.factories import (
    PASSWORD,
    ActivityFactory,
    ParticipantCountFactory,
    PlannedOutputFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    SessionFactory,
    WorkPlanFactory,
    months,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.areas.loading import ensure_areas_loaded
from tidtam.projects.models import CountSource, ReviewStatus, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kkd(live_server):
    """A small Khonkaen Dialogue: plans 1 and 3, three activities, four sessions, one period."""
    ensure_areas_loaded()
    project = ProjectFactory(
        code="KKD-2566",
        title="ขอนแก่นสนทนา: เพื่อการเปลี่ยนแปลงเมืองสู่สิทธิที่อยู่อาศัยที่มั่นคง",
        start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 12, 31),
    )
    plan1 = WorkPlanFactory(project=project, number=1, title="พัฒนาทีมและอาสาสมัครแกนนำชุมชน")
    plan3 = WorkPlanFactory(project=project, number=3, title="สร้างพื้นที่สนทนาและรูปธรรมความร่วมมือ")
    a11 = ActivityFactory(
        plan=plan1, number="1.1", position=1, title="ประชุมทีมผู้ปฏิบัติงานโครงการ", planned_sessions=5
    )
    a12 = ActivityFactory(
        plan=plan1,
        number="1.2",
        position=2,
        title="เสริมศักยภาพผู้ปฏิบัติงานและอาสาสมัคร",
        planned_sessions=3,
        rescheduled_reason="ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน",
    )
    a31 = ActivityFactory(
        plan=plan3, number="3.1", position=1, title="ขอนแก่นสนทนาครั้งที่ 1", planned_sessions=1
    )
    months(a11, (2023, 2), (2023, 4), (2023, 6), (2023, 8))
    months(a12, (2023, 3), (2023, 4))
    months(a12, (2023, 10), (2023, 11), rescheduled=True)
    months(a31, (2023, 2))
    PlannedOutputFactory(activity=a11, description="รายงานการสรุปการประชุม", quantity=3)
    sessions = []
    for activity, day, number, counts in [
        (a11, dt.date(2023, 9, 21), 2, {"total": 20, "women": 11, "project_team": 6}),
        (a11, dt.date(2023, 9, 30), 3, {"total": 14, "women": 13, "project_team": 3}),
        (a12, dt.date(2023, 3, 23), 1, {"total": 14, "women": 10, "academia_people": 1}),
        (a31, dt.date(2023, 2, 15), 1, {"total": 14, "women": 12, "municipality_people": 1}),
    ]:
        session = SessionFactory(
            activity=activity, start_date=day, number=number, place="บ้านโฮมแสนสุข อ.เมือง จ.ขอนแก่น"
        )
        ParticipantCountFactory(
            session=session,
            source=CountSource.ENTRY,
            men=None,
            civil_society_people=2,
            civil_society_orgs=2,
            **counts,
        )
        sessions.append(session)
    period = ReportingPeriodFactory(
        project=project, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30)
    )
    return {
        "project": project,
        "activities": (a11, a12, a31),
        "sessions": sessions,
        "period": period,
        "coordinator": user_with_grant(
            "coord", Role.COORDINATOR, organisation=project.implementing_organisation
        ),
        "reviewer": user_with_grant("reviewer", Role.AREA_OFFICER, province=project.province),
    }


def test_project_page_shows_the_grid_and_the_chart(page, live_server, login, screenshot, kkd):
    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/KKD-2566/")
    grid = page.locator("table.plan-grid")
    expect(grid).to_be_visible()
    row = grid.locator("tr.activity-row", has_text="1.1")
    expect(row.locator(".mark-planned")).to_have_count(4)
    expect(row.locator(".mark-held")).to_have_count(1)  # two sessions in ก.ย., one mark "●2"
    expect(row).to_contain_text("2/5")
    expect(grid.locator("tr.activity-row", has_text="1.2")).to_contain_text("ปรับแผน")
    expect(page.locator("thead th.in-period")).to_have_count(8)  # ก.พ.–ก.ย.
    expect(page.locator("#sector-chart")).to_have_attribute("data-chart-ready", "true")
    box = page.locator("#sector-chart").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 150
    expect(page.locator("table.table2")).to_contain_text("34")  # 1.1: 20 + 14
    screenshot("projects-page-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator("#sector-chart")).to_have_attribute("data-chart-ready", "true")
    screenshot("projects-page-phone")


def _fill_record(page, kkd, place: str) -> None:
    page.select_option("#id_activity", str(kkd["activities"][1].pk))
    page.fill("#id_start_date", "30/03/2566")
    page.fill("#id_place", place)
    page.fill("#id_total", "34")
    page.fill("#id_men", "8")
    page.fill("#id_women", "26")


def test_session_recorded_offline_on_a_phone_arrives_exactly_once(
    page, context, live_server, login, screenshot, kkd
):
    place = "ชุมชนมิตรภาพ อ.เมือง จ.ขอนแก่น (บันทึกจากมือถือ)"
    page.set_viewport_size(PHONE)
    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/KKD-2566/record/")
    screenshot("projects-record-phone")
    _fill_record(page, kkd, place)

    # The network goes away in the middle: "Record" keeps the entry on the phone.
    context.set_offline(True)
    page.get_by_role("button", name="บันทึกกิจกรรม", exact=True).click()
    item = page.locator("#queue li").first
    expect(item).to_have_attribute("data-state", "queued")
    expect(item).to_contain_text("รอส่ง")
    expect(page.locator("#record-status")).to_contain_text("รอสัญญาณ")
    assert Session.objects.filter(place=place).count() == 0
    screenshot("projects-record-offline-queued")

    # The connection comes back but drops again while the answer travels back: the server
    # records the session, the phone never hears it, so the entry stays queued.
    reached = []

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch()
            reached.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/projects/KKD-2566/record/", lose_the_answer)
    context.set_offline(False)
    for _ in range(60):
        if reached:
            break
        page.wait_for_timeout(250)
    assert reached, "the queued entry was not re-sent when the connection came back"
    page.wait_for_function("() => document.querySelector('#queue li[data-state=queued]') !== null")
    assert Session.objects.filter(place=place).count() == 1
    page.unroute("**/projects/KKD-2566/record/")

    # Next time the page opens, the queue is sent again with the same key: still one session.
    page.reload()
    item = page.locator("#queue li").first
    expect(item).to_have_attribute("data-state", "sent")
    expect(item).to_contain_text("ส่งแล้ว")
    screenshot("projects-record-sent")
    sessions = Session.objects.filter(place=place)
    assert sessions.count() == 1
    session = sessions.get()
    assert session.activity_id == kkd["activities"][1].pk
    assert session.start_date == dt.date(2023, 3, 30)
    counts = session.counts.get(source=CountSource.ENTRY)
    assert (counts.total, counts.men, counts.women) == (34, 8, 26)
    assert re.fullmatch(r"[0-9a-f-]{36}", session.idempotency_key)

    # Opening the page again sends nothing more.
    page.reload()
    page.wait_for_timeout(500)
    assert Session.objects.filter(place=place).count() == 1


def test_record_form_shows_thai_errors_inline_and_keeps_the_entry(
    page, live_server, login, screenshot, kkd
):
    page.set_viewport_size(PHONE)
    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/KKD-2566/record/")
    _fill_record(page, kkd, "ชุมชนสมานมัย")
    page.fill("#id_women", "40")
    page.get_by_role("button", name="บันทึกกิจกรรม", exact=True).click()
    expect(page.locator("#record-status")).to_contain_text("กรุณาแก้ไข")
    expect(page.locator(".js-error").first).to_contain_text("ผู้หญิง")
    expect(page.locator("#id_place")).to_have_value("ชุมชนสมานมัย")
    assert not Session.objects.filter(place="ชุมชนสมานมัย").exists()
    screenshot("projects-record-error-phone")


def test_review_submit_return_fix_approve_lock(page, live_server, login, screenshot, kkd):
    period, session = kkd["period"], kkd["sessions"][0]
    period_url = f"{live_server.url}/projects/periods/{period.pk}/"

    login("coord", PASSWORD)
    page.goto(period_url)
    page.get_by_role("button", name="ส่งตรวจ").click()
    expect(page.locator("#period-status")).to_contain_text("ส่งตรวจแล้ว")
    page.get_by_role("button", name="ออกจากระบบ").click()

    login("reviewer", PASSWORD)
    page.goto(period_url)
    page.fill(f"#comment-{session.pk}", "สถานที่ไม่ตรงกับรายงานการประชุม")
    screenshot("projects-review-reviewer")
    page.get_by_role("button", name="ส่งกลับพร้อมความเห็น").click()
    expect(page.locator("#period-status")).to_contain_text("ส่งกลับแก้ไข")
    page.get_by_role("button", name="ออกจากระบบ").click()

    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/sessions/{session.pk}/")
    expect(page.locator("main")).to_contain_text("สถานที่ไม่ตรงกับรายงานการประชุม")
    page.locator("#edit-session").click()
    page.fill("#id_s-place", "สหกรณ์เคหะสถาน 4 ชุมชน อ.บ้านไผ่ จ.ขอนแก่น")
    screenshot("projects-session-form")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.locator("main")).to_contain_text("สหกรณ์เคหะสถาน 4 ชุมชน")
    page.goto(period_url)
    page.get_by_role("button", name="ส่งตรวจ").click()
    page.get_by_role("button", name="ออกจากระบบ").click()

    login("reviewer", PASSWORD)
    page.goto(period_url)
    page.get_by_role("button", name="อนุมัติและล็อก").click()
    expect(page.locator("#period-status")).to_contain_text("อนุมัติแล้ว")
    expect(page.locator("#period-status")).to_have_class(re.compile("lock-badge"))
    page.get_by_role("button", name="ออกจากระบบ").click()

    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/sessions/{session.pk}/")
    expect(page.locator(".lock-badge")).to_be_visible()
    expect(page.locator("#edit-session")).to_have_count(0)
    screenshot("projects-session-locked")

    session.refresh_from_db()
    before = (session.place, session.updated_at)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"{live_server.url}/projects/sessions/{session.pk}/edit/",
        form={"s-activity": str(session.activity_id), "s-dates": "21/09/2566", "s-place": "ปลอม"},
        headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/"},
        max_redirects=0,
    )
    assert forged.status in (302, 403)
    session.refresh_from_db()
    assert (session.place, session.updated_at) == before
    assert session.status == ReviewStatus.APPROVED


def test_change_request_after_approval_shows_old_and_new_plan(
    page, live_server, login, screenshot, kkd
):
    project = kkd["project"]
    project.status = "active"
    project.save()
    a12 = kkd["activities"][1]

    login("coord", PASSWORD)
    page.goto(f"{live_server.url}/projects/KKD-2566/plans/")
    expect(page.locator("main")).to_contain_text("ขอเปลี่ยนแปลงแผน")
    screenshot("projects-plans")
    page.locator(f'a[href="/projects/activities/{a12.pk}/change/"]').click()
    page.fill("#id_reason", "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน")
    page.get_by_label("มีนาคม 2566").uncheck()
    page.get_by_label("เมษายน 2566").uncheck()
    page.get_by_label("ตุลาคม 2566").check()
    page.get_by_label("พฤศจิกายน 2566").check()
    page.get_by_role("button", name="ส่งคำขอเปลี่ยนแปลง").click()
    expect(page.locator("table.diff td.changed")).to_contain_text("ต.ค. 2566")
    expect(page.locator("table.diff")).to_contain_text("มี.ค. 2566")
    screenshot("projects-change-request")
    page.get_by_role("button", name="ออกจากระบบ").click()

    login("reviewer", PASSWORD)
    page.goto(f"{live_server.url}/projects/KKD-2566/plans/")
    page.locator("a[href^='/projects/change-requests/']").first.click()
    page.get_by_role("button", name="อนุมัติและปรับแผน").click()
    expect(page.locator("h1")).to_contain_text("อนุมัติแล้ว")
    a12.refresh_from_db()
    assert sorted((m.year, m.month) for m in a12.months.filter(rescheduled=False)) == [
        (2023, 10),
        (2023, 11),
    ]


def test_home_shows_my_project_and_a_notification_that_opens_the_record(
    page, live_server, login, screenshot, kkd
):
    """A coordinator signs in: their project, the returned report waiting for them and the
    reviewer's notification (in Thai, BE date); the notification opens the period and is read."""
    from tidtam.notifications.models import Notification
    from tidtam.projects import services

    other = ProjectFactory(code="CM-2567", title="โครงการเชียงใหม่ของผู้อื่น", province_id="50")
    period, s1 = kkd["period"], kkd["sessions"][0]
    services.reporting_period_submit(period, user=kkd["coordinator"])
    services.reporting_period_return(
        period, user=kkd["reviewer"], comments=[{"session": s1, "text": "ขอใบลงทะเบียน"}]
    )
    (note,) = Notification.objects.filter(user=kkd["coordinator"])
    period_path = f"/projects/periods/{period.pk}/"
    assert note.url == period_path

    login("coord", PASSWORD)
    assert page.url == f"{live_server.url}/"
    projects = page.locator("#home-projects")
    expect(projects).to_contain_text("โครงการของคุณ")
    expect(projects.get_by_role("link", name=re.compile("KKD-2566"))).to_be_visible()
    expect(projects).to_contain_text("1 ก.พ.-31 ธ.ค. 2566")
    expect(page.locator("body")).not_to_contain_text(other.code)
    waiting = page.locator("#home-reviews")
    expect(waiting).to_contain_text(
        "แก้ไขและส่งรายงานที่ถูกส่งกลับของโครงการ KKD-2566 ช่วง 1 ก.พ.-30 ก.ย. 2566 อีกครั้ง"
    )
    notes = page.locator("#home-notifications")
    link = notes.get_by_role("link", name="รายงานของโครงการ KKD-2566 ถูกส่งกลับพร้อมความเห็น 1 ข้อ")
    expect(link).to_be_visible()
    expect(notes.locator("time")).to_contain_text(re.compile(r"\d+ \S+ 25\d\d \d\d:\d\d"))
    screenshot("home-coordinator-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    screenshot("home-coordinator-phone")

    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}{period_path}"
    expect(page.locator("main")).to_contain_text("ขอใบลงทะเบียน")
    note.refresh_from_db()
    assert note.read_at is not None

    page.goto(f"{live_server.url}/")
    expect(page.locator("#home-notifications")).to_contain_text("ไม่มีการแจ้งเตือนที่ยังไม่ได้อ่าน")

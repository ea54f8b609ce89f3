"""Pages of the projects app: status codes, exact numbers, Thai refusals, scope (issue 4 UI)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from tests.projects.factories import (
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
from tidtam.projects import services
from tidtam.projects.models import (
    ChangeRequest,
    ChangeRequestStatus,
    CountSource,
    OutputAchieved,
    ParticipantCount,
    ProjectStatus,
    ReviewComment,
    ReviewStatus,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """Seed 000's shape in small: two plans, three activities, four sessions, one period."""
    project = ProjectFactory(
        code="KKD-T",
        title="ขอนแก่นสนทนา (ทดสอบ)",
        start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 12, 31),
    )
    plan1 = WorkPlanFactory(project=project, number=1, title="พัฒนาทีมและอาสาสมัครแกนนำชุมชน")
    plan3 = WorkPlanFactory(project=project, number=3, title="สร้างพื้นที่สนทนา")
    a11 = ActivityFactory(
        plan=plan1, number="1.1", position=1, title="ประชุมทีมผู้ปฏิบัติงานโครงการ", planned_sessions=5
    )
    a12 = ActivityFactory(
        plan=plan1, number="1.2", position=2, title="เสริมศักยภาพผู้ปฏิบัติงาน", planned_sessions=3
    )
    a31 = ActivityFactory(
        plan=plan3, number="3.1", position=1, title="ขอนแก่นสนทนาครั้งที่ 1", planned_sessions=1
    )
    months(a11, (2023, 2), (2023, 4), (2023, 6), (2023, 8))
    months(a12, (2023, 3), (2023, 4))
    months(a31, (2023, 2))
    output = PlannedOutputFactory(activity=a11, description="รายงานการสรุปการประชุม", quantity=3)
    sessions = []
    for activity, day, number, counts in [
        (a11, dt.date(2023, 9, 21), 2, {"total": 20, "men": 9, "women": 11, "project_team": 6}),
        (a11, dt.date(2023, 9, 30), 3, {"total": 14, "men": 1, "women": 13, "project_team": 3}),
        (a12, dt.date(2023, 3, 23), 1, {"total": 14, "men": 4, "women": 10}),
        (a31, dt.date(2023, 2, 15), 1, {"total": 14, "men": 2, "women": 12}),
    ]:
        session = SessionFactory(activity=activity, start_date=day, number=number)
        ParticipantCountFactory(
            session=session,
            source=CountSource.ENTRY,
            civil_society_people=2,
            civil_society_orgs=2,
            **counts,
        )
        sessions.append(session)
    OutputAchieved.objects.create(session=sessions[0], planned_output=output, quantity=1)
    period = ReportingPeriodFactory(
        project=project, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30)
    )
    coordinator = user_with_grant(
        "coord", Role.COORDINATOR, organisation=project.implementing_organisation
    )
    reviewer = user_with_grant("reviewer", Role.AREA_OFFICER, province=project.province)
    outsider = user_with_grant("outsider", Role.AREA_OFFICER, province_id="50")
    return {
        "project": project,
        "activities": (a11, a12, a31),
        "sessions": sessions,
        "period": period,
        "coordinator": coordinator,
        "reviewer": reviewer,
        "outsider": outsider,
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# --- lists and the project page ------------------------------------------------------------


def test_project_list_shows_only_projects_in_scope_and_searches(client, world):
    other = ProjectFactory(code="CM-1", title="โครงการเชียงใหม่", province_id="50")
    signed_in(client, world["coordinator"])
    response = client.get(reverse("projects:index"))
    assert response.status_code == 200
    assert "KKD-T" in text(response)
    assert "CM-1" not in text(response)

    response = client.get(reverse("projects:index"), {"q": "ขอนแก่นสนทนา"})
    assert "KKD-T" in text(response)
    response = client.get(reverse("projects:index"), {"q": "ไม่มีโครงการนี้"})
    assert "KKD-T" not in text(response)
    response = client.get(reverse("projects:index"), {"status": ProjectStatus.ACTIVE})
    assert "KKD-T" not in text(response)
    assert other.code == "CM-1"


def test_project_page_shows_grid_table2_totals_and_chart_data(client, world):
    signed_in(client, world["coordinator"])
    response = client.get(reverse("projects:project", args=["KKD-T"]))
    assert response.status_code == 200
    body = text(response)
    assert "ขอนแก่นสนทนา (ทดสอบ)" in body
    # Table 1: 11 months (ก.พ.66–ธ.ค.66), 1.1 planned in 4 of them, held in ก.ย. twice.
    page = response.context["page"]
    row11 = next(r for r in page.plan_rows if r.number == "1.1")
    assert [c.planned for c in row11.cells].count(True) == 4
    assert [c.held for c in row11.cells if c.held] == [2]
    assert body.count('class="mark-planned"') >= 7  # 4 + 2 + 1 planned months (+ legend)
    assert "2/5" in body  # held n of N for 1.1
    assert "in-period" in body
    # Table 2 totals of 1.1: 20 + 14 = 34 people, 11 + 13 = 24 women.
    group = next(g for g in page.session_groups if g.label.startswith("1.1"))
    assert group.totals.values["total"] == 34
    assert group.totals.values["women"] == 24
    assert '<td class="num">34</td>' in body
    assert '<td class="num">24</td>' in body
    # Chart: a JSON data island, no inline script.
    assert 'id="sector-chart-data" type="application/json"' in body
    assert "projects/sector-chart.js" in body
    assert "<script>" not in body


def test_project_page_data_island_holds_the_sector_totals(client, world):
    ParticipantCount.objects.filter(session=world["sessions"][0]).update(government_people=1)
    signed_in(client, world["coordinator"])
    response = client.get(reverse("projects:project", args=["KKD-T"]))
    chart = response.context["chart_data"]
    values = dict(zip(chart["labels"], chart["values"], strict=True))
    # 4 sessions × 2 people of civil society, 1 of government, nobody else.
    assert sorted(v for v in values.values() if v) == [1, 8]
    island = text(response).split('id="sector-chart-data" type="application/json">')[1]
    assert json.loads(island.split("</script>")[0]) == chart


@pytest.mark.parametrize(
    "name,args",
    [
        ("projects:project", ["KKD-T"]),
        ("projects:project_edit", ["KKD-T"]),
        ("projects:plans", ["KKD-T"]),
        ("projects:record", ["KKD-T"]),
        ("projects:session_create", ["KKD-T"]),
        ("projects:periods", ["KKD-T"]),
    ],
)
def test_outsider_gets_404_and_no_data(client, world, name, args):
    signed_in(client, world["outsider"])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 404
    assert "ขอนแก่นสนทนา" not in text(response)


def test_outsider_gets_404_for_session_period_and_evidence_ids(client, world):
    signed_in(client, world["outsider"])
    session = world["sessions"][0]
    for url in (
        reverse("projects:session", args=[session.pk]),
        reverse("projects:session_edit", args=[session.pk]),
        reverse("projects:period", args=[world["period"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "ประชุมทีม" not in text(response)
    response = client.post(reverse("projects:period_submit", args=[world["period"].pk]))
    assert response.status_code == 404
    world["period"].refresh_from_db()
    assert world["period"].status == ReviewStatus.DRAFT


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("projects:project", args=["KKD-T"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- the phone flow ----------------------------------------------------------------------


def record_data(world, **extra):
    data = {
        "idempotency_key": "6f1c2f5e-6a7b-4c1d-9e0f-123456789abc",
        "activity": world["activities"][1].pk,
        "start_date": "30/03/2566",
        "place": "ชุมชนมิตรภาพ อ.เมือง จ.ขอนแก่น",
        "total": "34",
        "men": "8",
        "women": "26",
    }
    data.update(extra)
    return data


def test_record_creates_one_session_for_one_key(client, world):
    signed_in(client, world["coordinator"])
    url = reverse("projects:record", args=["KKD-T"])
    before = Session.objects.count()
    first = client.post(url, record_data(world), HTTP_ACCEPT="application/json")
    assert first.status_code == 201
    again = client.post(url, record_data(world), HTTP_ACCEPT="application/json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Session.objects.count() == before + 1
    session = Session.objects.get(idempotency_key="6f1c2f5e-6a7b-4c1d-9e0f-123456789abc")
    assert session.start_date == dt.date(2023, 3, 30)
    counts = session.counts.get(source=CountSource.ENTRY)
    assert (counts.total, counts.men, counts.women) == (34, 8, 26)


def test_record_without_javascript_redirects_to_the_session(client, world):
    signed_in(client, world["coordinator"])
    response = client.post(reverse("projects:record", args=["KKD-T"]), record_data(world))
    session = Session.objects.get(idempotency_key="6f1c2f5e-6a7b-4c1d-9e0f-123456789abc")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:session", args=[session.pk])


def test_record_refuses_women_above_total_in_thai_and_saves_nothing(client, world):
    signed_in(client, world["coordinator"])
    before = Session.objects.count()
    response = client.post(
        reverse("projects:record", args=["KKD-T"]),
        record_data(world, total="10", men="", women="12"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "ผู้หญิง" in " ".join(response.json()["errors"]["women"])
    assert Session.objects.count() == before

    response = client.post(
        reverse("projects:record", args=["KKD-T"]), record_data(world, total="-3")
    )
    assert response.status_code == 200
    assert "ติดลบ" in text(response)
    assert Session.objects.count() == before


def test_record_refuses_a_ce_or_unreadable_date_in_thai(client, world):
    signed_in(client, world["coordinator"])
    response = client.post(
        reverse("projects:record", args=["KKD-T"]),
        record_data(world, start_date="31/02/2566"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "start_date" in response.json()["errors"]
    assert not Session.objects.filter(idempotency_key__isnull=False).exists()


# --- session pages -----------------------------------------------------------------------


def test_session_page_shows_minutes_counts_and_evidence_link(client, world, media_dir):
    session = world["sessions"][0]
    session.agenda_items.create(number=1, title="แนะนำโครงการ", summary="สรุปสาระวาระที่ 1")
    signed_in(client, world["coordinator"])
    response = client.get(reverse("projects:session", args=[session.pk]))
    assert response.status_code == 200
    body = text(response)
    assert "แนะนำโครงการ" in body
    assert "สรุปสาระวาระที่ 1" in body
    assert "21 ก.ย. 2566" in body
    assert '<td class="num">20</td>' in body
    assert 'id="edit-session"' in body


def test_session_create_with_agenda_and_counts(client, world):
    signed_in(client, world["coordinator"])
    data = {
        "s-activity": world["activities"][0].pk,
        "s-number": "4",
        "s-dates": "04/04/2566-05/04/2566",
        "s-place": "บ้านโฮมแสนสุข",
        "s-purpose": "ทบทวนแผน",
        "c-total": "23",
        "c-men": "5",
        "c-women": "18",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-number": "1",
        "agenda-0-title": "แนะนำโครงการ",
        "agenda-0-summary": "สรุป",
        "outputs-TOTAL_FORMS": "1",
        "outputs-INITIAL_FORMS": "0",
        "e-kind": "photo",
    }
    response = client.post(reverse("projects:session_create", args=["KKD-T"]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    session = Session.objects.get(place="บ้านโฮมแสนสุข")
    assert (session.start_date, session.end_date) == (dt.date(2023, 4, 4), dt.date(2023, 4, 5))
    assert list(session.agenda_items.values_list("title", flat=True)) == ["แนะนำโครงการ"]
    assert session.counts.get(source=CountSource.ENTRY).total == 23


def test_session_create_refuses_impossible_input_with_thai_messages(client, world):
    signed_in(client, world["coordinator"])
    before = Session.objects.count()
    data = {
        "s-activity": world["activities"][2].pk,
        "s-number": "2",  # activity 3.1 is planned as 1 session
        "s-dates": "15/02/2566",
        "c-total": "10",
        "c-women": "12",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        "outputs-TOTAL_FORMS": "0",
        "outputs-INITIAL_FORMS": "0",
        "e-kind": "photo",
    }
    response = client.post(reverse("projects:session_create", args=["KKD-T"]), data)
    assert response.status_code == 200
    body = text(response)
    assert "กรุณาแก้ไข" in body or "โปรดแก้ไข" in body
    assert response.context["count_form"].errors["women"]
    assert response.context["form"].errors["number"]
    assert Session.objects.count() == before


# --- review ------------------------------------------------------------------------------


def test_review_submit_return_fix_approve_lock(client, world):
    period, session = world["period"], world["sessions"][0]
    coordinator, reviewer = world["coordinator"], world["reviewer"]

    signed_in(client, coordinator)
    page = client.get(reverse("projects:period", args=[period.pk]))
    assert "period_submit" not in text(page)  # url names never leak
    assert reverse("projects:period_submit", args=[period.pk]) in text(page)
    client.post(reverse("projects:period_submit", args=[period.pk]))
    period.refresh_from_db()
    assert period.status == ReviewStatus.SUBMITTED

    signed_in(client, reviewer)
    page = client.get(reverse("projects:period", args=[period.pk]))
    assert f'name="comment-{session.pk}"' in text(page)
    client.post(
        reverse("projects:period_return", args=[period.pk]),
        {f"comment-{session.pk}": "จำนวนผู้หญิงไม่ตรงกับใบลงทะเบียน"},
    )
    period.refresh_from_db()
    assert period.status == ReviewStatus.RETURNED
    assert ReviewComment.objects.get(session=session).text == "จำนวนผู้หญิงไม่ตรงกับใบลงทะเบียน"

    signed_in(client, coordinator)
    page = client.get(reverse("projects:session", args=[session.pk]))
    assert "จำนวนผู้หญิงไม่ตรงกับใบลงทะเบียน" in text(page)
    client.post(reverse("projects:period_submit", args=[period.pk]))

    signed_in(client, reviewer)
    client.post(reverse("projects:period_approve", args=[period.pk]))
    period.refresh_from_db()
    assert period.status == ReviewStatus.APPROVED

    signed_in(client, coordinator)
    page = client.get(reverse("projects:session", args=[session.pk]))
    assert 'id="edit-session"' not in text(page)
    assert "lock-badge" in text(page)
    edit = client.get(reverse("projects:session_edit", args=[session.pk]))
    assert edit.status_code == 302
    forged = client.post(
        reverse("projects:session_edit", args=[session.pk]),
        {"s-activity": session.activity_id, "s-dates": "21/09/2566", "s-place": "ปลอม"},
    )
    assert forged.status_code == 302
    session.refresh_from_db()
    assert session.place != "ปลอม"


def test_unlock_needs_a_reason(client, world):
    period = world["period"]
    services.reporting_period_submit(period, user=world["coordinator"])
    services.reporting_period_approve(period, user=world["reviewer"])
    signed_in(client, world["reviewer"])
    response = client.post(reverse("projects:period_unlock", args=[period.pk]), {"reason": ""})
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.status == ReviewStatus.APPROVED
    client.post(reverse("projects:period_unlock", args=[period.pk]), {"reason": "แก้ไขวันที่ผิด"})
    period.refresh_from_db()
    assert period.status == ReviewStatus.DRAFT


def test_coordinator_cannot_approve(client, world):
    period = world["period"]
    services.reporting_period_submit(period, user=world["coordinator"])
    signed_in(client, world["coordinator"])
    response = client.post(reverse("projects:period_approve", args=[period.pk]))
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.status == ReviewStatus.SUBMITTED


# --- plans and change requests -----------------------------------------------------------


def test_approved_plan_changes_only_through_a_change_request(client, world):
    project = world["project"]
    project.status = ProjectStatus.ACTIVE
    project.save()
    a12 = world["activities"][1]
    signed_in(client, world["coordinator"])
    edit = client.get(reverse("projects:activity_edit", args=[a12.pk]))
    assert edit.status_code == 302
    response = client.post(
        reverse("projects:change_request_create", args=[a12.pk]),
        {
            "reason": "ปรับแผนไปช่วงตุลาคม",
            "number": "1.2",
            "title": a12.title,
            "planned_sessions": "3",
            "months": ["2023-10", "2023-11"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    change = ChangeRequest.objects.get()
    assert change.new_plan["months"] == [[2023, 10], [2023, 11]]
    assert change.old_plan["months"] == [[2023, 3], [2023, 4]]
    a12.refresh_from_db()
    assert sorted((m.year, m.month) for m in a12.months.all()) == [(2023, 3), (2023, 4)]

    signed_in(client, world["reviewer"])
    page = client.get(reverse("projects:change_request", args=[change.pk]))
    assert "ต.ค." in text(page) or "ตุลาคม" in text(page)
    client.post(reverse("projects:change_request", args=[change.pk]), {"approve": "1"})
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert sorted((m.year, m.month) for m in a12.months.all()) == [(2023, 10), (2023, 11)]


def test_plan_edit_before_approval(client, world):
    signed_in(client, world["coordinator"])
    response = client.post(
        reverse("projects:work_plan_create", args=["KKD-T"]),
        {"number": "4", "title": "สื่อสารและสร้างข้อเสนอเชิงนโยบาย"},
    )
    assert response.status_code == 302
    assert world["project"].plans.filter(number=4).exists()


# --- the query-count pin -----------------------------------------------------------------


def test_project_page_queries_do_not_grow_with_activities_and_sessions(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = world["project"]
    url = reverse("projects:project", args=["KKD-T"])
    signed_in(client, world["coordinator"])
    client.get(url)  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    plan = WorkPlanFactory(project=project, number=9, title="แผนใหญ่")
    activities = [
        ActivityFactory(plan=plan, number=f"9.{i}", position=i, planned_sessions=10)
        for i in range(1, 51)
    ]
    for activity in activities:
        months(activity, (2023, 3), (2023, 6))
        PlannedOutputFactory(activity=activity, quantity=10)
    created = Session.objects.bulk_create(
        Session(
            project=project,
            activity=activities[i % 50],
            start_date=dt.date(2023, 2 + i % 8, 1 + i % 27),
            place=f"สถานที่ {i}",
            problems="ฝนตก" if i % 50 == 0 else "",
        )
        for i in range(500)
    )
    ParticipantCount.objects.bulk_create(
        ParticipantCount(
            session=s,
            source=CountSource.ENTRY,
            total=10,
            men=4,
            women=6,
            civil_society_people=3,
        )
        for s in created
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(small.captured_queries) <= 20
    group = next(g for g in response.context["page"].session_groups if g.label.startswith("9.1 "))
    assert group.totals.values["total"] == 100  # 10 sessions × 10 people


# --- programmes and project registration -------------------------------------------------


def test_programme_pages_list_only_visible_projects(client, world):
    project = world["project"]
    ProjectFactory(code="CM-2", programme=project.programme, province_id="50")
    # The programme's owner sees the programme; of its projects, only those in its scope.
    owner_staff = user_with_grant(
        "owner-staff", Role.FIELD_STAFF, organisation=project.programme.owner
    )
    signed_in(client, owner_staff)
    response = client.get(reverse("projects:programme", args=[project.programme_id]))
    assert response.status_code == 200
    assert "KKD-T" not in text(response)
    assert "CM-2" not in text(response)
    signed_in(client, user_with_grant("country", Role.ANALYST))
    response = client.get(reverse("projects:programme", args=[project.programme_id]))
    assert "KKD-T" in text(response)
    assert "CM-2" in text(response)
    # An officer of province 50 has a project (CM-2) in the programme: they see its page with
    # their project only (tests/projects/test_programme_access.py has the rest).
    signed_in(client, world["outsider"])
    response = client.get(reverse("projects:programme", args=[project.programme_id]))
    assert response.status_code == 200
    assert "CM-2" in text(response)
    assert "KKD-T" not in text(response)
    signed_in(client, user_with_grant("bangkok", Role.AREA_OFFICER, province_id="10"))
    assert client.get(reverse("projects:programme", args=[project.programme_id])).status_code == 404


def test_project_create_refuses_reversed_dates_in_thai_then_saves(client, world):
    admin = user_with_grant("admin", Role.ADMINISTRATOR)
    signed_in(client, admin)
    project = world["project"]
    data = {
        "programme": project.programme_id,
        "code": "NEW-1",
        "title": "โครงการใหม่",
        "level": "provincial",
        "proposing_organisation": project.proposing_organisation_id,
        "implementing_organisation": project.implementing_organisation_id,
        "start_date": "01/10/2567",
        "end_date": "30/09/2567",
    }
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 200
    error = response.context["form"].errors["end_date"][0]
    assert "สิ้นสุด" in error and "ก่อน" in error
    assert error in text(response)
    assert not type(project).objects.filter(code="NEW-1").exists()

    data["end_date"] = "30/09/2568"
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302
    created = type(project).objects.get(code="NEW-1")
    assert (created.start_date, created.end_date) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert created.status == ProjectStatus.DRAFT


def test_coordinator_may_not_create_a_project_under_someone_elses_programme(client, world):
    signed_in(client, world["coordinator"])
    assert client.get(reverse("projects:project_create")).status_code == 403


def test_evidence_upload_refuses_html_and_serves_a_pdf_as_attachment(client, world, media_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tidtam.projects.models import Evidence

    session = world["sessions"][0]
    signed_in(client, world["coordinator"])
    url = reverse("projects:evidence_upload", args=[session.pk])
    page = client.post(
        url,
        {
            "kind": "minutes",
            "file": SimpleUploadedFile("minutes.html", b"<html><script>x</script>", "text/html"),
        },
        follow=True,
    )
    assert "ไม่รับไฟล์ประเภทนี้" in text(page)
    assert not Evidence.objects.exists()

    client.post(
        url,
        {
            "kind": "minutes",
            "file": SimpleUploadedFile("รายงานการประชุม.pdf", b"%PDF-1.4\n%...", "application/pdf"),
        },
    )
    evidence = Evidence.objects.get()
    page = client.get(reverse("projects:session", args=[session.pk]))
    download = reverse("projects:evidence_download", args=[evidence.pk])
    assert download in text(page)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    signed_in(client, world["outsider"])
    assert client.get(download).status_code == 404

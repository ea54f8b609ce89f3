"""Spreadsheet kind "projects": round trip, one edited cell, refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest

from tests.imports.helpers import book_of, edit, export_book, find_row, sheet_rows, template_book
from tests.projects.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    WorkPlanFactory,
    months,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.areas.models import Province, Subdistrict
from tidtam.areas.services import community_create
from tidtam.imports.engine import run_import
from tidtam.imports.kinds import get_kind
from tidtam.imports.services import import_file
from tidtam.imports.sheets.projects import MonthList
from tidtam.imports.values import CellError
from tidtam.projects.models import Activity, ActivityMonth, Project, ProjectStatus, WorkPlan

PROJECTS, PLANS, ACTIVITIES = "โครงการ", "แผนงาน", "กิจกรรม"


@pytest.fixture
def project(db):
    programme = ProgrammeFactory(code="PRG-T")
    implementer = OrganisationFactory(name="สมาคมทดสอบนำเข้า")
    project = ProjectFactory(
        programme=programme,
        code="KKD-T",
        title="ขอนแก่นสนทนา",
        proposing_organisation=implementer,
        implementing_organisation=implementer,
        start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 12, 31),
        objectives="เพื่อที่อยู่อาศัยที่มั่นคง\nและการมีส่วนร่วม",
    )
    project.working_provinces.set([Province.objects.get(code="40")])
    project.working_subdistricts.set([Subdistrict.objects.get(code="400101")])
    # two communities of the same name in two subdistricts
    community = community_create(
        name="ชุมชนมิตรภาพ", subdistrict=Subdistrict.objects.get(code="400101")
    )
    community_create(name="มิตรภาพ", subdistrict=Subdistrict.objects.get(code="401002"))
    project.communities.set([community])
    plan = WorkPlanFactory(project=project, number=1, title="พัฒนาทีม")
    WorkPlanFactory(project=project, number=2, title="สร้างความรู้", budget_plan_reference="ลำดับที่ 4")
    first = ActivityFactory(plan=plan, number="1.1", title="ประชุมทีม", planned_sessions=5)
    months(first, (2023, 2), (2023, 4))
    second = ActivityFactory(plan=plan, number="1.2", title="อบรมอาสาสมัคร", budget_number="2.1")
    months(second, (2023, 3))
    months(second, (2023, 10), rescheduled=True)
    # another province's project: outside the coordinator's and the outsider's scope
    ProjectFactory(code="OTHER-T", province=Province.objects.get(code="50"))
    return project


@pytest.fixture
def coordinator(project):
    return user_with_grant(
        "coordinator", Role.COORDINATOR, organisation=project.implementing_organisation
    )


@pytest.fixture
def admin(db):
    return user_with_grant("admin-t", Role.ADMINISTRATOR)


def snapshot():
    """Every stored value the kind can touch, with the number of history rows."""
    projects = [
        (
            p.code,
            p.programme_id,
            p.title,
            p.agreement_number,
            p.level,
            p.phase,
            p.proposing_organisation_id,
            p.implementing_organisation_id,
            p.province_id,
            tuple(sorted(x.pk for x in p.working_provinces.all())),
            tuple(sorted(x.pk for x in p.working_subdistricts.all())),
            tuple(sorted(x.pk for x in p.communities.all())),
            p.cities,
            p.start_date,
            p.end_date,
            p.objectives,
            p.expected_results,
            p.status,
        )
        for p in Project.objects.order_by("code")
    ]
    plans = list(
        WorkPlan.objects.order_by("pk").values_list(
            "pk", "project_id", "number", "title", "budget_plan_reference"
        )
    )
    activities = list(
        Activity.objects.order_by("pk").values_list(
            "pk",
            "plan_id",
            "number",
            "budget_number",
            "title",
            "planned_sessions",
            "planned_start",
            "planned_end",
            "budget_line_reference",
            "rescheduled_reason",
            "progress_note",
        )
    )
    month_rows = list(
        ActivityMonth.objects.order_by("activity_id", "rescheduled", "year", "month").values_list(
            "activity_id", "year", "month", "rescheduled"
        )
    )
    history = (
        Project.history.count(),
        WorkPlan.history.count(),
        Activity.history.count(),
        ActivityMonth.history.count(),
    )
    return projects, plans, activities, month_rows, history


def counts(outcome, sheet):
    return vars(outcome.counts[sheet])


def run(data: bytes, user, **kwargs):
    return run_import(get_kind("projects"), io.BytesIO(data), "projects.xlsx", user=user, **kwargs)


def import_bytes(data: bytes, user, name: str = "projects.xlsx"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return import_file("projects", path, user=user)


def row_of(data: bytes, sheet: str, header: str, value) -> int:
    return find_row(sheet_rows(data, sheet), header, value)


def as_dicts(data: bytes, sheet: str) -> list[dict]:
    rows = sheet_rows(data, sheet)
    headers = [str(h).rstrip(" *") for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


# --- round trip ------------------------------------------------------------------------------


def test_export_then_import_changes_nothing(project, coordinator):
    data = export_book("projects", coordinator)
    before = snapshot()
    outcome = run(data, coordinator)
    assert outcome.problems == []
    assert outcome.applied
    assert counts(outcome, PROJECTS) == {"created": 0, "updated": 0, "unchanged": 1, "refused": 0}
    assert counts(outcome, PLANS) == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert counts(outcome, ACTIVITIES) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "refused": 0,
    }
    assert snapshot() == before


def test_export_writes_codes_organisations_areas_be_dates_and_months(project, coordinator):
    data = export_book("projects", coordinator)
    (row,) = as_dicts(data, PROJECTS)  # only the coordinator's project
    assert row["รหัสโครงการ"] == "KKD-T"
    assert row["รหัสแผนงานหลัก"] == "PRG-T"
    assert row["องค์กรผู้เสนอ"] == "สมาคมทดสอบนำเข้า (ขอนแก่น)"
    assert row["ระดับโครงการ"] == "ระดับจังหวัด"
    assert row["จังหวัดของโครงการ"] == "ขอนแก่น"
    assert row["จังหวัดที่ดำเนินงาน"] == "ขอนแก่น"
    assert row["ตำบลที่ดำเนินงาน"] == "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"
    assert row["ชุมชน"] == "ชุมชนมิตรภาพ (ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น)"
    assert (row["วันเริ่มต้น"], row["วันสิ้นสุด"]) == ("01/02/2566", "31/12/2566")
    assert row["วัตถุประสงค์"] == "เพื่อที่อยู่อาศัยที่มั่นคง\nและการมีส่วนร่วม"
    assert row["สถานะ"] == "ร่าง"
    plans = as_dicts(data, PLANS)
    assert [(p["แผนงานที่"], p["ชื่อแผนงาน"], p["ลำดับในแผนงบประมาณ"]) for p in plans] == [
        (1, "พัฒนาทีม", None),
        (2, "สร้างความรู้", "ลำดับที่ 4"),
    ]
    activities = as_dicts(data, ACTIVITIES)
    assert [
        (a["กิจกรรมที่"], a["แผนงานที่"], a["จำนวนครั้งตามแผน (N)"], a["เดือนที่วางแผน"]) for a in activities
    ] == [("1.1", 1, 5, "ก.พ. 2566, เม.ย. 2566"), ("1.2", 1, 3, "มี.ค. 2566")]
    assert activities[1]["เดือนที่ปรับแผนใหม่"] == "ต.ค. 2566"
    assert activities[1]["ลำดับในแผนงบประมาณ"] == "2.1"


def test_the_template_has_the_three_sheets_and_imports_as_nothing(project, coordinator):
    data = template_book("projects")
    for sheet in (PROJECTS, PLANS, ACTIVITIES):
        assert len(sheet_rows(data, sheet)) == 1
    before = snapshot()
    outcome = run(data, coordinator)
    assert outcome.problems == []
    assert outcome.total.rows == 0
    assert snapshot() == before


# --- one edited cell ---------------------------------------------------------------------------


def test_one_edited_project_cell_changes_exactly_that_field_with_an_audit_entry(
    project, coordinator, media_dir
):
    data = export_book("projects", coordinator)
    edited = edit(data, PROJECTS, [(1, "ชื่อโครงการ", "ขอนแก่นสนทนา (ระยะที่ 2)")])
    before = snapshot()
    history_before = project.history.count()

    outcome, import_run = import_bytes(edited, coordinator)

    assert outcome.problems == []
    assert counts(outcome, PROJECTS)["updated"] == 1
    assert counts(outcome, PLANS)["unchanged"] == 2
    assert counts(outcome, ACTIVITIES)["unchanged"] == 2
    project.refresh_from_db()
    assert project.title == "ขอนแก่นสนทนา (ระยะที่ 2)"
    after = snapshot()
    expected = list(before[0][0])
    expected[2] = "ขอนแก่นสนทนา (ระยะที่ 2)"
    assert after[0][0] == tuple(expected)
    assert after[0][1:] == before[0][1:]  # the other project untouched
    assert after[1:4] == before[1:4]
    assert project.history.count() == history_before + 1
    latest = project.history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{import_run.pk} projects.xlsx"
    assert latest.history_user == coordinator
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["title"]


def test_one_edited_activity_cell_changes_exactly_that_field(project, coordinator, media_dir):
    data = export_book("projects", coordinator)
    row = row_of(data, ACTIVITIES, "กิจกรรมที่", "1.1")
    edited = edit(data, ACTIVITIES, [(row, "จำนวนครั้งตามแผน (N)", 6)])
    activity = Activity.objects.get(number="1.1")
    before = snapshot()

    outcome, import_run = import_bytes(edited, coordinator)

    assert outcome.problems == []
    assert counts(outcome, ACTIVITIES) == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "refused": 0,
    }
    after = snapshot()
    assert after[0] == before[0] and after[1] == before[1] and after[3] == before[3]
    changed = [a for a, b in zip(after[2], before[2], strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0] == activity.pk and changed[0][5] == 6
    latest = activity.history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{import_run.pk} projects.xlsx"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == [
        "planned_sessions"
    ]


def test_edited_months_replace_the_planned_months_and_keep_the_rescheduled_ones(
    project, coordinator
):
    data = export_book("projects", coordinator)
    row = row_of(data, ACTIVITIES, "กิจกรรมที่", "1.2")
    outcome = run(
        edit(data, ACTIVITIES, [(row, "เดือนที่วางแผน", "ก.พ.-เม.ย. 66, มิถุนายน 2566")]), coordinator
    )
    assert outcome.problems == []
    activity = Activity.objects.get(number="1.2")
    assert sorted((m.year, m.month, m.rescheduled) for m in activity.months.all()) == [
        (2023, 2, False),
        (2023, 3, False),
        (2023, 4, False),
        (2023, 6, False),
        (2023, 10, True),
    ]
    assert ActivityMonth.objects.filter(activity__number="1.1").count() == 2


@pytest.mark.parametrize("typed", ["1 มี.ค. 2566", "01/03/2566", "1 มี.ค. 66", "2023-03-01"])
def test_be_and_ce_dates_are_accepted(project, coordinator, typed):
    data = export_book("projects", coordinator)
    outcome = run(edit(data, PROJECTS, [(1, "วันเริ่มต้น", typed)]), coordinator)
    assert outcome.problems == []
    assert counts(outcome, PROJECTS)["updated"] == 1
    project.refresh_from_db()
    assert project.start_date == dt.date(2023, 3, 1)


def test_communities_are_found_by_name_and_subdistrict(project, coordinator):
    data = export_book("projects", coordinator)
    typed = "ชุมชน มิตรภาพ (ต.ในเมือง อ.เมืองขอนแก่น), มิตรภาพ (ต.ในเมือง อ.บ้านไผ่ จ.ขอนแก่น)"
    outcome = run(edit(data, PROJECTS, [(1, "ชุมชน", typed)]), coordinator)
    assert outcome.problems == []
    project.refresh_from_db()
    assert sorted(c.subdistrict_id for c in project.communities.all()) == ["400101", "401002"]


def test_a_changed_status_cell_changes_nothing(project, coordinator):
    data = export_book("projects", coordinator)
    before = snapshot()
    outcome = run(edit(data, PROJECTS, [(1, "สถานะ", "อนุมัติแล้ว")]), coordinator)
    assert outcome.problems == []
    assert counts(outcome, PROJECTS)["unchanged"] == 1
    assert snapshot() == before


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "header", "value", "message"),
    [
        (PROJECTS, "วันเริ่มต้น", "31/02/2566", "อ่านวันที่ไม่ได้"),
        (PROJECTS, "วันสิ้นสุด", "01/01/2566", "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"),
        (PROJECTS, "องค์กรผู้ดำเนินงาน", "ไม่มีองค์กรนี้", "ไม่พบองค์กร"),
        (PROJECTS, "ระดับโครงการ", "ระดับโลก", "ไม่มีในรายการ"),
        (PROJECTS, "ชุมชน", "มิตรภาพ", 'มีชุมชนชื่อ "มิตรภาพ" หลายแห่ง'),
        (PLANS, "ชื่อแผนงาน", " ", "ต้องกรอก"),
        (ACTIVITIES, "เดือนที่วางแผน", "4 ก.พ. 2566", "ใส่เดือนและปี ไม่ใช่วันที่"),
        (ACTIVITIES, "เดือนที่วางแผน", "ก.พ.", "ไม่มีปี"),
        (ACTIVITIES, "เดือนที่วางแผน", "คุลาคม 2566", "สะกดชื่อเดือนผิด"),
        (ACTIVITIES, "เดือนที่วางแผน", "ม.ค. 2567", "นอกระยะเวลาโครงการ: ม.ค. 2567"),
        (ACTIVITIES, "แผนงานที่", 2, "ย้ายกิจกรรมไปแผนงานอื่นไม่ได้"),
        (ACTIVITIES, "รหัสโครงการ", "NOPE", 'ไม่พบโครงการรหัส "NOPE"'),
    ],
)
def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_applied(
    project, coordinator, sheet, header, value, message
):
    data = export_book("projects", coordinator)
    row = 1 if sheet == PROJECTS else 2
    # a good edit elsewhere in the file, which must not be applied either
    good = edit(data, PLANS, [(1, "ชื่อแผนงาน", "พัฒนาทีมงาน")])
    bad = edit(good, sheet, [(row, header, value)])
    before = snapshot()
    outcome = run(bad, coordinator)
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(sheet, row + 1, header)]
    assert message in outcome.problems[0].message
    assert outcome.problems[0].text().startswith(f"แผ่นงาน “{sheet}” แถว {row + 1} คอลัมน์ “{header}”")
    assert snapshot() == before


def test_a_plan_change_after_approval_is_refused_with_the_services_message(project, coordinator):
    data = export_book("projects", coordinator)
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.APPROVED)
    row = row_of(data, ACTIVITIES, "กิจกรรมที่", "1.1")
    edited = edit(data, ACTIVITIES, [(row, "ชื่อกิจกรรม", "ประชุมทีมทุกเดือน")])
    edited = edit(edited, PLANS, [(1, "ชื่อแผนงาน", "พัฒนาทีมงาน")])
    edited = edit(edited, ACTIVITIES, [(3, "รหัสโครงการ", "KKD-T"), (3, "กิจกรรมที่", "1.3")])
    edited = edit(edited, ACTIVITIES, [(3, "แผนงานที่", 1), (3, "ชื่อกิจกรรม", "กิจกรรมใหม่")])
    edited = edit(edited, ACTIVITIES, [(3, "จำนวนครั้งตามแผน (N)", 1)])
    before = snapshot()
    outcome = run(edited, coordinator)
    assert not outcome.applied
    locked = "โครงการอนุมัติแล้ว: การเปลี่ยนแผนต้องทำผ่านคำขอเปลี่ยนแปลง"
    assert [(p.sheet, p.row, p.column, p.message) for p in outcome.problems] == [
        (PLANS, 2, "", locked),
        (ACTIVITIES, row + 1, "", locked),
        (ACTIVITIES, 4, "", locked),
    ]
    assert snapshot() == before


def test_rows_of_a_project_the_user_may_not_change_are_refused(project, coordinator):
    outsider = user_with_grant("outsider", Role.AREA_OFFICER, province_id="50")
    # the outsider's export holds only the project of their province
    assert [r["รหัสโครงการ"] for r in as_dicts(export_book("projects", outsider), PROJECTS)] == [
        "OTHER-T"
    ]
    data = export_book("projects", coordinator)
    before = snapshot()
    outcome = run(data, outsider)
    assert not outcome.applied
    assert {(p.sheet, p.row, p.message) for p in outcome.problems} == {
        (PROJECTS, 2, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (PLANS, 2, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (PLANS, 3, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (ACTIVITIES, 2, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (ACTIVITIES, 3, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
    }
    new_plan = book_of(PLANS, [["รหัสโครงการ", "แผนงานที่", "ชื่อแผนงาน"], ["KKD-T", 3, "ใหม่"]])
    outcome = run(new_plan, outsider)
    # a project the outsider may not see is not confirmed to exist
    assert [(p.sheet, p.row, p.column, p.message) for p in outcome.problems] == [
        (PLANS, 2, "รหัสโครงการ", 'ไม่พบโครงการรหัส "KKD-T"')
    ]
    assert snapshot() == before


# --- new records -------------------------------------------------------------------------------


def test_a_new_project_with_its_plan_and_activity_in_one_file(project, admin, media_dir):
    data = template_book("projects")
    data = edit(
        data,
        PROJECTS,
        [
            (1, "รหัสโครงการ", "NEW-T"),
            (1, "รหัสแผนงานหลัก", "prg-t"),
            (1, "ชื่อโครงการ", "โครงการใหม่"),
            (1, "ระดับโครงการ", "ระดับจังหวัด"),
            (1, "องค์กรผู้เสนอ", "สมาคมทดสอบนำเข้า"),
            (1, "องค์กรผู้ดำเนินงาน", "สมาคมทดสอบนำเข้า (จ.ขอนแก่น)"),
            (1, "จังหวัดของโครงการ", "จังหวัดขอนแก่น"),
            (1, "จังหวัดที่ดำเนินงาน", "ขอนแก่น, มหาสารคาม"),
            (1, "วันเริ่มต้น", "1 ต.ค. 2566"),
            (1, "วันสิ้นสุด", "30/09/2567"),
        ],
    )
    data = edit(
        data, PLANS, [(1, "รหัสโครงการ", "NEW-T"), (1, "แผนงานที่", "๑"), (1, "ชื่อแผนงาน", "แผนแรก")]
    )
    data = edit(
        data,
        ACTIVITIES,
        [
            (1, "รหัสโครงการ", "NEW-T"),
            (1, "กิจกรรมที่", "1.1"),
            (1, "แผนงานที่", 1),
            (1, "ชื่อกิจกรรม", "เวทีเปิด"),
            (1, "จำนวนครั้งตามแผน (N)", 2),
            (1, "เดือนที่วางแผน", "ต.ค. 66, ม.ค. 67"),
        ],
    )
    outcome, import_run = import_bytes(data, admin)
    assert outcome.problems == []
    assert [counts(outcome, s)["created"] for s in (PROJECTS, PLANS, ACTIVITIES)] == [1, 1, 1]
    new = Project.objects.get(code="NEW-T")
    assert new.status == ProjectStatus.DRAFT
    assert new.programme.code == "PRG-T"
    assert new.implementing_organisation == project.implementing_organisation
    assert sorted(p.name_th for p in new.working_provinces.all()) == ["ขอนแก่น", "มหาสารคาม"]
    assert (new.start_date, new.end_date) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    activity = Activity.objects.get(plan__project=new)
    assert (activity.plan.number, activity.number, activity.planned_sessions) == (1, "1.1", 2)
    assert sorted((m.year, m.month) for m in activity.months.all()) == [(2023, 10), (2024, 1)]
    reason = f"นำเข้าไฟล์ #{import_run.pk} projects.xlsx"
    assert new.history.get().history_change_reason == reason
    assert activity.history.get().history_change_reason == reason
    # and the same file again changes nothing
    again, _run = import_bytes(data, admin)
    assert [counts(again, s)["unchanged"] for s in (PROJECTS, PLANS, ACTIVITIES)] == [1, 1, 1]


def test_a_new_project_may_not_claim_a_status(project, admin):
    data = book_of(
        PROJECTS,
        [
            [
                "รหัสโครงการ",
                "รหัสแผนงานหลัก",
                "ชื่อโครงการ",
                "ระดับโครงการ",
                "องค์กรผู้เสนอ",
                "องค์กรผู้ดำเนินงาน",
                "สถานะ",
            ],
            ["NEW-T", "PRG-T", "ใหม่", "ระดับจังหวัด", "สมาคมทดสอบนำเข้า", "สมาคมทดสอบนำเข้า", "อนุมัติแล้ว"],
        ],
    )
    before = snapshot()
    outcome = run(data, admin)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "สถานะ")]
    assert snapshot() == before


def test_a_coordinator_may_not_add_a_project_to_a_programme_they_do_not_run(project, coordinator):
    data = book_of(
        PROJECTS,
        [
            [
                "รหัสโครงการ",
                "รหัสแผนงานหลัก",
                "ชื่อโครงการ",
                "ระดับโครงการ",
                "องค์กรผู้เสนอ",
                "องค์กรผู้ดำเนินงาน",
            ],
            ["NEW-T", "PRG-T", "ใหม่", "ระดับจังหวัด", "สมาคมทดสอบนำเข้า", "สมาคมทดสอบนำเข้า"],
        ],
    )
    before = snapshot()
    outcome = run(data, coordinator)
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (2, "รหัสแผนงานหลัก", "ไม่มีสิทธิ์เพิ่มโครงการในแผนงานหลักนี้")
    ]
    assert snapshot() == before


# --- the months column -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "months_read"),
    [
        ("ก.พ. 2566, เม.ย. 2566", [(2023, 2), (2023, 4)]),
        ("ก.พ.66;มี.ค.66\nเม.ย.66", [(2023, 2), (2023, 3), (2023, 4)]),
        ("ต.ค.-ธ.ค. 2566", [(2023, 10), (2023, 11), (2023, 12)]),
        ("พ.ย. 2566 - ก.พ. 2567", [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]),
        ("กุมภาพันธ์ 2566, ก.พ. 2566", [(2023, 2)]),
        ("-", []),
        (None, []),
    ],
)
def test_month_lists_people_type(typed, months_read):
    assert MonthList().parse(typed) == months_read


@pytest.mark.parametrize("typed", ["2566", "ก.พ. 66 มี.ค. 66", "2/2566", 45000, dt.date(2023, 2, 1)])
def test_month_lists_are_read_strictly(typed):
    with pytest.raises(CellError):
        MonthList().parse(typed)


def test_month_list_cells_round_trip():
    months_ = [(2023, 2), (2023, 12), (2024, 1)]
    assert MonthList().to_cell(months_) == "ก.พ. 2566, ธ.ค. 2566, ม.ค. 2567"
    assert MonthList().parse(MonthList().to_cell(months_)) == months_


def test_the_command_line_exports_and_dry_runs(project, tmp_path, capsys):
    from django.core.management import call_command

    target = tmp_path / "p.xlsx"
    call_command("export", "projects", "-o", str(target), "--project", "KKD-T")
    call_command("import", "projects", str(target), "--dry-run")
    out = capsys.readouterr().out
    assert "โครงการ: 1 แถว" in out
    assert "โครงการ: สร้าง 0 ปรับปรุง 0 ไม่เปลี่ยน 1 ผิด 0" in out
    assert "กิจกรรม: สร้าง 0 ปรับปรุง 0 ไม่เปลี่ยน 2 ผิด 0" in out


def test_export_queries_do_not_grow_with_the_rows(project, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            export_book("projects", admin)
        return len(ctx.captured_queries)

    queries()  # warm the per-user access cache
    few = queries()
    for n in range(3):
        other = ProjectFactory(code=f"MORE-{n}", programme=project.programme)
        other.working_provinces.set([Province.objects.get(code="40")])
        plan = WorkPlanFactory(project=other, number=1)
        months(ActivityFactory(plan=plan, number="1.1"), (2023, 3))
        months(ActivityFactory(plan=plan, number="1.2"), (2023, 4), (2023, 5))
    assert queries() == few

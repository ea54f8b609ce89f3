"""Spreadsheet kind "sessions": round trip, one edited cell, refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.imports.helpers import book_of, edit, export_book, find_row, sheet_rows
from tests.projects.factories import (
    ActivityFactory,
    ParticipantCountFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    SessionFactory,
    WorkPlanFactory,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.imports.engine import run_import
from tidtam.imports.kinds import get_kind
from tidtam.imports.services import import_file
from tidtam.imports.workbook import cells_of
from tidtam.projects.models import CountSource, ParticipantCount, ReviewStatus, Session

SHEET = "ครั้งกิจกรรม"


@pytest.fixture
def project(db):
    project = ProjectFactory(code="KKD-T")
    plan = WorkPlanFactory(project=project, number=1)
    first = ActivityFactory(plan=plan, number="1.1", planned_sessions=3)
    ActivityFactory(plan=plan, number="1.2", planned_sessions=2)
    s1 = SessionFactory(
        activity=first,
        number=1,
        start_date=dt.date(2023, 2, 4),
        title="เวทีเปิดโครงการ",
        results="ได้แผนงาน\nได้คณะทำงาน",
    )
    ParticipantCountFactory(session=s1, total=30, men=12, women=18, community_leaders=5)
    s2 = SessionFactory(activity=first, number=2, start_date=dt.date(2023, 3, 10))
    # A legacy count from the progress report's Table 2 (sector sum ≠ men + women): kept.
    ParticipantCountFactory(
        session=s2, source=CountSource.TABLE2, total=20, men=8, women=12, community_leaders=30
    )
    SessionFactory(
        project=project,
        activity=None,
        budget_category="หมวดค่าบุคลากร",
        title="ลงพื้นที่เตรียมงาน",
        start_date=dt.date(2023, 2, 1),
    )
    return project


@pytest.fixture
def coordinator(project):
    return user_with_grant(
        "coordinator", Role.COORDINATOR, organisation=project.implementing_organisation
    )


def snapshot():
    return sorted(
        (
            s.pk,
            s.title,
            s.start_date,
            s.place,
            s.results,
            tuple(
                sorted(
                    (c.source, c.total, c.men, c.women, c.community_leaders) for c in s.counts.all()
                )
            ),
        )
        for s in Session.objects.prefetch_related("counts")
    )


def test_export_then_import_changes_nothing(project, coordinator):
    data = export_book("sessions", coordinator)
    rows = sheet_rows(data, SHEET)
    assert len(rows) == 4  # header + 3 sessions
    before = snapshot()
    outcome = run_import(get_kind("sessions"), io.BytesIO(data), "s.xlsx", user=coordinator)
    assert outcome.problems == []
    assert vars(outcome.counts[SHEET]) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "refused": 0,
    }
    assert snapshot() == before


def test_export_writes_be_dates_and_the_preferred_count_set(project, coordinator):
    rows = sheet_rows(export_book("sessions", coordinator), SHEET)
    headers = [str(h).rstrip(" *") for h in rows[0]]
    first = dict(zip(headers, rows[find_row(rows, "เรื่อง", "เวทีเปิดโครงการ")], strict=True))
    assert first["รหัสโครงการ"] == "KKD-T"
    assert first["กิจกรรมที่"] == "1.1"
    assert first["ครั้งที่"] == 1
    assert first["วันที่"] == "04/02/2566"
    assert first["ผลที่ได้"] == "ได้แผนงาน\nได้คณะทำงาน"
    assert (first["ผู้เข้าร่วมทั้งหมด"], first["ชาย"], first["หญิง"]) == (30, 12, 18)
    second = dict(zip(headers, rows[find_row(rows, "วันที่", "10/03/2566")], strict=True))
    # no typed entry: the Table 2 counts are the session's counts
    assert (second["ผู้เข้าร่วมทั้งหมด"], second["ผู้นำชุมชน"]) == (20, 30)


def test_one_edited_cell_changes_exactly_that_field_with_an_audit_entry(project, coordinator):
    data = export_book("sessions", coordinator)
    rows = sheet_rows(data, SHEET)
    row = find_row(rows, "เรื่อง", "เวทีเปิดโครงการ")
    edited = edit(data, SHEET, [(row, "สถานที่", "วัดศรีนวล")])
    session = Session.objects.get(title="เวทีเปิดโครงการ")
    history_before = session.history.count()
    before = {s[0]: s for s in snapshot()}

    outcome, run = import_file_bytes(edited, coordinator)

    assert vars(outcome.counts[SHEET])["updated"] == 1
    assert vars(outcome.counts[SHEET])["unchanged"] == 2
    after = {s[0]: s for s in snapshot()}
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == {session.pk}
    session.refresh_from_db()
    assert session.place == "วัดศรีนวล"
    old = list(before[session.pk])
    old[3] = "วัดศรีนวล"
    assert after[session.pk] == tuple(old)
    assert session.history.count() == history_before + 1
    latest = session.history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{run.pk} sessions.xlsx"
    assert latest.history_user == coordinator
    delta = latest.diff_against(latest.prev_record)
    assert [c.field for c in delta.changes] == ["place"]


def import_file_bytes(data: bytes, user, name: str = "sessions.xlsx", **kwargs):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return import_file("sessions", path, user=user, **kwargs)


def test_an_edited_count_goes_to_the_set_it_was_read_from(project, coordinator, media_dir):
    data = export_book("sessions", coordinator)
    rows = sheet_rows(data, SHEET)
    row = find_row(rows, "วันที่", "10/03/2566")
    outcome, _run = import_file_bytes(edit(data, SHEET, [(row, "หญิง", 11)]), coordinator)
    assert outcome.problems == []
    session = Session.objects.get(start_date=dt.date(2023, 3, 10))
    counts = {
        c.source: (c.total, c.men, c.women, c.community_leaders) for c in session.counts.all()
    }
    assert counts == {CountSource.TABLE2: (20, 8, 11, 30)}


def test_new_rows_are_created_with_typed_counts_and_history(project, coordinator, media_dir):
    data = edit(
        export_book("sessions", coordinator),
        SHEET,
        [
            (4, "รหัสโครงการ", "kkd-t"),
            (4, "กิจกรรมที่", "1.2"),
            (4, "ครั้งที่", 1),
            (4, "วันที่", "15 มี.ค. 66"),
            (4, "เวลาเริ่ม", "09.00 น."),
            (4, "ตำบล", "ต.ศิลา อ.เมืองขอนแก่น จ.ขอนแก่น"),
            (4, "ผู้เข้าร่วมทั้งหมด", "๒๕"),
            (4, "ชาย", "10"),
            (4, "หญิง", 15),
            (4, "ทีมโครงการ", "-"),
        ],
    )
    count_before = Session.objects.count()
    outcome, run = import_file_bytes(data, coordinator)
    assert outcome.problems == []
    assert vars(outcome.counts[SHEET])["created"] == 1
    assert Session.objects.count() == count_before + 1
    new = Session.objects.get(activity__number="1.2", number=1)
    assert new.start_date == dt.date(2023, 3, 15)
    assert new.start_time == dt.time(9, 0)
    assert (new.subdistrict.name_th, new.subdistrict.district.name_th) == ("ศิลา", "เมืองขอนแก่น")
    assert new.recorded_by == coordinator
    count = new.counts.get()
    assert (count.source, count.total, count.men, count.women, count.project_team) == (
        CountSource.ENTRY,
        25,
        10,
        15,
        0,
    )
    assert new.history.get().history_change_reason == f"นำเข้าไฟล์ #{run.pk} sessions.xlsx"
    assert count.history.get().history_change_reason == f"นำเข้าไฟล์ #{run.pk} sessions.xlsx"


HEADER = ["รหัสโครงการ", "กิจกรรมที่", "ครั้งที่", "วันที่", "ผู้เข้าร่วมทั้งหมด", "ชาย", "หญิง"]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["KKD-T", "1.2", 1, "31/02/2566", 5, 2, 3], "วันที่", "วันที่"),
        (["KKD-T", "1.2", 3, "01/03/2566", 5, 2, 3], "ครั้งที่", "เกินจำนวนครั้งที่วางแผนไว้ (2 ครั้ง)"),
        (["KKD-T", "1.2", 1, "01/03/2566", 5, None, 9], "หญิง", "(9)"),
        (["KKD-T", "1.2", 1, "01/03/2566", -5, 2, 3], "ผู้เข้าร่วมทั้งหมด", "ไม่น้อยกว่า 0"),
        (["KKD-T", "9.9", 1, "01/03/2566", 5, 2, 3], "กิจกรรมที่", "9.9"),
        (["NOPE", "1.1", 1, "01/03/2566", 5, 2, 3], "รหัสโครงการ", "NOPE"),
    ],
)
def test_a_bad_row_is_refused_with_sheet_row_and_column_and_nothing_is_applied(
    project, coordinator, row, column, message
):
    good = ["KKD-T", "1.1", 3, "20/03/2566", 10, 4, 6]
    data = book_of(SHEET, [HEADER, good, row])
    before = snapshot()
    outcome = run_import(get_kind("sessions"), io.BytesIO(data), "x.xlsx", user=coordinator)
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(SHEET, 3, column)]
    assert message in outcome.problems[0].message
    assert outcome.problems[0].text().startswith(f"แผ่นงาน “{SHEET}” แถว 3 คอลัมน์ “{column}”")
    assert snapshot() == before


def test_a_locked_period_refuses_the_row_and_its_edit(project, coordinator, media_dir):
    ReportingPeriodFactory(
        project=project,
        start=dt.date(2023, 2, 1),
        end=dt.date(2023, 3, 31),
        status=ReviewStatus.APPROVED,
    )
    data = export_book("sessions", coordinator)
    rows = sheet_rows(data, SHEET)
    row = find_row(rows, "เรื่อง", "เวทีเปิดโครงการ")
    before = snapshot()
    outcome, run = import_file_bytes(edit(data, SHEET, [(row, "สถานที่", "ที่อื่น")]), coordinator)
    assert not outcome.applied
    assert [(p.row, p.column) for p in outcome.problems] == [(row + 1, "")]
    assert "ล็อก" in outcome.problems[0].message or "locked" in outcome.problems[0].message
    assert snapshot() == before
    assert run.status == "refused"


def test_a_project_the_user_may_not_change_is_refused(project, db):
    outsider = user_with_grant("outsider", Role.AREA_OFFICER, province_id="50")
    data = book_of(SHEET, [HEADER, ["KKD-T", "1.2", 1, "01/03/2566", 5, 2, 3]])
    before = snapshot()
    outcome = run_import(get_kind("sessions"), io.BytesIO(data), "x.xlsx", user=outsider)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "รหัสโครงการ")]
    assert snapshot() == before
    # and the outsider's export holds none of the project's sessions
    assert len(sheet_rows(export_book("sessions", outsider), SHEET)) == 1


def test_one_bad_row_among_ten_thousand_applies_nothing(project, coordinator):
    rows = [[*HEADER, "เรื่อง", "หมวดงบประมาณ"]]
    for i in range(10_000):
        day = dt.date(2023, 2, 1) + dt.timedelta(days=i % 300)
        rows.append(["KKD-T", "", None, day.strftime("%d/%m/") + str(day.year + 543), 5, 2, 3])
        rows[-1] += [f"ติดตามงาน {i}", "หมวดค่าบุคลากร"]
    rows[7_778][6] = 4  # women 4 of a total of 5 with 2 men: men + women > total
    data = book_of(SHEET, rows)
    before = Session.objects.count(), ParticipantCount.objects.count()
    history_before = Session.history.count()
    outcome = run_import(get_kind("sessions"), io.BytesIO(data), "big.xlsx", user=coordinator)
    assert not outcome.applied
    assert [(p.row, p.column) for p in outcome.problems] == [(7_779, "ผู้เข้าร่วมทั้งหมด")]
    assert vars(outcome.counts[SHEET]) == {
        "created": 9_999,
        "updated": 0,
        "unchanged": 0,
        "refused": 1,
    }
    assert (Session.objects.count(), ParticipantCount.objects.count()) == before
    assert Session.history.count() == history_before


def test_good_rows_only_applies_the_good_rows_and_keeps_the_bad_ones(
    project, coordinator, media_dir
):
    data = book_of(
        SHEET,
        [
            HEADER,
            ["KKD-T", "1.1", 3, "20/03/2566", 10, 4, 6],
            ["KKD-T", "1.2", 1, "01/03/2566", 5, 2, 9],
        ],
    )
    outcome, run = import_file_bytes(data, coordinator, good_rows_only=True)
    assert outcome.applied
    assert vars(outcome.counts[SHEET])["created"] == 1
    assert Session.objects.filter(activity__number="1.1", number=3).exists()
    assert not Session.objects.filter(activity__number="1.2").exists()
    errors = sheet_rows(run.error_file.read(), SHEET)
    assert errors[0][0] == "ข้อผิดพลาด"
    assert errors[1][0].startswith("หญิง:")
    assert errors[1][1] == 3  # the row in the original file
    assert errors[1][2:5] == ["KKD-T", "1.2", 1]


def test_reimport_of_the_same_new_rows_creates_nothing_more(project, coordinator, media_dir):
    data = book_of(SHEET, [HEADER, ["KKD-T", "1.1", 3, "20/03/2566", 10, 4, 6]])
    first, _run = import_file_bytes(data, coordinator)
    second, _run = import_file_bytes(data, coordinator)
    assert vars(first.counts[SHEET])["created"] == 1
    assert vars(second.counts[SHEET]) == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "refused": 0,
    }
    assert Session.objects.filter(activity__number="1.1", number=3).count() == 1


def test_the_streamed_export_writes_what_the_records_hold(project, coordinator):
    handler = get_kind("sessions").sheets[0]
    streamed = list(handler.export_cells(coordinator, {}, handler.columns))
    from_records = [handler.current(s) for s in handler.export(coordinator, {})]
    assert len(streamed) == 3
    assert streamed == list(cells_of(handler.columns, from_records))


@pytest.mark.parametrize("chunk", [5000, 1])
def test_the_fast_export_cells_are_the_cells_of_every_kind_of_session(
    project, coordinator, monkeypatch, chunk
):
    from tidtam.areas.models import Subdistrict
    from tidtam.imports.sheets import sessions

    monkeypatch.setattr(sessions, "EXPORT_CHUNK", chunk)  # 1: every session its own chunk

    activity = project.plans.get(number=1).activities.get(number="1.2")
    full = SessionFactory(
        activity=activity,
        number=2,
        start_date=dt.date(2024, 2, 29),
        end_date=dt.date(2024, 3, 1),
        start_time=dt.time(9, 0),
        end_time=dt.time(16, 30, 15),
        place="ศาลา & <ลาน>",
        subdistrict=Subdistrict.objects.get(code="400101"),
        purpose=" เว้นวรรคหน้า",
        problems="บรรทัด\nสอง",
    )
    # Two count sets: the entered one wins over the summary form's, whatever the order.
    ParticipantCountFactory(
        session=full, source=CountSource.SUMMARY_FORM, total=99, men=50, women=49
    )
    ParticipantCountFactory(
        session=full, total=7, men=3, women=4, others_people=2, others_label="พระสงฆ์"
    )
    handler = get_kind("sessions").sheets[0]
    fast = list(handler.export_cells(coordinator, {}, handler.columns))
    reference = list(
        cells_of(handler.columns, (handler.current(s) for s in handler.export(coordinator, {})))
    )
    assert len(fast) == 4
    assert fast == reference
    row = next(r for r in fast if r[5] == "29/02/2567")
    assert row[:12] == [
        "KKD-T",
        "1.2",
        2,
        "",
        "",
        "29/02/2567",
        "01/03/2567",
        "09.00",
        "16.30",
        "ศาลา & <ลาน>",
        "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น",
        " เว้นวรรคหน้า",
    ]
    assert row[16:19] == [7, 3, 4] and row[-2:] == [2, "พระสงฆ์"]
    # Another user sees none of it; a filter keeps to one project.
    outsider = user_with_grant("far-away", Role.AREA_OFFICER, province_id="50")
    assert list(handler.export_cells(outsider, {}, handler.columns)) == []
    assert list(handler.export_cells(None, {"project": "NOPE"}, handler.columns)) == []


def test_rows_past_a_sheets_limit_go_on_in_the_next_sheet_and_import_back(
    project, coordinator, monkeypatch
):
    from openpyxl import load_workbook

    from tidtam.imports import workbook

    monkeypatch.setattr(workbook, "MAX_DATA_ROWS", 2)  # Excel's is 1,048,575
    data = export_book("sessions", coordinator)
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames[1:3] == [SHEET, f"{SHEET} (2)"]
    assert f"{SHEET} (3)" not in book.sheetnames  # no empty sheet after a full one
    first, second = (sheet_rows(data, name) for name in (SHEET, f"{SHEET} (2)"))
    assert (len(first), len(second)) == (3, 2)  # each with the header
    assert first[0] == second[0]
    assert book[f"{SHEET} (2)"].calculate_dimension() == "A1:AI2"

    before = snapshot()
    outcome = run_import(get_kind("sessions"), io.BytesIO(data), "s.xlsx", user=coordinator)
    assert outcome.problems == []
    assert vars(outcome.counts[SHEET])["unchanged"] == 3
    assert snapshot() == before

    # A bad cell in the continuation sheet is named by that sheet, and nothing is applied.
    bad = edit(data, f"{SHEET} (2)", [(1, "วันที่", "31/02/2566")])
    outcome = run_import(get_kind("sessions"), io.BytesIO(bad), "s.xlsx", user=coordinator)
    assert [(p.sheet, p.row) for p in outcome.problems] == [(f"{SHEET} (2)", 2)]
    assert not outcome.applied
    assert snapshot() == before

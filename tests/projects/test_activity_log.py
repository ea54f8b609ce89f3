"""Seed 004's activity log: parse, import (idempotent, all or nothing), export, CLI."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tests.projects.factories import ProjectFactory
from tidtam.demo.projects import SEED_004_TEXT
from tidtam.projects import activity_log
from tidtam.projects.activity_log import ActivityLogError
from tidtam.projects.models import Session


def test_parse_seed_004():
    records = activity_log.parse(SEED_004_TEXT)
    assert [(r.number, r.start, r.end) for r in records] == [
        (1, dt.date(2024, 9, 10), dt.date(2024, 9, 10)),
        (2, dt.date(2024, 9, 11), dt.date(2024, 9, 11)),
        (3, dt.date(2024, 9, 23), dt.date(2024, 9, 23)),
        (4, dt.date(2024, 9, 23), dt.date(2024, 9, 23)),
        (5, dt.date(2024, 10, 6), dt.date(2024, 10, 6)),
        (6, dt.date(2024, 10, 7), dt.date(2024, 10, 7)),
        (7, dt.date(2024, 10, 13), dt.date(2024, 10, 13)),
    ]
    first = records[0]
    assert first.title == "ประชุมจัดทำข้อมูลถอดบทเรียนชุมชนสีเขียว"
    assert first.results == ("จัดเตรียมข้อมูลดังนี้\n- ทบทวนผลการประเมินพื้นที่นำร่องชุมชนสีเขียว 5 พื้นที่")
    assert [r.problems_as_written for r in records] == ["ไม่มี"] * 4 + ["*"] * 3
    assert [r.problems for r in records] == [""] * 7
    assert records[3].description == "ประชุมทาง Zoom"
    assert len({r.source_key for r in records}) == 7


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("cp874"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_encodings(encode):
    assert activity_log.parse(encode(SEED_004_TEXT)) == activity_log.parse(SEED_004_TEXT)


def test_export_round_trip():
    records = activity_log.parse(SEED_004_TEXT)
    assert activity_log.parse(activity_log.export(records)) == records


@pytest.mark.parametrize(
    ("text", "record", "words"),
    [
        ("ก |\n10 ก.ย. 2567 |\n10 ก.ย. 2567 |\n|\nx\n|\n|\ny\n|\nไม่มี\n|\nข |\n31 ก.พ. 2567 |\n"
         "1 มี.ค. 2567 |\n|\nx\n|\n|\ny\n|\nไม่มี\n|", 2, "start date"),
        ("ก |\n10 ก.ย. 2567 |\n9 ก.ย. 2567 |\n|\nx\n|\n|\ny\n|\nไม่มี\n|", 1, "before"),
        ("ก |\n10 ก.ย. 2567 |\n10 ก.ย. 2567 |\n|\nx\n|\n|\ny\n|", 1, ""),
        (" |\n10 ก.ย. 2567 |\n10 ก.ย. 2567 |\n|\nx\n|\n|\ny\n|\nไม่มี\n|", 1, "title"),
    ],
)  # fmt: skip
def test_malformed_files_name_the_record(text, record, words):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ActivityLogError) as excinfo:
        activity_log.parse(text)
    assert excinfo.value.record == record
    assert words in str(excinfo.value)


@pytest.mark.django_db
def test_import_is_idempotent_and_all_or_nothing():
    project = ProjectFactory(code="GREEN-T")
    result = activity_log.import_log(project, SEED_004_TEXT, user=None)
    assert (result.records, result.created, result.existing) == (7, 7, 0)
    assert Session.objects.filter(project=project).count() == 7
    history = Session.history.count()
    again = activity_log.import_log(project, SEED_004_TEXT, user=None)
    assert (again.created, again.existing) == (0, 7)
    assert Session.history.count() == history
    # A malformed file (record 7 has a bad date) saves nothing, not even its good records.
    broken = SEED_004_TEXT.replace("13 ต.ค. 2567 |\n13", "13 ต.ค. 2567 |\n32")
    other = ProjectFactory(code="GREEN-U")
    with pytest.raises(ActivityLogError) as excinfo:
        activity_log.import_log(other, broken, user=None)
    assert excinfo.value.record == 7
    assert Session.objects.filter(project=other).count() == 0
    dry = activity_log.import_log(other, SEED_004_TEXT, user=None, dry_run=True)
    assert (dry.created, dry.dry_run) == (7, True)
    assert Session.objects.filter(project=other).count() == 0


@pytest.mark.django_db
def test_cli(tmp_path):
    ProjectFactory(code="GREEN-CLI")
    path = tmp_path / "log.txt"
    path.write_bytes(SEED_004_TEXT.encode("cp874"))
    out = io.StringIO()
    call_command("import", "activity-log", str(path), "--project", "GREEN-CLI", "--dry-run",
                 stdout=out)  # fmt: skip
    assert Session.objects.count() == 0
    call_command("import", "activity-log", str(path), "--project", "GREEN-CLI", stdout=out)
    call_command("import", "activity-log", str(path), "--project", "GREEN-CLI", stdout=out)
    assert Session.objects.count() == 7
    assert out.getvalue().splitlines() == [
        "GREEN-CLI: 7 รายการ, จะสร้างใหม่ 7, มีอยู่แล้ว 0",
        "GREEN-CLI: 7 รายการ, สร้างใหม่ 7, มีอยู่แล้ว 0",
        "GREEN-CLI: 7 รายการ, สร้างใหม่ 0, มีอยู่แล้ว 7",
    ]
    exported = tmp_path / "out.txt"
    call_command("export", "activity-log", "--project", "GREEN-CLI", "--output", str(exported))
    records = activity_log.parse(exported.read_bytes())
    assert [(r.title, r.start) for r in records] == [
        (r.title, r.start) for r in activity_log.parse(SEED_004_TEXT)
    ]
    bad = tmp_path / "bad.txt"
    bad.write_text("ก |\nเมื่อวาน |\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "activity-log", str(bad), "--project", "GREEN-CLI", stdout=out)
    assert exit_info.value.code == 1

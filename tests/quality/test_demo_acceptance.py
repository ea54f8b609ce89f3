"""Acceptance: ``tidtam check-data`` on the demo reports seed 000's inconsistencies, nothing else.

The demo (``tidtam load-demo``) stores seed 000's participant counts exactly as printed: Table 2
of the progress report as source "table2" and the activity summary form of annex 2
("แบบฟอร์มตารางสรุปกิจกรรม") as "summary_form". Every finding below names the seed lines it
comes from (line numbers of ../shared/seeds/000_24767c28305a88c3.txt) and quotes the numbers
printed there. The demo's other data (seed 003's budget and tranches, seed 004's activity log,
the head-office indicator set) holds one deliberate inconsistency: the FY2568 Q3 national
target of indicator 2 revised to 60 after the floods while the regions' targets still add up
to 65 (tidtam/demo/results.py says so). Nothing else may be reported.

The demo is loaded once for the module (inside a transaction rolled back at the end) and the
command is run with every option this file checks; the tests read those runs.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tidtam.areas.loading import ensure_areas_loaded

# The tests themselves read only what the module fixture captured; the mark makes pytest-django
# set up the test database the fixture loads the demo into.
pytestmark = pytest.mark.django_db

# The end of the reporting period the seed reports on: "การดำเนินงานวันที่ 1 กุมภาพันธ์-30
# กันยายน พ.ศ. 2566" (seed 000 line 12).
AS_OF = "30/9/2566"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


def _run(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("check_data", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


RUNS = {
    "as_of_json": ("--as-of", AS_OF, "--format", "json"),
    "as_of_text": ("--as-of", AS_OF),
    "today_json": ("--format", "json"),
    "kkd_programme_json": ("--programme", "EU-CSO-CITY", "--as-of", AS_OF, "--format", "json"),
    "green_programme_text": ("--programme", "GREEN-SOUTH", "--as-of", AS_OF),
    "green_programme_json": ("--programme", "GREEN-SOUTH", "--format", "json"),
    "finance_programme_json": ("--programme", "CODI-N-2564-LEADERS", "--format", "json"),
    "kkd_project_json": ("--project", "KKD-2566", "--as-of", AS_OF, "--format", "json"),
    "unknown_programme": ("--programme", "NOPE"),
    "unknown_project": ("--project", "NOPE-1"),
    "bad_date": ("--as-of", "31/2/2566"),
}


@pytest.fixture(scope="module")
def runs(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the whole demo once, run check-data with every option, then roll everything back."""
    from tidtam.demo.steps import run_steps
    from tidtam.projects.models import Session

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        ensure_areas_loaded()
        run_steps()
        results = {name: _run(*args) for name, args in RUNS.items()}
        results["session_ids"] = {
            s.start_date.isoformat(): s.pk for s in Session.objects.filter(project__code="KKD-2566")
        }
        transaction.set_rollback(True)
    return results


def rows(findings):
    return [(f["severity"], f["kind"], f["record"], f["expected"], f["found"]) for f in findings]


# Every finding of the demo as of 30 Sep 2566, in the order the command prints them (errors
# first, then warnings in check order, each check in record order), with its seed lines.
EXPECTED = [
    # tidtam/demo/results.py: indicator 2's national Q3 target revised to 60 (target_revise,
    # "อุทกภัยภาคใต้…"), the 5 regions' Q3 targets 15 + 20 + 12 + 12 + 6 = 65 unchanged.
    ("error", "target_breakdown_mismatch", "2 ปีงบประมาณ 2568 ไตรมาส 3", "60.00", "65.00"),
    # line 146 (Table 2): 23/มี.ค./2566 1.2 (ครั้งที่ 1/3) ภาคประชาสังคม "5 คน 3 องค์กร";
    # line 534 (summary form): 23 มีนาคม 2566 "● ภาคประชาสังคม 2 คน".
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.2 ครั้งที่ 1/3 (23 มี.ค. 2566)", 5, 2,
    ),
    # line 536: 4-5 เมษายน 2566 "จำนวน ชาย 5 คน หญิง 18 คน" = 23; line 546: "แกนนำชุมชน 15 คน
    # ● ภาคประชาสังคม 2 คน ● หน่วยงานราชการ 2 หน่วยงาน ● เอกชน/สื่อมวลชน 1 คน ● ภาควิชาการ 1 คน
    # อื่นๆ 2 คน" = 21 people (government is given in units, not people).
    ("warning", "participants_sector_sum", "KKD-2566 กิจกรรม 4.1 (4 เม.ย. 2566)", 23, 21),
    # line 557: 18 มิถุนายน 2566 "ชาย 12 คน หญิง 30 คน" = 42; "แคนนำชุมชน 10 คน ● ภาคประชาสังคม
    # 1 คน", the rest "-" = 11.
    ("warning", "participants_sector_sum", "KKD-2566 กิจกรรม 3.2 (18 มิ.ย. 2566)", 42, 11),
    # line 164 (Table 2): 18/มิ.ย./2566 ภาคประชาสังคม "2 คน 2 องค์กร"; line 557: "ภาคประชาสังคม 1 คน".
    ("warning", "participants_sources_disagree", "KKD-2566 กิจกรรม 3.2 (18 มิ.ย. 2566)", 2, 1),
    # line 558: 25 มิถุนายน 2566 "ชาย 11 คน หญิง 25 คน" = 36; "แคนนำชุมชน 10 คน ● ภาคประชาสังคม
    # 2 คน ● หน่วยงานราชการ 1 คน" = 13.
    ("warning", "participants_sector_sum", "KKD-2566 กิจกรรม 3.3 (25 มิ.ย. 2566)", 36, 13),
    # line 570: 31 สิงหาคม 2566 (หมวดค่า บุคลากร) "ชาย 7 คน หญิง 15 คน" = 22; "แกนนำชุมชน 10 คน
    # ● ภาคประชาสังคม 1 คน ● หน่วยงานราชการ 1 คน" = 12.
    ("warning", "participants_sector_sum", "KKD-2566 หมวดค่าบุคลากร (31 ส.ค. 2566)", 22, 12),
    # line 148 (Table 2): 7/ก.ย./2566 "ผู้เข้าร่วมทั้งหมด = 8 คน", ผู้หญิง "6 คน"; line 583 (form):
    # 7 กันยายน 2566 "ชาย 4 คน หญิง 10 คน" = 14.
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.2 ครั้งที่ 3/3 (7 ก.ย. 2566)", 8, 14,
    ),
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.2 ครั้งที่ 3/3 (7 ก.ย. 2566)", 6, 10,
    ),
    # line 144 (Table 2): 21/ก.ย./2566 (ครั้งที่ 2/5) "ผู้เข้าร่วมทั้งหมด = 20 คน", ผู้หญิง "11 คน";
    # line 571 (form): 21 กันยายน 2566 "ชาย 2 คน หญิง 5 คน" = 7.
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.1 ครั้งที่ 2/5 (21 ก.ย. 2566)", 20, 7,
    ),
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.1 ครั้งที่ 2/5 (21 ก.ย. 2566)", 11, 5,
    ),
    # line 145 (Table 2): 30/ก.ย./2566 (ครั้งที่ 3/5) "ผู้เข้าร่วมทั้งหมด = 14 คน", ผู้หญิง "13 คน";
    # line 572 (form): 30 กันยายน 2566 "ชาย 2 คน หญิง 5 คน" = 7.
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.1 ครั้งที่ 3/5 (30 ก.ย. 2566)", 14, 7,
    ),
    (
        "warning", "participants_sources_disagree",
        "KKD-2566 กิจกรรม 1.1 ครั้งที่ 3/5 (30 ก.ย. 2566)", 13, 5,
    ),
    # line 584: 20 ตุลาคม 2566 (หมวดค่า บุคลากร) "ชาย 2 คน หญิง 20 คน" = 22; "แกนนำชุมชน 10 คน"
    # and line 594 "● ภาคประชาสังคม 1 คน ● หน่วยงานราชการ 2 คน" = 13.
    ("warning", "participants_sector_sum", "KKD-2566 หมวดค่าบุคลากร (20 ต.ค. 2566)", 22, 13),
    # line 584: the session of 20 ตุลาคม 2566 is after the reporting period "1 กุมภาพันธ์-30
    # กันยายน พ.ศ. 2566" (line 12), the only period of the project.
    (
        "warning", "session_outside_periods", "KKD-2566 หมวดค่าบุคลากร (20 ต.ค. 2566)",
        "1 ก.พ. 2566 – 30 ก.ย. 2566", "2023-10-20",
    ),
]  # fmt: skip

# Activities moved to after the period and never recorded as held: due once their new months
# are over (so reported on any day after 31 Dec 2566, i.e. "today").
LATER = [
    # line 48 (Table 1): plan 2 "- ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน"; line 161
    # (Table 2): 2.1 "* ดำเนินการในช่วง เดือน ตุลาคม-เดือนพฤศจิกายน 2566", counts "-".
    ("warning", "activity_without_sessions", "KKD-2566 กิจกรรม 2.1", 1, 0),
    ("warning", "activity_without_sessions", "KKD-2566 กิจกรรม 2.2", 1, 0),
    ("warning", "activity_without_sessions", "KKD-2566 กิจกรรม 2.3", 1, 0),
    # line 62: 4.2 "- ปรับแผนการเริ่มดำเนินกิจกรรมไปช่วงเดือน ตุลาคม-พฤศจิกายน-ธันวาคม"; line 178:
    # "* ดำเนินการในช่วง เดือน ตุลาคม-เดือนธันวาคม 2566".
    ("warning", "activity_without_sessions", "KKD-2566 กิจกรรม 4.2", 1, 0),
]


@pytest.mark.parametrize("finding", EXPECTED, ids=[f"{e[1]}:{e[2]}" for e in EXPECTED])
def test_each_seed_inconsistency_is_reported(runs, finding):
    assert finding in rows(runs["as_of_json"].json["findings"])


def test_the_demo_gives_exactly_these_findings_and_nothing_else(runs):
    run = runs["as_of_json"]
    assert run.code == 3
    report = run.json
    assert rows(report["findings"]) == EXPECTED
    assert report["as_of"] == "2023-09-30"
    assert report["counts"] == {"error": 1, "warning": 14, "info": 0}
    assert report["kinds"] == {
        "participants_sector_sum": 5,
        "participants_sources_disagree": 8,
        "session_outside_periods": 1,
        "target_breakdown_mismatch": 1,
    }


def test_the_findings_are_the_ones_the_project_page_flags(runs):
    # Same rule, same cells: tests/projects/test_demo_acceptance.py lists the 13 participant
    # findings of the project page; the checker reports the same 13.
    participants = [
        f for f in runs["as_of_json"].json["findings"] if f["kind"].startswith("participants_")
    ]
    assert len(participants) == 13


def test_findings_link_to_their_session(runs):
    ids = runs["session_ids"]
    links = {
        (f["record"], f["url"])
        for f in runs["as_of_json"].json["findings"]
        if f["kind"].startswith(("participants_", "session_"))
    }
    assert (
        "KKD-2566 กิจกรรม 4.1 (4 เม.ย. 2566)",
        f"/projects/sessions/{ids['2023-04-04']}/",
    ) in links
    assert (
        "KKD-2566 หมวดค่าบุคลากร (20 ต.ค. 2566)",
        f"/projects/sessions/{ids['2023-10-20']}/",
    ) in links
    assert all(url.startswith("/projects/sessions/") for _record, url in links)


def test_today_adds_only_the_activities_moved_past_their_new_months(runs):
    run = runs["today_json"]
    assert run.code == 3
    found = rows(run.json["findings"])
    assert [f for f in found if f not in EXPECTED] == LATER
    assert [f for f in found if f in EXPECTED] == EXPECTED


def test_text_format_heading_and_blocks(runs):
    run = runs["as_of_text"]
    assert run.code == 3
    lines = run.out.splitlines()
    assert lines[0] == (
        "ตรวจคุณภาพข้อมูล ณ วันที่ 30 ก.ย. 2566: พบ 15 รายการ (ข้อผิดพลาด 1, ควรตรวจสอบ 14, ข้อสังเกต 0)"
    )
    assert lines[1:4] == [
        "[ข้อผิดพลาด] target_breakdown_mismatch · 2 ปีงบประมาณ 2568 ไตรมาส 3",
        "    เป้าหมายของ 5 ภาค รวมได้ 65 ไม่เท่ากับเป้าหมายรวม 60",
        "    ควรเป็น 60 พบ 65",
    ]
    assert lines[4:7] == [
        "[ควรตรวจสอบ] participants_sources_disagree · KKD-2566 กิจกรรม 1.2 ครั้งที่ 1/3 (23 มี.ค. 2566)",
        "    ภาคประชาสังคม (คน): 5 ในตารางที่ 2 ของรายงานความก้าวหน้า แต่ 2 ในแบบสรุปกิจกรรม",
        "    ควรเป็น 5 พบ 2",
    ]
    assert len(lines) == 1 + 15 * 3


def test_programme_filter(runs):
    # EU-CSO-CITY holds KKD-2566 only; the indicators belong to the organisation, not to it.
    kkd = runs["kkd_programme_json"]
    assert kkd.code == 3
    assert kkd.json["programme"] == "EU-CSO-CITY"
    assert rows(kkd.json["findings"]) == EXPECTED[1:]
    # --project narrows the same way.
    assert rows(runs["kkd_project_json"].json["findings"]) == EXPECTED[1:]
    # GREEN-SOUTH (seed 004's activity log) and seed 003's programme have nothing wrong.
    green = runs["green_programme_text"]
    assert green.code == 0
    assert green.out.strip() == (
        "ตรวจคุณภาพข้อมูล ณ วันที่ 30 ก.ย. 2566: พบ 0 รายการ (ข้อผิดพลาด 0, ควรตรวจสอบ 0, ข้อสังเกต 0)"
    )
    assert runs["green_programme_json"].code == 0
    assert runs["green_programme_json"].json["findings"] == []
    finance = runs["finance_programme_json"]
    assert (finance.code, finance.json["findings"]) == (0, [])


def test_bad_arguments_exit_2_with_a_thai_reason(runs):
    assert (runs["unknown_programme"].code, runs["unknown_programme"].out) == (2, "")
    assert runs["unknown_programme"].err.strip() == "ไม่พบแผนงานหลักรหัส NOPE"
    assert runs["unknown_project"].code == 2
    assert runs["unknown_project"].err.strip() == "ไม่พบโครงการรหัส NOPE-1"
    assert runs["bad_date"].code == 2
    assert runs["bad_date"].err.startswith("อ่านวันที่ไม่ได้")


# The seed lines quoted above, and the text each one prints (so the comments stay true).
SEED_000_LINES = {
    12: "การดำเนินงานวันที่ 1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566",
    48: "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน",
    62: "ปรับแผนการเริ่มดำเนินกิจกรรมไปช่วงเดือน ตุลาคม-พฤศจิกายน-ธันวาคม",
    144: "ผู้เข้าร่วมทั้งหมด = 20 คน คณะทำงานโครงการ = 6 คน CSNM = 1 คน\t11 คน",
    145: "ผู้เข้าร่วมทั้งหมด = 14 คน คณะทำงานโครงการ = 3 คน CSNM = ..คน\t13 คน",
    146: "ผู้เข้าร่วมทั้งหมด = 14 คน คณะทำงานโครงการ = 7 คน CSNM = ..คน\t10 คน\t5 คน 3 องค์กร",
    148: "วันที่ 7/ก.ย./2566\tผู้เข้าร่วมทั้งหมด = 8 คน คณะทำงานโครงการ = 6 คน\t6 คน",
    161: "* ดำเนินการในช่วง เดือน ตุลาคม-เดือนพฤศจิกายน 2566",
    164: "ผู้เข้าร่วมทั้งหมด = 42 คน คณะทำงานโครงการ = 6 คน CSNM = ..คน\t30 คน\t2 คน 2 องค์กร",
    178: "* ดำเนินการในช่วง เดือน ตุลาคม-เดือนธันวาคม 2566",
    534: "จำนวน ชาย 4 คน หญิง 10 คน แบ่งเป็น",
    536: "จำนวน ชาย 5 คน หญิง 18 คน แบ่งเป็น",
    546: "● ภาคประชาสังคม 2 คน ● หน่วยงานราชการ 2 หน่วยงาน ● เอกชน/สื่อมวลชน 1 คน ● ภาควิชาการ 1 คน อื่นๆ 2 คน",
    557: "จำนวน ชาย 12 คน หญิง 30 คน แบ่งเป็น",
    558: "จำนวน ชาย 11 คน หญิง 25 คน แบ่งเป็น",
    570: "จำนวน ชาย 7 คน หญิง 15 คน แบ่งเป็น",
    571: "จำนวน ชาย 2 คน หญิง 5 คน แบ่งเป็น",
    572: "จำนวน ชาย 2 คน หญิง 5 คน แบ่งเป็น",
    583: "จำนวน ชาย 4 คน หญิง 10 คน แบ่งเป็น",
    584: "จำนวน ชาย 2 คน หญิง 20 คน แบ่งเป็น",
    594: "● ภาคประชาสังคม 1 คน ● หน่วยงานราชการ 2 คน",
}
SEED_000_DATES = {
    534: "23 มีนาคม 2566", 557: "18 มิถุนายน 2566", 558: "25 มิถุนายน 2566",
    570: "31 สิงหาคม 2566", 571: "21 กันยายน 2566", 572: "30 กันยายน 2566",
    583: "7 กันยายน 2566", 584: "20 ตุลาคม 2566", 536: "4-5 เมษายน 2566",
}  # fmt: skip


def test_the_quoted_seed_lines_print_what_the_comments_say():
    from tests.conftest import seed_file

    lines = seed_file("000").read_text(encoding="utf-8").splitlines()
    for number, text in SEED_000_LINES.items():
        assert text in lines[number - 1], (number, lines[number - 1][:200])
    for number, date in SEED_000_DATES.items():
        assert lines[number - 1].startswith(date), (number, lines[number - 1][:40])

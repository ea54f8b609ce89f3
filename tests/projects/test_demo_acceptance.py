"""Acceptance: from the demo data, the project page of KKD-2566 matches seed 000.

Compared as of 30 Sep 2566 (the end of the reporting period 1 Feb – 30 Sep 2566):

* Table 1, the plan-vs-actual grid: every planned month (✓), every month with a session, the
  reporting-period highlight, sessions held n of N and the status of every activity, against
  the seed's progress column ("ดำเนินการแล้ว จำนวน 3 ครั้ง (มีนาคม 1 ครั้ง และ กันยายน 2 ครั้ง)").
* Table 2: every total per activity, by gender and sector, as printed ("..คน" = unknown).
* Table 3: every planned output's planned and achieved quantity and its status.
* The legacy values the product flags, each with the reason (the seed's own forms disagree).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tidtam.demo import organisations as demo_organisations
from tidtam.demo import projects as demo_projects
from tidtam.projects import selectors
from tidtam.projects.models import (
    AgendaItem,
    ChangeRequest,
    ParticipantCount,
    Project,
    ProjectTeamMember,
    Session,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2023, 9, 30)
MONTHS = [dt.date(2023, m, 1) for m in range(2, 13)]  # ก.พ. … ธ.ค. 2566, as Table 1


@pytest.fixture
def page(django_user_model):
    demo_organisations.load()
    demo_projects.load()
    admin = django_user_model.objects.create_superuser("admin-acceptance", "a@example.org", "x")
    project = Project.objects.get(code="KKD-2566")
    return selectors.project_page(admin, project, as_of=AS_OF)


def _grid(row):
    """Write a row's cells as text: P planned, R rescheduled, a digit = sessions held."""
    out = []
    for c in row.cells:
        mark = ("P" if c.planned else "") + ("R" if c.rescheduled else "")
        out.append(mark + (str(c.held) if c.held else "") or ".")
    return " ".join(out)


def test_table_1_plan_vs_actual(page):
    assert page.months == MONTHS
    assert (page.period.start, page.period.end) == (dt.date(2023, 2, 1), dt.date(2023, 9, 30))
    # The reporting-period highlight ("แถบสีฟ้า"): ก.พ.–ก.ย. 2566 only.
    activity_rows = [r for r in page.plan_rows if r.kind == "activity"]
    assert [c.in_period for c in activity_rows[0].cells] == [True] * 8 + [False] * 3
    assert [(r.kind, r.number) for r in page.plan_rows] == [
        ("plan", "1"), ("activity", "1.1"), ("activity", "1.2"),
        ("plan", "2"), ("activity", "2.1"), ("activity", "2.2"), ("activity", "2.3"),
        ("plan", "3"), ("activity", "3.1"), ("activity", "3.2"), ("activity", "3.3"),
        ("plan", "4"), ("activity", "4.1"), ("activity", "4.2"),
    ]  # fmt: skip
    #                  ก.พ มี.ค เม.ย พ.ค มิ.ย ก.ค ส.ค ก.ย ต.ค พ.ย ธ.ค
    expected = {
        # ✓ ก.พ. เม.ย. มิ.ย. ส.ค. (the fifth ✓ sits outside the grid); held มี.ค. 1, ก.ย. 2:
        # "ดำเนินการแล้ว จำนวน 3 ครั้ง (มีนาคม 1 ครั้ง และ กันยายน 2 ครั้ง)" → 3 of 5, late.
        "1.1": ("P 1 P . P . P 2 . . .", "late", 3, 5),
        # ✓ มี.ค. เม.ย. พ.ย.; held มี.ค. 2, ก.ย. 1 = "3 ครั้ง (มีนาคม 2 ครั้ง และ กันยายน 1 ครั้ง)".
        "1.2": (". P2 P . . . . 1 . P .", "done", 3, 3),
        # Plan 2's ✓ มี.ค.–พ.ค.; "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน".
        "2.1": (". P P P . . . . R R .", "rescheduled", 0, 1),
        "2.2": (". P P P . . . . R R .", "rescheduled", 0, 1),
        "2.3": (". P P P . . . . R R .", "rescheduled", 0, 1),
        # Plan 3's ✓ พ.ค. มิ.ย. ก.ค.; held "กุมภาพันธ์ 1 ครั้ง และ มิถุนายน 2 ครั้ง".
        "3.1": ("1 . . P . . . . . . .", "done", 1, 1),
        "3.2": (". . . . P1 . . . . . .", "done", 1, 1),
        "3.3": (". . . . 1 P . . . . .", "done", 1, 1),
        # ✓ ก.ย.; "ดำเนินการแล้ว จำนวน 1 ครั้ง (เมษายน)".
        "4.1": (". . 1 . . . . P . . .", "done", 1, 1),
        # ✓ มี.ค.–ก.ย., พ.ย., ธ.ค.; moved to ต.ค.–ธ.ค.
        "4.2": (". P P P P P P P R PR PR", "rescheduled", 0, 1),
    }
    got = {r.number: (_grid(r), r.status, r.held, r.planned_sessions) for r in activity_rows}
    assert got == expected
    reasons = {r.number: r.reason for r in activity_rows if r.reason}
    assert reasons == {
        "2.1": "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน 2566",
        "2.2": "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน 2566",
        "2.3": "ปรับแผนการดำเนินการไปช่วง ตุลาคม-พฤศจิกายน 2566",
        "4.2": "ปรับแผนการเริ่มดำเนินกิจกรรมไปช่วงเดือน ตุลาคม-พฤศจิกายน-ธันวาคม 2566",
    }


def test_table_2_totals_per_activity(page):
    groups = {g.activity.number if g.activity else g.label: g for g in page.session_groups}
    # Table 2 as printed: rows per activity (and the summary form's unplanned rows).
    assert {k: len(g.rows) for k, g in groups.items()} == {
        "1.1": 3, "1.2": 3, "2.1": 0, "2.2": 0, "2.3": 0, "3.1": 1, "3.2": 1, "3.3": 1,
        "4.1": 1, "4.2": 0,
        # 19 พ.ค., 21 ก.ค., 31 ส.ค. 2566; 20 ต.ค. 2566 is after the period and not in Table 2.
        "หมวดค่าบุคลากร": 3,
    }  # fmt: skip
    assert [r.source for r in groups["1.1"].rows] == ["table2"] * 3
    assert [r.source for r in groups["หมวดค่าบุคลากร"].rows] == ["summary_form"] * 3

    def totals(key):
        return {k: v for k, v in groups[key].totals.values.items() if v is not None}

    # 1.1: 10 มี.ค. (7 คน, หญิง 5) + 21 ก.ย. (20, 11) + 30 ก.ย. (14, 13).
    assert totals("1.1") == {
        "total": 41, "women": 29, "project_team": 16, "csnm": 1,
        "civil_society_people": 6, "civil_society_orgs": 6, "civil_society_women": 3,
    }  # fmt: skip
    # CSNM is "..คน" on 10 and 30 Sep: the total 1 is incomplete, not 0.
    assert groups["1.1"].totals.incomplete == {"csnm"}
    # 1.2: 23 มี.ค. (14, 10) + 30 มี.ค. (34, 26) + 7 ก.ย. (8, 6).
    assert totals("1.2") == {
        "total": 56, "women": 42, "project_team": 20, "csnm": 5,
        "civil_society_people": 10, "civil_society_orgs": 7, "civil_society_women": 7,
        "academia_people": 2, "academia_units": 2,
        "business_media_people": 1, "business_media_units": 1,
    }  # fmt: skip
    assert groups["1.2"].totals.incomplete == {
        "csnm", "academia_people", "academia_units", "business_media_people",
        "business_media_units",
    }  # fmt: skip
    assert totals("3.1") == {
        "total": 14, "women": 12, "project_team": 3, "civil_society_people": 2,
        "civil_society_orgs": 2, "civil_society_women": 1, "municipality_people": 1,
        "municipality_units": 1, "academia_people": 1, "academia_units": 1,
    }  # fmt: skip
    assert totals("3.2") == {
        "total": 42, "women": 30, "project_team": 6, "civil_society_people": 2,
        "civil_society_orgs": 2, "civil_society_women": 1,
    }  # fmt: skip
    assert totals("3.3") == {
        "total": 36, "women": 25, "project_team": 6, "civil_society_people": 2,
        "civil_society_orgs": 2, "civil_society_women": 1, "government_people": 1,
        "government_units": 1,
    }  # fmt: skip
    assert totals("4.1") == {
        "total": 23, "women": 18, "project_team": 3, "civil_society_people": 2,
        "civil_society_orgs": 2, "civil_society_women": 1, "municipality_people": 1,
        "municipality_units": 1, "government_people": 2, "government_units": 2,
        "academia_people": 1, "academia_units": 1, "business_media_people": 1,
        "business_media_units": 1,
    }  # fmt: skip
    for empty in ("2.1", "2.2", "2.3", "4.2"):  # "* ดำเนินการในช่วง เดือน ตุลาคม-…"
        assert totals(empty) == {}
    # The unplanned rows come from the summary form: ชาย 3+4+7, หญิง 7+14+15.
    assert totals("หมวดค่าบุคลากร") == {
        "men": 14, "women": 36, "community_leaders": 35, "civil_society_people": 3,
        "government_people": 2, "academia_people": 0, "business_media_people": 0,
        "others_people": 0,
    }  # fmt: skip
    # 4-5 เม.ย. 2566 is one session over two days.
    (april,) = groups["4.1"].rows
    assert (april.date, april.end_date) == (dt.date(2023, 4, 4), dt.date(2023, 4, 5))


def test_table_3_outputs(page):
    rows = [
        (o.activity.number, o.unit, o.planned, o.achieved, o.records, o.status)
        for o in page.outputs
    ]
    d = Decimal
    assert rows == [
        ("1.1", "ครั้ง", d(3), d(3), 3, "achieved"),  # รายงานการสรุปการประชุม 3 ครั้ง
        ("1.1", "", None, None, 1, "achieved"),  # แนวทางการดำเนินงาน… (no quantity)
        ("1.1", "ครั้ง", d(3), d(3), 3, "achieved"),  # ยกระดับทักษะการทำงานเป็นทีม 3 ครั้ง
        ("1.2", "แผน", d(1), d(1), 1, "achieved"),  # แผนอบรม 1 แผน
        ("1.2", "ครั้ง", d(3), d(3), 3, "achieved"),  # ครั้งที่ 1 : 14 คน/2 : 34 คน/3 : 9 คน
        ("1.2", "เมือง", d(2), d(2), 2, "achieved"),  # 2 เมือง (8 ชุมชน)
        ("2.1", "คน", d(32), None, 0, "rescheduled"),  # "* ดำเนินการในช่วง ต.ค.-พ.ย. 2566"
        ("2.3", "เมือง", d(2), None, 0, "rescheduled"),
        ("3.1", "ครั้ง", d(3), d(3), 3, "achieved"),  # Forum 8 ชุมชน (3 ครั้ง), 3.1–3.3
        ("4.1", "เมือง", d(1), d(1), 1, "achieved"),
        ("4.1", "แนวทาง", d(1), d(1), 1, "achieved"),  # ที่ดินกรมธนารักษ์ 2 แปลง
        ("4.1", "", None, None, 1, "achieved"),  # ข้อตกลงเบื้องต้นเชิงนโยบาย
        ("4.2", "ชิ้น", d(10), None, 0, "rescheduled"),  # "* ดำเนินการในช่วง ต.ค.-ธ.ค. 2566"
    ]
    assert [o.percent for o in page.outputs[:1]] == [Decimal("100.00")]


def test_legacy_values_are_kept_and_flagged(page):
    flagged = sorted(
        (s.start_date.isoformat(), f.code, tuple(sorted(f.values.items())))
        for s, f in page.findings
    )
    assert flagged == sorted(
        [
            # 23 มี.ค.: Table 2 prints ภาคประชาสังคม 5 คน 3 องค์กร, the summary form 2 คน.
            ("2023-03-23", "sources_disagree", (("summary_form", 2), ("table2", 5))),
            # 4-5 เม.ย.: the form gives government as "2 หน่วยงาน" (no people), so its sectors
            # add to 21 against ชาย 5 + หญิง 18 = 23.
            ("2023-04-04", "sector_sum", (("people", 23), ("sectors", 21))),
            # 18 มิ.ย.: sectors 10 + 1 = 11 against 12 + 30 = 42; Table 2 has 2 civil society,
            # the form 1.
            ("2023-06-18", "sector_sum", (("people", 42), ("sectors", 11))),
            ("2023-06-18", "sources_disagree", (("summary_form", 1), ("table2", 2))),
            # 25 มิ.ย.: sectors 10 + 2 + 1 = 13 against 11 + 25 = 36.
            ("2023-06-25", "sector_sum", (("people", 36), ("sectors", 13))),
            # 31 ส.ค.: sectors 10 + 1 + 1 = 12 against 7 + 15 = 22.
            ("2023-08-31", "sector_sum", (("people", 22), ("sectors", 12))),
            # 7 ก.ย.: Table 2 prints 8 คน (หญิง 6); the form 14 (4 + 10) — the form repeats the
            # 23 มี.ค. form word for word; Table 3 says 9 คน.
            ("2023-09-07", "sources_disagree", (("summary_form", 14), ("table2", 8))),
            ("2023-09-07", "sources_disagree", (("summary_form", 10), ("table2", 6))),
            # 21 and 30 ก.ย.: Table 2 prints 20 (หญิง 11) and 14 (หญิง 13); the form 7 (หญิง 5)
            # for each city meeting.
            ("2023-09-21", "sources_disagree", (("summary_form", 7), ("table2", 20))),
            ("2023-09-21", "sources_disagree", (("summary_form", 5), ("table2", 11))),
            ("2023-09-30", "sources_disagree", (("summary_form", 7), ("table2", 14))),
            ("2023-09-30", "sources_disagree", (("summary_form", 5), ("table2", 13))),
            # 20 ต.ค.: sectors 10 + 1 + 2 = 13 against 2 + 20 = 22.
            ("2023-10-20", "sector_sum", (("people", 22), ("sectors", 13))),
        ]
    )  # fmt: skip
    # Flagged, not changed: the stored values are the printed ones.
    september = ParticipantCount.objects.get(
        session__start_date=dt.date(2023, 9, 7), source="table2"
    )
    assert (september.total, september.women, september.project_team, september.csnm) == (
        8,
        6,
        6,
        4,
    )


def test_demo_is_complete_and_idempotent(page):
    kkd = Project.objects.get(code="KKD-2566")
    green = Project.objects.get(code="GREEN-2567")
    counts = (
        Session.objects.filter(project=kkd).count(),
        Session.objects.filter(project=green).count(),
        ParticipantCount.objects.count(),
        AgendaItem.objects.count(),
        ChangeRequest.objects.count(),
        ProjectTeamMember.objects.filter(project=kkd).count(),
    )
    # 10 Table 2 sessions + 4 "หมวดค่าบุคลากร"; 7 records of seed 004; 10 Table 2 + 14 form
    # counts; minutes of 15 ก.พ. (3 วาระ), 10 มี.ค. (3), 23 and 30 มี.ค. (2 each), 4-5 เม.ย. (2).
    assert counts == (14, 7, 24, 12, 4, 8)
    assert kkd.programme.funder_line == "Funded by the European Union"
    assert kkd.implementing_organisation.name == "สมาคมผู้บริโภคจังหวัดขอนแก่น"
    assert kkd.cities == "เมืองขอนแก่น + เมืองบ้านไผ่"
    assert [m.role for m in page.team][:2] == [
        "- ผู้ประสานงานหลักโครงการ - จัดทำรายงานสรุปภาพรวม ความก้าวหน้าโครงการ (ทั้ง 2 เมือง)",
        "- ผู้ประสานงานชุมชนเมืองขอนแก่น",
    ]
    ten_march = Session.objects.get(project=kkd, start_date=dt.date(2023, 3, 10))
    assert (ten_march.opened_at, ten_march.closed_at) == (dt.time(13, 0), dt.time(16, 30))
    assert [a.title for a in ten_march.agenda_items.all()] == [
        "ทบทวนความเข้าใจโครงการในภาพรวมร่วมกัน และปรับปรุงกำหนดแผนการดำเนินงานโครงการให้"
        "สอดคล้องกับระยะเวลาการทำงานจริง",
        "ออกแบบและชี้แจงแนวทางการบริหารจัดการงบประมาณร่วมกัน",
        "แบ่งบทบาทหน้าที่การดำเนินงานร่วมกัน",
    ]
    green_problems = list(
        Session.objects.filter(project=green)
        .order_by("start_date", "pk")
        .values_list("problems", flat=True)
    )
    assert green_problems == [""] * 7  # "ไม่มี" ×4 and "*" ×3 mean none
    history_rows = Session.history.count()
    demo_projects.load()
    assert (
        Session.objects.filter(project=kkd).count(),
        Session.objects.filter(project=green).count(),
        ParticipantCount.objects.count(),
        AgendaItem.objects.count(),
        ChangeRequest.objects.count(),
        ProjectTeamMember.objects.filter(project=kkd).count(),
    ) == counts
    assert Session.history.count() == history_rows

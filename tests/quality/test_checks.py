"""Every data-quality check on small hand-made data: exact findings, and the negative cases.

Data the services would refuse (a transfer above the cap, an approval above the frame, a
change without a reason) is written straight into the tables, as an import of legacy data
or an old database would have it: the checker exists to find exactly that.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tests.projects.factories import (
    ActivityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    months,
)
from tidtam.areas.models import Community, Province, Region, Subdistrict
from tidtam.audit.services import with_reason
from tidtam.finance.models import BudgetFrame, ProjectApproval, Tranche, TranchePolicy, Transfer
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.projects.models import (
    ChangeRequest,
    CountSource,
    ParticipantCount,
    ProjectLevel,
    ReportingPeriod,
    Session,
)
from tidtam.quality import checks
from tidtam.quality.selectors import quality_scope
from tidtam.results.models import Indicator, IndicatorKind, IndicatorLevel, Target, TargetRevision

pytestmark = pytest.mark.django_db

D = Decimal


def scope(as_of=dt.date(2023, 12, 31), **filters):
    return quality_scope(None, as_of=as_of, **filters)


def rows(findings):
    return [(f.severity, f.kind, f.record, f.expected, f.found) for f in findings]


# --- participants -----------------------------------------------------------------------------


def _session(project, activity=None, number=None, day=dt.date(2023, 3, 10), **kwargs):
    return Session.objects.create(
        project=project,
        activity=activity,
        number=number,
        start_date=day,
        title="" if activity else "ประชุมทีม",
        **kwargs,
    )


def _counts(session, source=CountSource.TABLE2, **values):
    return ParticipantCount.objects.create(session=session, source=source, **values)


@pytest.fixture
def kkd():
    return ProjectFactory(code="KKD-T")


def test_participants_total_against_men_and_women(kkd):
    activity = ActivityFactory(plan__project=kkd, number="1.1", planned_sessions=5)
    s = _session(kkd, activity, number=2)
    _counts(s, total=10, men=4, women=5)
    with translation.override("th"):
        found = checks.check_participant_counts(scope())
    assert rows(found) == [
        ("error", "participants_total_vs_gender", "KKD-T กิจกรรม 1.1 ครั้งที่ 2/5 (10 มี.ค. 2566)", 9, 10)
    ]
    assert found[0].url == f"/projects/sessions/{s.pk}/"
    assert found[0].project_code == "KKD-T"


def test_participants_sector_sum_and_impossible_values(kkd):
    s = _session(kkd)
    _counts(s, total=7, men=3, women=4, civil_society_people=5)
    s2 = _session(kkd, day=dt.date(2023, 3, 11))
    _counts(s2, total=10, women=12)
    found = checks.check_participant_counts(scope())
    assert rows(found) == [
        ("warning", "participants_sector_sum", "KKD-T ประชุมทีม (10 มี.ค. 2566)", 7, 5),
        ("error", "participants_impossible", "KKD-T ประชุมทีม (11 มี.ค. 2566)", None, None),
    ]


def test_women_of_civil_society_more_than_women(kkd):
    s = _session(kkd)
    _counts(s, women=2, civil_society_people=5, civil_society_women=3)
    with translation.override("th"):
        found = checks.check_participant_counts(scope())
    assert rows(found) == [
        ("error", "participants_cs_women_over_women", "KKD-T ประชุมทีม (10 มี.ค. 2566)", 2, 3)
    ]
    assert found[0].message == (
        "ผู้หญิงภาคประชาสังคม (3 คน) มากกว่าผู้หญิงทั้งหมด (2 คน) ในตารางที่ 2 ของรายงานความก้าวหน้า"
    )


def test_two_sources_of_one_session_disagree(kkd):
    s = _session(kkd)
    _counts(s, CountSource.TABLE2, total=8, women=6)
    _counts(s, CountSource.SUMMARY_FORM, men=4, women=10)
    found = checks.check_participant_counts(scope())
    # Table 2 (the report's table) is the first source, so its values are the expected ones.
    assert rows(found) == [
        ("warning", "participants_sources_disagree", "KKD-T ประชุมทีม (10 มี.ค. 2566)", 8, 14),
        ("warning", "participants_sources_disagree", "KKD-T ประชุมทีม (10 มี.ค. 2566)", 6, 10),
    ]


def test_consistent_or_unknown_counts_give_nothing(kkd):
    s = _session(kkd)
    _counts(
        s,
        CountSource.TABLE2,
        total=7,
        men=3,
        women=4,
        civil_society_people=7,
        civil_society_women=2,
    )
    _counts(s, CountSource.SUMMARY_FORM, total=None, men=None, women=4)  # "..คน" is unknown
    assert checks.check_participant_counts(scope()) == []


def test_participants_only_of_the_filtered_project(kkd):
    other = ProjectFactory(code="OTHER-T")
    _counts(_session(other), total=10, men=4, women=5)
    assert checks.check_participant_counts(scope(project_code="KKD-T")) == []
    assert len(checks.check_participant_counts(scope(project_code="OTHER-T"))) == 1


# --- session dates ----------------------------------------------------------------------------


def test_sessions_outside_the_project_and_its_reporting_periods(kkd):
    # kkd runs 1 Feb – 31 Dec 2023; one reporting period 1 Feb – 30 Sep 2023.
    ReportingPeriod.objects.create(project=kkd, start=dt.date(2023, 2, 1), end=dt.date(2023, 9, 30))
    _session(kkd, day=dt.date(2023, 3, 10))  # fine
    _session(kkd, day=dt.date(2023, 1, 15))
    _session(kkd, day=dt.date(2023, 10, 20))
    _session(kkd, day=dt.date(2023, 12, 30), end_date=dt.date(2024, 1, 2))
    found = checks.check_session_dates(scope())
    period = "1 ก.พ. 2566 – 30 ก.ย. 2566"
    assert rows(found) == [
        ("error", "session_before_project", "KKD-T ประชุมทีม (15 ม.ค. 2566)", dt.date(2023, 2, 1), dt.date(2023, 1, 15)),
        ("warning", "session_outside_periods", "KKD-T ประชุมทีม (15 ม.ค. 2566)", period, dt.date(2023, 1, 15)),
        ("warning", "session_outside_periods", "KKD-T ประชุมทีม (20 ต.ค. 2566)", period, dt.date(2023, 10, 20)),
        ("error", "session_after_project", "KKD-T ประชุมทีม (30 ธ.ค. 2566)", dt.date(2023, 12, 31), dt.date(2024, 1, 2)),
        ("warning", "session_outside_periods", "KKD-T ประชุมทีม (30 ธ.ค. 2566)", period, dt.date(2023, 12, 30)),
    ]  # fmt: skip


def test_a_project_without_reporting_periods_or_dates_is_not_checked_for_them():
    project = ProjectFactory(code="OPEN-T", start_date=None, end_date=None)
    _session(project, day=dt.date(2019, 1, 1))
    assert checks.check_session_dates(scope()) == []


# --- activities without sessions ---------------------------------------------------------------


def test_activity_whose_planned_months_are_over_without_a_session(kkd):
    late = ActivityFactory(plan__project=kkd, number="1.1", planned_sessions=3)
    months(late, (2023, 3), (2023, 4))
    held = ActivityFactory(plan=late.plan, number="1.2")
    months(held, (2023, 3), (2023, 4))
    _session(kkd, held, number=1, day=dt.date(2023, 3, 10))
    moved = ActivityFactory(plan=late.plan, number="1.3", planned_sessions=1)
    months(moved, (2023, 3))
    months(moved, (2023, 11), rescheduled=True)
    ActivityFactory(plan=late.plan, number="1.4")  # no planned month at all: nothing to compare

    # 30 April is the last day of the last planned month: not over yet.
    assert checks.check_activities_without_sessions(scope(as_of=dt.date(2023, 4, 30))) == []
    with translation.override("th"):
        found = checks.check_activities_without_sessions(scope(as_of=dt.date(2023, 5, 1)))
    assert rows(found) == [("warning", "activity_without_sessions", "KKD-T กิจกรรม 1.1", 3, 0)]
    assert found[0].message == (
        "ถึงวันที่ 1 พ.ค. 2566 ยังไม่มีการจัดกิจกรรมเลย ทั้งที่เดือนตามแผนสิ้นสุดแล้วในเมษายน 2566 (แผน 3 ครั้ง)"
    )
    # The rescheduled activity is due only once its new month (พ.ย. 2566) is over.
    found = checks.check_activities_without_sessions(scope(as_of=dt.date(2023, 12, 1)))
    assert [f.record for f in found] == ["KKD-T กิจกรรม 1.1", "KKD-T กิจกรรม 1.3"]
    # A session after as_of does not count as held by then.
    _session(kkd, late, number=1, day=dt.date(2023, 6, 1))
    assert [
        f.record for f in checks.check_activities_without_sessions(scope(as_of=dt.date(2023, 5, 1)))
    ] == ["KKD-T กิจกรรม 1.1"]
    assert checks.check_activities_without_sessions(scope(as_of=dt.date(2023, 6, 1))) == []


# --- money ------------------------------------------------------------------------------------


class Money:
    """A programme with a 70/30 policy (tranche 1 within 3 months) and a 1,000,000 frame."""

    def __init__(self):
        self.programme = ProgrammeFactory(
            code="MONEY-T", first_fiscal_year=2564, last_fiscal_year=2564
        )
        TranchePolicy.objects.create(
            programme=self.programme,
            tranche_count=2,
            caps_percent=["70", "30"],
            first_tranche_deadline_months=3,
        )
        self.frame = BudgetFrame.objects.create(
            programme=self.programme,
            fiscal_year=2564,
            level=ProjectLevel.PROVINCIAL,
            amount=D(1_000_000),
        )
        self.n = 0

    def approved(self, amount, on=dt.date(2021, 2, 4), excess=0, source=""):
        self.n += 1
        project = ProjectFactory(programme=self.programme, code=f"MONEY-T-{self.n}")
        ProjectApproval.objects.create(
            project=project,
            frame=self.frame,
            approved_budget=D(amount),
            approval_date=on,
            frame_excess=D(excess),
            excess_source=source,
        )
        return project

    def tranche_1(self, project, cap, deadline=dt.date(2021, 5, 4)):
        return Tranche.objects.create(
            project=project, number=1, cap=D(cap), planned_amount=D(cap), deadline=deadline
        )

    def transfer(self, tranche, amount, on):
        return Transfer.objects.create(
            tranche=tranche, project=tranche.project, date=on, amount=D(amount)
        )


@pytest.fixture
def money_data():
    return Money()


def test_tranche_1_late_and_above_the_cap(money_data):
    m = money_data
    project = m.approved(100_000)
    t1 = m.tranche_1(project, 70_000)
    m.transfer(t1, 75_000, dt.date(2021, 5, 10))
    with translation.override("th"):
        found = checks.check_tranche_one(scope(as_of=dt.date(2021, 9, 30)))
    assert rows(found) == [
        ("warning", "tranche1_late", "MONEY-T-1 งวดที่ 1", dt.date(2021, 5, 4), dt.date(2021, 5, 10)),
        ("error", "tranche1_over_cap", "MONEY-T-1 งวดที่ 1", D(70_000), D(75_000)),
    ]
    assert found[1].message == "โอนเงินงวดที่ 1 รวม 75,000 บาท เกินเพดาน 70,000 บาท"
    assert found[0].url == f"/finance/projects/{project.pk}/"


def test_tranche_1_cap_of_the_policy_when_the_tranche_row_says_more(money_data):
    m = money_data
    project = m.approved(100_000)
    t1 = m.tranche_1(project, 80_000)  # a legacy row above the policy's 70 %
    m.transfer(t1, 75_000, dt.date(2021, 3, 1))
    found = checks.check_tranche_one(scope(as_of=dt.date(2021, 9, 30)))
    assert rows(found) == [("error", "tranche1_over_cap", "MONEY-T-1 งวดที่ 1", D(70_000), D(75_000))]


def test_tranche_1_on_time_and_within_the_cap_gives_nothing(money_data):
    m = money_data
    t1 = m.tranche_1(m.approved(100_000), 70_000)
    m.transfer(t1, 40_000, dt.date(2021, 3, 1))
    m.transfer(t1, 30_000, dt.date(2021, 5, 4))  # on the deadline day is in time
    # budget_status's flag reads the last transfer date of tranche 1; the deadline day is fine.
    assert checks.check_tranche_one(scope(as_of=dt.date(2021, 9, 30))) == []
    # Transfers after as_of are not counted yet.
    m.transfer(t1, 5_000, dt.date(2021, 10, 1))
    assert checks.check_tranche_one(scope(as_of=dt.date(2021, 9, 30))) == []


def test_approvals_above_the_frame(money_data):
    m = money_data
    m.approved(600_000, on=dt.date(2021, 2, 1))
    m.approved(500_000, on=dt.date(2021, 2, 4))
    m.approved(50_000, on=dt.date(2021, 2, 5), excess=D(50_000), source="งบกลางของสำนักงาน")
    with translation.override("th"):
        found = checks.check_approvals_within_frame(scope())
    assert rows(found) == [
        ("error", "approval_above_frame", "MONEY-T-2 การอนุมัติ", D(400_000), D(500_000)),
        ("info", "approval_frame_excess_recorded", "MONEY-T-3 การอนุมัติ", D(0), D(50_000)),
    ]
    assert found[0].message == (
        "อนุมัติ 500,000 บาท แต่กรอบงบ (1,000,000 บาท) เหลือ 400,000 บาท เกินกรอบ 100,000 บาท"
    )


def test_approvals_within_the_frame_give_nothing(money_data):
    money_data.approved(600_000)
    money_data.approved(400_000)
    assert checks.check_approvals_within_frame(scope()) == []


# --- indicator breakdowns ---------------------------------------------------------------------


def _indicator(programme, code, kind=IndicatorKind.COUNT):
    return Indicator.objects.create(
        level=IndicatorLevel.PROGRAMME,
        programme=programme,
        code=code,
        sort_key=code,
        name=f"ตัวชี้วัด {code}",
        kind=kind,
    )


def _target(indicator, quarter, value, region=None, province=None):
    return Target.objects.create(
        indicator=indicator,
        fiscal_year=2568,
        quarter=quarter,
        value=D(value),
        region=region,
        province=province,
    )


def test_regional_and_provincial_targets_that_do_not_add_up():
    programme = ProgrammeFactory(code="KPI-T")
    north, south = list(Region.objects.filter(grouping__is_default=True).order_by("code")[:2])
    count = _indicator(programme, "1")
    _target(count, 1, 100)
    _target(count, 1, 40, region=north)
    _target(count, 1, 50, region=south)
    _target(count, 2, 100)
    _target(count, 2, 60, region=north)
    _target(count, 2, 40, region=south)  # adds up
    _target(count, 0, 30)
    _target(count, 0, 20, province=Province.objects.get(code="40"))
    _target(count, 0, 20, province=Province.objects.get(code="50"))
    _target(count, 3, 10, region=north)  # no national target: not compared
    share = _indicator(programme, "2", IndicatorKind.PERCENTAGE)  # percents do not add up
    _target(share, 0, 80)
    _target(share, 0, 70, region=north)
    _target(share, 0, 90, region=south)
    with translation.override("th"):
        found = checks.check_target_breakdowns(scope())
    assert rows(found) == [
        ("error", "target_breakdown_mismatch", "1 ปีงบประมาณ 2568", D(30), D(40)),
        ("error", "target_breakdown_mismatch", "1 ปีงบประมาณ 2568 ไตรมาส 1", D(100), D(90)),
    ]
    assert found[1].message == "เป้าหมายของ 2 ภาค รวมได้ 90 ไม่เท่ากับเป้าหมายรวม 100"
    assert found[1].url == f"/results/indicators/{count.pk}/targets/"


# --- revisions without reasons ----------------------------------------------------------------


def test_a_target_change_without_reason_in_the_audit_trail():
    programme = ProgrammeFactory(code="KPI-T")
    target = _target(_indicator(programme, "1"), 1, 100)
    with with_reason("ปรับตามมติ"):
        target.value = D(90)
        target.save()
    target.milestone = "รายงานฉบับสมบูรณ์"  # not a field that needs a reason
    target.save()
    assert checks.check_revisions_without_reason(scope()) == []
    # A legacy row: the value changed and the reason is missing.
    history = Target.history.filter(value=D(90), history_change_reason="ปรับตามมติ").get()
    Target.history.filter(pk=history.pk).update(history_change_reason="")
    found = checks.check_revisions_without_reason(scope())
    assert rows(found) == [
        ("warning", "change_without_reason", "เป้าหมาย 1 2568 Q1: 90.00", None, None)
    ]
    assert "value: 100.00 → 90.00" in found[0].message
    assert found[0].url == f"/audit/results/target/{target.pk}/history/"


def test_target_revisions_and_change_requests_without_reasons(kkd):
    programme = ProgrammeFactory(code="KPI-T")
    target = _target(_indicator(programme, "7"), 2, 50)
    TargetRevision.objects.create(
        target=target,
        old_value=D(60),
        new_value=D(50),
        revised_on=dt.date(2025, 4, 18),
        approver="ผอ.",
        reason="  ",
    )
    TargetRevision.objects.create(
        target=target,
        old_value=D(50),
        new_value=D(40),
        revised_on=dt.date(2025, 5, 1),
        approver="ผอ.",
        reason="น้ำท่วม",
    )
    activity = ActivityFactory(plan__project=kkd, number="2.1")
    now = dt.datetime(2023, 6, 1, 10, tzinfo=dt.UTC)
    ChangeRequest.objects.create(
        project=kkd, activity=activity, new_plan={"x": 1}, reason="", requested_at=now
    )
    ChangeRequest.objects.create(
        project=kkd, activity=activity, new_plan={"x": 2}, reason="เลื่อน", requested_at=now
    )
    found = checks.check_revisions_without_reason(scope())
    assert rows(found) == [
        ("warning", "target_revision_without_reason", "7 2568 Q2", D(60), D(50)),
        ("warning", "change_request_without_reason", "KKD-T กิจกรรม 2.1", None, None),
    ]


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ชุมชนมิตรภาพ", "มิตรภาพ"),
        ("ชุมชนมิตรภาพ", "บ้านมิตรภาพ"),
        ("ชุมชน มิตร\u200bภาพ", "ชุมชนมิตรภาพ"),
        ("ชุมชนหนองแวงตราซู ๔", "ชุมชนหนองแวงตราซู 4"),
        ("บ้านกิ่งแก้ว", "บ้านก\u0e48\u0e34งแก้ว"),  # tone mark typed before the vowel
        ("ชุมชนเเสนสุข", "ชุมชนแสนสุข"),  # two sara e
    ],
)
def test_community_names_that_are_the_same(a, b):
    assert checks.community_compare_key(a) == checks.community_compare_key(b)


def test_community_names_that_differ():
    assert checks.community_compare_key("ชุมชนหมู่ 1 พัฒนา") != checks.community_compare_key(
        "ชุมชนหมู่ 2 พัฒนา"
    )
    assert checks.community_compare_key("บ้าน") == "บ้าน"  # a name that is only the prefix stays


def _org(name, province="40", key=None):
    return Organisation.objects.create(
        name=name,
        search_name=key or name,  # a legacy key, as rows older than the normalisation have
        kind=OrganisationKind.NETWORK,
        province=Province.objects.get(code=province) if province else None,
    )


def test_duplicate_and_near_duplicate_organisations():
    a = _org("เครือข่ายคนน่าน จ.ขอนแก่น")
    _org("เครือข่าย คนน่าน\u200b จังหวัดขอนแก่น")
    _org("เครือข่ายคนน่าน จ.ขอนแก่น", province="55")  # another province: another network
    _org("สหกรณ์เคหสถานหนองแวงตราซู่")
    _org("สหกรณ์เคหสถานหนองแวงตราซู", province=None)  # no province: compared with all
    _org("สมาคมผู้บริโภค", province="50")
    found = checks.check_duplicate_names(scope())
    assert rows(found) == [
        (
            "warning", "organisation_duplicate", "เครือข่ายคนน่าน จ.ขอนแก่น",
            "เครือข่ายคนน่าน จ.ขอนแก่น", "เครือข่าย คนน่าน\u200b จังหวัดขอนแก่น",
        ),
        (
            "info", "organisation_near_duplicate", "สหกรณ์เคหสถานหนองแวงตราซู่",
            "สหกรณ์เคหสถานหนองแวงตราซู่", "สหกรณ์เคหสถานหนองแวงตราซู",
        ),
    ]  # fmt: skip
    assert found[0].url == f"/organisations/{a.pk}/"


def _community(name, subdistrict="400101"):
    return Community.objects.create(
        name=name, search_name=name, subdistrict=Subdistrict.objects.get(code=subdistrict)
    )


def test_duplicate_communities_within_a_subdistrict():
    first = _community("ชุมชนมิตรภาพ")
    _community("บ้านมิตรภาพ")
    _community("มิตรภาพ", subdistrict="400102")  # another subdistrict
    _community("ชุมชนหนองแวงตราซู่ ๔")
    _community("ชุมชนหนองแวงตราซู 4")
    _community("ชุมชนสมานมัย")
    found = checks.check_duplicate_names(scope())
    assert rows(found) == [
        ("warning", "community_duplicate", "ชุมชนมิตรภาพ", "ชุมชนมิตรภาพ", "บ้านมิตรภาพ"),
        (
            "info",
            "community_near_duplicate",
            "ชุมชนหนองแวงตราซู่ ๔",
            "ชุมชนหนองแวงตราซู่ ๔",
            "ชุมชนหนองแวงตราซู 4",
        ),
    ]
    assert found[0].url == f"/areas/communities/{first.pk}/"


def test_names_with_a_filter_keep_only_groups_touching_the_filtered_projects(kkd):
    kkd.communities.add(_community("ชุมชนมิตรภาพ"))
    _community("บ้านมิตรภาพ")
    _community("ชุมชนหนองแวงตราซู่")
    _community("ชุมชนหนองแวงตราซู")
    _org("เครือข่ายทดสอบ ก")
    _org("เครือข่ายทดสอบ  ก")
    OrganisationFactory(name="อื่น")
    found = checks.check_duplicate_names(scope(project_code="KKD-T"))
    assert [f.kind for f in found] == ["community_duplicate"]

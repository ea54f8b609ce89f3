"""Demo step: a head-office indicator set of FY2568 with targets and results for CODI's 5 regions.

Covers every kind of indicator: counts with regional breakdowns, a composite of three housing
programmes (บ้านมั่นคง เมือง / ชนบท, บ้านพอเพียง), 20/40/60/80 % of 267 staff, a percentage with
an annual target, pass/fail, milestones, a "green when nothing happened" indicator, a
lower-is-better count and the three built-in computed indicators. One target is revised (with
its reason), and results are in every review state. Everything goes through the results
services; each object is looked up first, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region
from tidtam.demo.steps import DemoLogin
from tidtam.projects.models import ReviewStatus
from tidtam.results import services
from tidtam.results.models import (
    ColourRule,
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorLevel,
    IndicatorSource,
    Result,
    Target,
    TargetRevision,
)

FISCAL_YEAR = 2568
PASSWORD = "tidtam-kpi-2568"
REGIONS = ("north", "northeast", "south", "central_west", "bangkok_east")
OFFICERS = {
    "north": ("kpi-north", "เจ้าหน้าที่ภาคเหนือ"),
    "northeast": ("kpi-northeast", "เจ้าหน้าที่ภาคอีสาน"),
    "south": ("kpi-south", "เจ้าหน้าที่ภาคใต้"),
    "central_west": ("kpi-central", "เจ้าหน้าที่ภาคกลางและตะวันตก"),
    "bangkok_east": ("kpi-bangkok", "เจ้าหน้าที่ภาคกรุงเทพฯ ปริมณฑลและตะวันออก"),
}
D = Decimal

# code, name, unit, kind, extra fields
INDICATORS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "1",
        "จำนวนครัวเรือนที่ได้รับการพัฒนาที่อยู่อาศัยและความมั่นคงในที่ดิน",
        "ครัวเรือน",
        IndicatorKind.COMPOSITE,
        {},
    ),
    ("1.1", "บ้านมั่นคง (เมือง)", "ครัวเรือน", IndicatorKind.COUNT, {"parent": "1"}),
    ("1.2", "บ้านมั่นคงชนบท", "ครัวเรือน", IndicatorKind.COUNT, {"parent": "1"}),
    (
        "1.3",
        "บ้านพอเพียง (ซ่อมแซมบ้านผู้มีรายได้น้อยในชนบท)",
        "ครัวเรือน",
        IndicatorKind.COUNT,
        {"parent": "1"},
    ),
    ("2", "จำนวนสภาองค์กรชุมชนตำบลที่มีแผนพัฒนาชุมชนเชื่อมโยงแผนท้องถิ่น", "ตำบล", IndicatorKind.COUNT, {}),
    (
        "3",
        "ร้อยละของบุคลากร พอช. ที่ผ่านการพัฒนาสมรรถนะดิจิทัล (สะสม จาก 267 คน)",
        "ร้อยละ",
        IndicatorKind.BASE_PERCENT,
        {"base": D(267)},
    ),
    (
        "4",
        "ร้อยละของชุมชนประสบภัยพิบัติที่ได้รับการช่วยเหลือภายใน 7 วัน",
        "ร้อยละ",
        IndicatorKind.PERCENTAGE,
        {"colour_rule": ColourRule.GREEN_WHEN_NONE},
    ),
    ("5", "ร้อยละความพึงพอใจของผู้รับบริการ", "ร้อยละ", IndicatorKind.PERCENTAGE, {}),
    (
        "6",
        "รายงานผลการดำเนินงานประจำปีเสนอคณะกรรมการสถาบันทันกำหนด",
        "ผ่าน/ไม่ผ่าน",
        IndicatorKind.PASS_FAIL,
        {},
    ),
    (
        "7",
        "ระดับความสำเร็จของการพัฒนาระบบติดตามและประเมินผล (ติดตาม)",
        "ขั้น",
        IndicatorKind.MILESTONES,
        {},
    ),
    (
        "8",
        "จำนวนเรื่องร้องเรียนด้านการเงินที่ตรวจพบ",
        "เรื่อง",
        IndicatorKind.COUNT,
        {"direction": Direction.LOWER},
    ),
    (
        "9",
        "จำนวนครั้งของกิจกรรมที่โครงการจัดขึ้น (คำนวณจากบันทึกกิจกรรม)",
        "ครั้ง",
        IndicatorKind.COUNT,
        {"source": IndicatorSource.SESSIONS_HELD},
    ),
    (
        "10",
        "จำนวนผู้เข้าร่วมกิจกรรมที่เป็นผู้หญิง (คำนวณจากบันทึกกิจกรรม)",
        "คน",
        IndicatorKind.COUNT,
        {"source": IndicatorSource.WOMEN_PARTICIPANTS},
    ),
    (
        "11",
        "ร้อยละการเบิกจ่ายงบประมาณที่ได้รับอนุมัติ (คำนวณจากข้อมูลการเงิน)",
        "ร้อยละ",
        IndicatorKind.PERCENTAGE,
        {"source": IndicatorSource.BUDGET_DISBURSED},
    ),
]

# Quarterly targets per region (Q1..Q4) of the regional count indicators, and results per region.
REGION_TARGETS: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "1.1": {
        "north": (40, 60, 80, 70),
        "northeast": (50, 70, 90, 90),
        "south": (30, 40, 50, 40),
        "central_west": (30, 50, 60, 60),
        "bangkok_east": (60, 80, 100, 110),
    },
    "1.2": {
        "north": (20, 30, 30, 20),
        "northeast": (30, 40, 40, 30),
        "south": (10, 20, 20, 10),
        "central_west": (10, 20, 20, 10),
        "bangkok_east": (0, 10, 10, 0),
    },
    "1.3": {
        "north": (100, 150, 150, 100),
        "northeast": (150, 200, 200, 150),
        "south": (80, 100, 100, 70),
        "central_west": (80, 100, 100, 70),
        "bangkok_east": (40, 50, 50, 10),
    },
    "2": {
        "north": (10, 15, 15, 10),
        "northeast": (15, 20, 20, 15),
        "south": (8, 12, 12, 8),
        "central_west": (8, 12, 12, 8),
        "bangkok_east": (4, 6, 6, 4),
    },
}
REGION_RESULTS: dict[str, dict[str, tuple[int | None, int | None, int | None]]] = {
    "1.1": {
        "north": (45, 52, 70),
        "northeast": (30, 55, 95),
        "south": (12, 20, None),
        "central_west": (35, 48, 40),
        "bangkok_east": (70, 85, 90),
    },
    "1.2": {
        "north": (22, 28, 25),
        "northeast": (18, 30, 41),
        "south": (4, 9, None),
        "central_west": (10, 15, 12),
        "bangkok_east": (0, 12, 9),
    },
    "1.3": {
        "north": (120, 160, 140),
        "northeast": (90, 210, 230),
        "south": (40, 45, None),
        "central_west": (85, 110, 60),
        "bangkok_east": (45, 52, 48),
    },
    "2": {
        "north": (9, 16, 14),
        "northeast": (12, 18, 22),
        "south": (3, 5, None),
        "central_west": (8, 13, 9),
        "bangkok_east": (5, 6, 6),
    },
}
# Head-office (whole-country) targets and results of the other kinds.
COUNTRY: dict[str, dict[str, Any]] = {
    "3": {"targets": {1: 20, 2: 40, 3: 60, 4: 80}, "results": {1: 48, 2: 61, 3: 40}},
    "4": {"targets": {0: 100}, "results": {1: None, 2: 100, 3: 75}},
    "5": {"targets": {0: 85}, "results": {2: D("82.40"), 3: D("86.10")}},
    "6": {"targets": {0: 1}, "results": {1: 0, 2: 0, 3: 1}},
    "7": {"targets": {1: 1, 2: 1, 3: 1, 4: 1}, "results": {1: 1, 2: 1, 3: 0}},
    "8": {"targets": {1: 3, 2: 3, 3: 3, 4: 3}, "results": {1: 2, 2: 5, 3: 0}},
    "9": {"targets": {1: 30, 2: 60, 3: 60, 4: 50}},
    "10": {"targets": {1: 300, 2: 600, 3: 600, 4: 500}},
    "11": {"targets": {0: 100}},
}
MILESTONES = {
    1: "แต่งตั้งคณะทำงานและกำหนดกรอบตัวชี้วัด",
    2: "ออกแบบระบบและนำเข้าตัวชี้วัดปี 2568",
    3: "ทุกภาคบันทึกผลรายไตรมาสในระบบ",
    4: "รายงานผลประจำปีจากระบบต่อคณะกรรมการ",
}
NARRATIVES = {
    "1.1": "ชุมชนในเมืองพัฒนาโครงการบ้านมั่นคง ปรับปรุงผังชุมชนและสร้างบ้านใหม่ร่วมกับเทศบาล",
    "2": "สภาองค์กรชุมชนตำบลจัดเวทีทบทวนแผนพัฒนาชุมชนและส่งแผนให้ อบต./เทศบาล",
}


def _user(username: str, display_name: str, role: str, region: Region | None) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    if not Grant.objects.filter(user=user, role=role, region=region).exists():
        Grant.objects.create(user=user, role=role, region=region)
    return user


def _results_in(code: str, region: Region | None, quarter: int) -> Result | None:
    return Result.objects.filter(
        indicator__code=code,
        indicator__level=IndicatorLevel.ORGANISATION,
        fiscal_year=FISCAL_YEAR,
        quarter=quarter,
        region=region,
        province__isnull=True,
    ).first()


def _set_target(
    user: User, indicator: Indicator, quarter: int, value: Decimal, region: Region | None = None
) -> None:
    exists = Target.objects.filter(
        indicator=indicator,
        fiscal_year=FISCAL_YEAR,
        quarter=quarter,
        region=region,
        province__isnull=True,
    ).exists()
    if not exists:
        milestone = (
            MILESTONES.get(quarter, "") if indicator.kind == IndicatorKind.MILESTONES else ""
        )
        services.target_set(
            user, indicator, FISCAL_YEAR, quarter, value, region=region, milestone=milestone
        )


def load() -> list[DemoLogin]:
    """Create (once) the FY2568 indicator set with targets, a revision and results in every state."""
    from tidtam.demo.organisations import CODI, get_demo_organisation

    codi = get_demo_organisation(CODI)
    regions = {r.code: r for r in Region.objects.filter(grouping__is_default=True)}
    analyst = _user("kpi-analyst", "นักวิเคราะห์นโยบายและแผน", Role.ANALYST, None)
    officers = {
        code: _user(name, display, Role.AREA_OFFICER, regions[code])
        for code, (name, display) in OFFICERS.items()
        if code in regions
    }

    indicators: dict[str, Indicator] = {}
    for code, name, unit, kind, extra in INDICATORS:
        existing = Indicator.objects.filter(
            level=IndicatorLevel.ORGANISATION, organisation=codi, code=code
        ).first()
        if existing is not None:
            indicators[code] = existing
            continue
        fields = {k: v for k, v in extra.items() if k != "parent"}
        if "parent" in extra:
            fields["parent"] = indicators[extra["parent"]]
        indicators[code] = services.indicator_save(
            analyst,
            None,
            level=IndicatorLevel.ORGANISATION,
            organisation=codi,
            owner=codi,
            code=code,
            name=name,
            unit=unit,
            kind=kind,
            regions=list(regions.values()),
            **fields,
        )

    # Regional targets (and the country's targets as their sum) of the count indicators.
    for code, per_region in REGION_TARGETS.items():
        indicator = indicators[code]
        for region_code, values in per_region.items():
            for quarter, value in enumerate(values, 1):
                _set_target(analyst, indicator, quarter, D(value), regions[region_code])
        for quarter in (1, 2, 3, 4):
            total = sum(values[quarter - 1] for values in per_region.values())
            _set_target(analyst, indicator, quarter, D(total))
    for code, spec in COUNTRY.items():
        for quarter, value in spec["targets"].items():
            _set_target(analyst, indicators[code], quarter, D(value))

    # A revision: the country's Q3 target of indicator 2 cut after the floods (the regions' were
    # not changed, so the report flags that the breakdown no longer adds up).
    q3 = Target.objects.get(
        indicator=indicators["2"], fiscal_year=FISCAL_YEAR, quarter=3, region__isnull=True
    )
    if not TargetRevision.objects.filter(target=q3).exists():
        services.target_revise(
            analyst,
            q3,
            D(60),
            reason="อุทกภัยภาคใต้ทำให้เลื่อนเวทีสภาองค์กรชุมชน คณะกรรมการอนุมัติปรับเป้าหมายไตรมาส 3",
            approver="ผู้อำนวยการสำนักนโยบายและแผน",
            revised_on=dt.date(2025, 4, 18),
        )

    # Regional results: Q1 and Q2 approved; Q3 approved, submitted, returned or draft by region.
    q3_state = {
        "north": ReviewStatus.APPROVED,
        "northeast": ReviewStatus.DRAFT,
        "south": ReviewStatus.APPROVED,
        "central_west": ReviewStatus.SUBMITTED,
        "bangkok_east": ReviewStatus.RETURNED,
    }
    for code, results_by_region in REGION_RESULTS.items():
        for region_code, entered in results_by_region.items():
            region = regions[region_code]
            officer = officers[region_code]
            for quarter, entered_value in enumerate(entered, 1):
                if entered_value is None or _results_in(code, region, quarter) is not None:
                    continue
                state = ReviewStatus.APPROVED if quarter < 3 else q3_state[region_code]
                result = services.result_save(
                    officer,
                    indicators[code],
                    FISCAL_YEAR,
                    quarter,
                    value=D(entered_value),
                    region=region,
                    narrative=NARRATIVES.get(code, "") if region_code == "north" else "",
                    problems="ฝนตกหนัก เลื่อนการก่อสร้างบางชุมชน"
                    if (code == "1.1" and region_code == "central_west" and quarter == 3)
                    else "",
                    next_steps="เร่งติดตามชุมชนที่ยังไม่เริ่มก่อสร้าง"
                    if (code == "1.1" and quarter == 3)
                    else "",
                )
                if state == ReviewStatus.DRAFT:
                    continue
                services.result_submit(officer, result)
                if state == ReviewStatus.APPROVED:
                    services.result_approve(analyst, result)
                elif state == ReviewStatus.RETURNED:
                    services.result_return(analyst, result, "ตัวเลขไม่ตรงกับทะเบียนครัวเรือน กรุณาตรวจสอบ")

    # The head office's own results (recorded approved by the analyst, as the importer does).
    for code, spec in COUNTRY.items():
        for quarter, value in spec.get("results", {}).items():
            if _results_in(code, None, quarter) is not None:
                continue
            services.result_save(
                analyst,
                indicators[code],
                FISCAL_YEAR,
                quarter,
                value=None if value is None else D(value),
                narrative="ไม่มีชุมชนประสบภัยในไตรมาสนี้" if (code == "4" and value is None) else "",
                status=ReviewStatus.APPROVED,
            )
    return [
        DemoLogin("นักวิเคราะห์ตัวชี้วัด (analyst)", analyst.username, PASSWORD, "ทั้งประเทศ"),
        DemoLogin("เจ้าหน้าที่ภาค (area officer)", officers["north"].username, PASSWORD, "ภาคเหนือ"),
    ]

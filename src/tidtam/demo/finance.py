"""Demo step: seed 003's programme, frames, committee, 18 approvals and tranche-1 transfers.

Everything goes through ``tidtam.finance.services`` (and the organisations services); each
object is looked up by its natural key first, so running the step twice changes nothing.
The figures are seed 003's, so the budget-status report as of 19 April 2021 reproduces it.
Titles and organisation names are written without the line-break spaces of the PDF table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tidtam.areas.loading import ensure_areas_loaded
from tidtam.areas.models import Province, Region, RegionGrouping
from tidtam.demo.steps import DemoLogin
from tidtam.finance import services
from tidtam.finance.models import (
    BudgetFrame,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    ProjectApproval,
    Tranche,
    TranchePolicy,
    Transfer,
)
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.organisations.services import organisation_get_or_create
from tidtam.projects.models import Programme, Project, ProjectLevel, ProjectStatus
from tidtam.projects.services import programme_create, project_create, project_transition

PROGRAMME_CODE = "CODI-N-2564-LEADERS"
PROGRAMME_NAME = "โครงการพัฒนาขีดความสามารถผู้นำชุมชนภาคเหนือ ปีงบประมาณ 2564"
CODI = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"
CODI_NORTH = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคเหนือ"
COMMITTEE = "คณะทำงานพิจารณาโครงการภาคเหนือ"
FISCAL_YEAR = 2564
REGIONAL_FRAME = Decimal("1762380")
PROVINCIAL_FRAME = Decimal("13873500")
REGIONAL_APPROVAL = dt.date(2021, 1, 4)  # 4 ม.ค.64
PROVINCIAL_APPROVAL = dt.date(2021, 2, 4)  # 4 ก.พ.64
MEETINGS = {
    1: (dt.date(2020, 12, 22), None),  # ครั้งที่ 1/2564 วันที่ 22 ธ.ค.63
    2: (dt.date(2021, 1, 20), dt.date(2021, 1, 21)),  # ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64
}

# Seed 003's per-project table, in its order: province code (None = งบภาค), title, proposing
# organisation, approved budget, tranche 1 transferred, tranche-1 transfer date.
PROJECTS: tuple[tuple[str | None, str, str, int, int, dt.date], ...] = (
    ("50", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดเชียงใหม่ ในการขับเคลื่อนแผนพัฒนาระดับพื้นที่สู่ชุมชนเข้มแข็ง (ระยะที่ 2)", "เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่", 1781000, 1240000, dt.date(2021, 2, 25)),
    ("51", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนในการขับเคลื่อนแผนพัฒนาระดับพื้นที่สู่ชุมชนเข้มแข็งจังหวัดลำพูน ปีงบประมาณ 2564", "เครือข่ายองค์กรชุมชนจังหวัดลำพูน", 519500, 363650, dt.date(2021, 2, 25)),
    ("52", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดลำปาง ปีงบประมาณ 2564", "คณะกรรมการเครือข่ายขบวนการองค์กรชุมชนจังหวัดลำปาง", 785500, 545000, dt.date(2021, 3, 10)),
    ("58", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดแม่ฮ่องสอน ปีงบประมาณ 2564", "เครือข่ายเสริมสร้างความเข้มแข็งองค์กรชุมชนจังหวัดแม่ฮ่องสอน (คสช.)", 438500, 306950, dt.date(2021, 3, 10)),
    ("55", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดน่าน ปีงบประมาณ 2564", "เครือข่ายคนน่านจัดการตนเอง", 926000, 647000, dt.date(2021, 3, 10)),
    ("57", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดเชียงราย ปีงบประมาณ 2564", "เครือข่ายสภาองค์กรชุมชนจังหวัดเชียงราย", 1451500, 1016050, dt.date(2021, 3, 17)),
    ("56", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดพะเยา ปีงบประมาณ 2564", "เครือข่ายสร้างบ้านแปงเมืองพะเยา", 714000, 499800, dt.date(2021, 3, 8)),
    ("54", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดแพร่ ระยะที่ 2", "เครือข่ายคนฮักแป๋", 789500, 550000, dt.date(2021, 3, 8)),
    ("65", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดพิษณุโลก ในการขับเคลื่อนแผนพัฒนาระดับพื้นที่ กลุ่มชุมชนเข้มแข็ง (ระยะที่2) ปี 2564", "เครือข่ายองค์กรประชาชนจังหวัดพิษณุโลก", 913000, 639100, dt.date(2021, 3, 8)),
    ("53", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดอุตรดิตถ์ ปีงบประมาณ พ.ศ. 2564", "ขบวนองค์กรชุมชนจังหวัดอุตรดิตถ์", 695500, 486000, dt.date(2021, 3, 8)),
    ("67", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดเพชรบูรณ์ ในการขับเคลื่อนแผนพัฒนาระดับพื้นที่ กลุ่มชุมชนเข้มแข็ง (ระยะที่2) ปีงบประมาณ 2564", "เครือข่ายองค์กรชุมชนจังหวัดเพชรบูรณ์", 841500, 589050, dt.date(2021, 4, 1)),
    ("64", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดสุโขทัย ปีงบประมาณ 2564", "องค์กรชุมชนลูกพ่อขุนรามจังหวัดสุโขทัย", 800000, 560000, dt.date(2021, 4, 1)),
    ("63", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดตาก ในการขับเคลื่อนแผนพัฒนาระดับพื้นที่ สู่ชุมชนเข้มแข็ง (ระยะที่2) ปี 2564", "เครือข่ายองค์กรชุมชนจังหวัดตาก", 461500, 323050, dt.date(2021, 4, 1)),
    ("60", "โครงการพัฒนาศักยภาพผู้นำจังหวัดนครสวรรค์ ปีงบประมาณ 2564", "คณะประสานงานขบวนองค์กรชุมชนจังหวัดนครสวรรค์", 688500, 480000, dt.date(2021, 4, 1)),
    ("61", "โครงการพัฒนาศักยภาพผู้นำจังหวัดอุทัยธานี ปีงบประมาณ 2564", "คณะประสานงานขบวนองค์กรชุมชนจังหวัดอุทัยธานี", 393500, 275000, dt.date(2021, 4, 1)),
    ("62", "โครงการพัฒนาขีดความสามารถผู้นำชุมชนจังหวัดกำแพงเพชร ปีงบประมาณ 2564", "เครือข่ายองค์กรชุมชนคนกำแพง", 785000, 545000, dt.date(2021, 4, 7)),
    ("66", "โครงการพัฒนาศักยภาพผู้นำจังหวัดพิจิตร ปีงบประมาณ 2564", "เครือข่ายองค์กรชุมชนจังหวัดพิจิตร", 889500, 622650, dt.date(2021, 4, 7)),
    (None, "โครงการพัฒนาขีดความสามารถผู้นำชุมชนภาคเหนือในการขับเคลื่อนแผนพัฒนาระดับพื้นที่สู่ชุมชนเข้มแข็ง ปีงบประมาณ 2564", "คณะทำงานพัฒนาศักยภาพแกนนำและคนในขบวนองค์กรชุมชนภาคเหนือ", 1762380, 1233666, dt.date(2021, 4, 1)),
)  # fmt: skip


def project_code(index: int, province_code: str | None) -> str:
    """Return the demo code of seed 003's project number ``index`` (1-based)."""
    return f"{PROGRAMME_CODE}-{'R' if province_code is None else 'P'}{index:02d}"


def _north() -> Region | None:
    grouping = RegionGrouping.objects.filter(is_default=True).first()
    if grouping is None:
        return None
    return Region.objects.filter(grouping=grouping, code="north").first()


def _programme(owner: Organisation, region: Region | None) -> Programme:
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme is None:
        programme = programme_create(
            user=None,
            code=PROGRAMME_CODE,
            name=PROGRAMME_NAME,
            owner=owner,
            region=region,
            first_fiscal_year=FISCAL_YEAR,
            last_fiscal_year=FISCAL_YEAR,
        )
    return programme


def _project(
    programme: Programme, index: int, province_code: str | None, title: str, proposer: Organisation
) -> Project:
    code = project_code(index, province_code)
    project = Project.objects.filter(code=code).first()
    if project is None:
        project = project_create(
            user=None,
            programme=programme,
            code=code,
            title=title,
            level=ProjectLevel.REGIONAL if province_code is None else ProjectLevel.PROVINCIAL,
            proposing_organisation=proposer,
            implementing_organisation=proposer,
            province=Province.objects.get(code=province_code) if province_code else None,
            start_date=dt.date(2021, 2, 1) if province_code else dt.date(2021, 1, 1),
            end_date=dt.date(2021, 9, 30),
        )
    if project.status == ProjectStatus.DRAFT:
        project = project_transition(project, ProjectStatus.PROPOSED, user=None)
    return project


def load() -> list[DemoLogin]:
    """Create (once) seed 003's programme with its frames, approvals and tranche-1 transfers."""
    ensure_areas_loaded()
    region = _north()
    codi, _created = organisation_get_or_create(name=CODI, kind=OrganisationKind.GOVERNMENT_AGENCY)
    owner, _created = organisation_get_or_create(
        name=CODI_NORTH, kind=OrganisationKind.GOVERNMENT_AGENCY, parent=codi
    )
    programme = _programme(owner, region)
    if not TranchePolicy.objects.filter(programme=programme).exists():
        services.tranche_policy_set(
            programme, caps_percent=[70, 30], first_tranche_deadline_months=3
        )
    for level, amount in (
        (ProjectLevel.REGIONAL, REGIONAL_FRAME),
        (ProjectLevel.PROVINCIAL, PROVINCIAL_FRAME),
    ):
        if not BudgetFrame.objects.filter(
            programme=programme, fiscal_year=FISCAL_YEAR, level=level, province=None, region=None
        ).exists():
            services.budget_frame_create(
                programme, fiscal_year=FISCAL_YEAR, level=level, amount=amount
            )
    committee = services.committee_create(name=COMMITTEE, organisation=owner, region=region)
    meetings = {}
    for number, (start, end) in MEETINGS.items():
        meeting = CommitteeMeeting.objects.filter(
            committee=committee, fiscal_year=FISCAL_YEAR, number=number
        ).first()
        meetings[number] = meeting or services.meeting_create(
            committee, fiscal_year=FISCAL_YEAR, number=number, start_date=start, end_date=end
        )
    for index, (
        province_code,
        title,
        proposer_name,
        approved,
        tranche_1,
        transferred_on,
    ) in enumerate(PROJECTS, start=1):
        province = Province.objects.get(code=province_code) if province_code else None
        proposer, _created = organisation_get_or_create(
            name=proposer_name,
            kind=OrganisationKind.NETWORK,
            province=province,
            parent=None,
        )
        project = _project(programme, index, province_code, title, proposer)
        meeting = meetings[1 if province_code is None else 2]
        decision = Decision.objects.filter(meeting=meeting, project=project).first()
        if decision is None:
            decision = services.decision_record(
                meeting,
                project,
                outcome=DecisionOutcome.APPROVED,
                amount_requested=approved,
                amount_approved=approved,
                resolution="มีมติเห็นชอบ",
            )
        if not ProjectApproval.objects.filter(project=project).exists():
            services.project_approve(
                decision,
                approval_date=REGIONAL_APPROVAL if province_code is None else PROVINCIAL_APPROVAL,
            )
        tranche = Tranche.objects.get(project=project, number=1)
        if tranche.planned_amount != tranche_1:
            services.tranche_amount_set(tranche, tranche_1)
            tranche.refresh_from_db()
        if not Transfer.objects.filter(tranche=tranche).exists():
            services.tranche_transfer(
                tranche, tranche_1, transferred_on, reference=f"โอนงวด 1 {project.code}"
            )
    return []

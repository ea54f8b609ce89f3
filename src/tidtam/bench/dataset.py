"""Build the synthetic national dataset of the benchmarks (``tidtam bench-data``).

Everything is written with ``bulk_create`` in batches inside one transaction per chunk of
projects, with explicit primary keys (so the dataset is the same for a given seed and the
generator never has to read ids back). Every row respects the models' constraints; no history
row is written (synthetic data has no past), and ``created_at``/``updated_at`` are the time of
the run — everything else depends only on the scale and the seed.

Shape (``national``; ``small`` is 1/100 and ``tiny`` 1/1000 of the projects and what hangs from
them):

- the real areas (77 provinces, 928 districts, 7,436 subdistricts) and CODI's 5 regions;
- 20 programme series x 5 fiscal years (2564-2568) = 100 programmes (a CODI programme is one
  fiscal year), each with a tranche policy (70/30) and budget frames per level and region;
- 50,000 projects: 10 activities each in 2 work plans (500,000 activities, 2 planned months
  each), 4 sessions per activity with a participant count (2,000,000 sessions), one committee
  decision and approval, two tranches and two transfers (100,000 transfers);
- the *hot* programme-year ``P01-2567`` holds 1/25 of the projects (2,000) in one region, so the
  budget-status report is measured at the size issue 5 names;
- the bench project ``BENCH-0001`` (in the hot programme-year and region): 5 plans x 10
  activities, 10 sessions each = 50 activities and 500 sessions, at ``small`` and ``national``
  (5 activities, 10 sessions at ``tiny``, so that CI's smoke run stays short);
- 300 indicators (30 at ``tiny``) reported by the 5 regions, with quarterly targets and approved
  quarterly results per region, for all 5 fiscal years at ``national`` and for 2567 only at the
  smaller scales.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction

BENCH_PROJECT = "BENCH-0001"
HOT_PROGRAMME = "P01-2567"
HOT_FISCAL_YEAR = 2567
FISCAL_YEARS = (2564, 2565, 2566, 2567, 2568)
PROGRAMME_SERIES = 20
BATCH = 5000
ADMIN_USERNAME = "bench-admin"
ADMIN_PASSWORD = "bench-admin-password"  # noqa: S105 - a local, throw-away benchmark database
MARKER_PREFIX = "bench-data"


@dataclass(frozen=True)
class Scale:
    name: str
    projects: int
    indicators: int
    result_years: tuple[int, ...]
    activities_per_project: int = 10
    sessions_per_activity: int = 4
    chunk: int = 500  # projects per transaction
    # The bench project: plans x activities per plan x sessions per activity (50 / 500).
    bench_shape: tuple[int, int, int] = (5, 10, 10)

    @property
    def hot_projects(self) -> int:
        return max(2, self.projects // 25)


SCALES = {
    "national": Scale("national", 50_000, 300, FISCAL_YEARS),
    "small": Scale("small", 500, 300, (HOT_FISCAL_YEAR,)),
    # CI's smoke scale: a small bench project too, so the progress report renders in seconds.
    "tiny": Scale("tiny", 50, 30, (HOT_FISCAL_YEAR,), bench_shape=(1, 5, 2)),
}

# Word lists for Thai names (deterministic picks from the seed).
PLACES = [
    "บ้านหนองบัว",
    "บ้านดอนแก้ว",
    "บ้านท่าช้าง",
    "บ้านห้วยทราย",
    "บ้านโนนสูง",
    "บ้านป่าแดง",
    "บ้านนาดี",
    "บ้านหัวนา",
    "บ้านคลองใหม่",
    "บ้านริมน้ำ",
    "ชุมชนริมทางรถไฟ",
    "ชุมชนบ่อนไก่",
    "ชุมชนวัดใหม่",
    "ชุมชนท่าน้ำ",
    "บ้านทุ่งสว่าง",
    "บ้านแม่สาย",
    "บ้านเขาน้อย",
    "บ้านบางกอบัว",
]
TOPICS = [
    "ที่อยู่อาศัยมั่นคง",
    "เกษตรอินทรีย์",
    "กองทุนสวัสดิการชุมชน",
    "การจัดการภัยพิบัติ",
    "ฟื้นฟูป่าชุมชน",
    "ตลาดชุมชน",
    "การท่องเที่ยวโดยชุมชน",
    "ผู้สูงอายุ",
    "เยาวชนรักษ์ถิ่น",
    "การจัดการขยะ",
    "น้ำสะอาด",
    "สภาองค์กรชุมชน",
    "แผนพัฒนาตำบล",
    "วิสาหกิจชุมชน",
]
ORG_KINDS = ["กลุ่ม", "เครือข่าย", "สหกรณ์", "สภาองค์กรชุมชนตำบล", "กองทุนสวัสดิการชุมชน"]
ACTIVITY_VERBS = [
    "ประชุมชี้แจง",
    "อบรม",
    "ศึกษาดูงาน",
    "สำรวจข้อมูล",
    "จัดเวทีแลกเปลี่ยน",
    "ประชุมคณะทำงาน",
    "ลงพื้นที่ติดตาม",
    "จัดทำแผน",
    "สรุปบทเรียน",
    "ประชุมเครือข่าย",
]
RESULTS = [
    "ชุมชนมีแผนร่วมกัน",
    "สมาชิกเข้าใจแนวทางการดำเนินงาน",
    "ได้ข้อมูลครัวเรือนครบถ้วน",
    "เกิดคณะทำงานระดับตำบล",
    "มีข้อตกลงร่วมของชุมชน",
]
PROBLEMS = ["", "", "", "ฝนตกหนักทำให้ผู้เข้าร่วมน้อย", "งบประมาณโอนล่าช้า"]
INDICATOR_TOPICS = [
    "จำนวนชุมชนที่มีแผนพัฒนา",
    "จำนวนครัวเรือนที่มีที่อยู่อาศัยมั่นคง",
    "จำนวนกองทุนสวัสดิการ",
    "จำนวนผู้นำที่ผ่านการอบรม",
    "จำนวนเครือข่ายที่เข้มแข็ง",
    "จำนวนโครงการที่ปิดได้ตามกำหนด",
]


def fiscal_year_start(fy: int) -> dt.date:
    """Return the first day (1 October CE) of Buddhist-Era fiscal year ``fy``."""
    return dt.date(fy - 544, 10, 1)


def fiscal_year_end(fy: int) -> dt.date:
    """Return the last day (30 September CE) of Buddhist-Era fiscal year ``fy``."""
    return dt.date(fy - 543, 9, 30)


def marker(scale: str, seed: int) -> str:
    return f"{MARKER_PREFIX} scale={scale} seed={seed}"


def present_marker() -> str | None:
    """Return the marker of the dataset in the current database, or None when there is none."""
    from tidtam.projects.models import Programme

    row = Programme.objects.filter(code=HOT_PROGRAMME).values_list("description", flat=True)
    first = row.first()
    return first if first and first.startswith(MARKER_PREFIX) else None


@dataclass
class _Timer:
    out: Any
    tables: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0]))

    def insert(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        if not objs:
            return
        t0 = time.perf_counter()
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        entry = self.tables[model._meta.db_table]
        entry[0] += len(objs)
        entry[1] += time.perf_counter() - t0

    def report(self) -> None:
        self.out.write(f"{'table':<40} {'rows':>12} {'seconds':>9} {'rows/s':>10}\n")
        for table, (rows, seconds) in self.tables.items():
            rate = rows / seconds if seconds else 0
            self.out.write(f"{table:<40} {int(rows):>12,} {seconds:>9.1f} {rate:>10,.0f}\n")


class _Ids:
    """Hand out primary keys per model, after whatever the table already holds."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def __call__(self, model: type[models.Model]) -> int:
        if model not in self._next:
            top = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = top + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


@dataclass
class _PlannedProject:
    index: int
    code: str
    programme_index: int  # 0..99 (series * 5 + year index)
    fiscal_year: int
    region_index: int
    province: str | None
    level: str
    org: int  # index into organisations
    budget: Decimal
    meeting_no: int  # 1..4
    bench: bool = False


def generate(
    scale_name: str, seed: int, out: Any = sys.stdout, *, progress: bool = True
) -> dict[str, Any]:
    """Generate the dataset of ``scale_name`` from ``seed`` into the current database.

    Returns per-table counts and seconds. Refuses (ValueError) when a dataset is already there.
    """
    from tidtam.accounts.models import User
    from tidtam.areas.loading import ensure_areas_loaded
    from tidtam.areas.models import Region, RegionProvince, Subdistrict
    from tidtam.areas.names import organisation_key
    from tidtam.finance import models as fin
    from tidtam.finance.calculations import add_months
    from tidtam.organisations.models import Organisation, OrganisationKind
    from tidtam.projects import models as prj
    from tidtam.results import models as res
    from tidtam.results.services import code_sort_key

    scale = SCALES[scale_name]
    existing = present_marker()
    if existing is not None:
        raise ValueError(f"a benchmark dataset is already in this database ({existing})")
    if prj.Programme.objects.filter(code=HOT_PROGRAMME).exists():
        raise ValueError("a partial benchmark dataset is in this database: start from an empty one")
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    timer = _Timer(out)
    ids = _Ids()
    started = time.perf_counter()

    def say(text: str) -> None:
        if progress:
            out.write(f"[{time.perf_counter() - started:8.1f} s] {text}\n")
            out.flush()

    ensure_areas_loaded()
    regions = list(Region.objects.filter(grouping__is_default=True).order_by("order", "code"))
    if len(regions) != 5:
        raise ValueError(f"expected CODI's 5 regions in the default grouping, found {len(regions)}")
    region_provinces: dict[int, list[str]] = defaultdict(list)
    for rp in RegionProvince.objects.filter(grouping=regions[0].grouping_id).order_by(
        "province_id"
    ):
        region_provinces[rp.region_id].append(rp.province_id)
    subdistricts: dict[str, list[str]] = defaultdict(list)
    for code, prov in Subdistrict.objects.order_by("code").values_list("code", "province_id"):
        subdistricts[prov].append(code)
    all_subdistricts = [c for codes in subdistricts.values() for c in codes]
    say(f"areas ready: {len(regions)} regions, {len(all_subdistricts):,} subdistricts")

    # --- people and organisations ---------------------------------------------------------
    with transaction.atomic():
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "", ADMIN_PASSWORD)
        owner = Organisation(
            id=ids(Organisation),
            name="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) [bench]",
            short_name="พอช.",
            kind=OrganisationKind.GOVERNMENT_AGENCY,
        )
        owner.search_name = organisation_key(owner.name)
        org_count = max(5, scale.projects // 10)
        orgs: list[Organisation] = [owner]
        org_province: list[str | None] = [None]
        all_provinces = sorted(subdistricts)
        for i in range(org_count):
            prov = all_provinces[i % len(all_provinces)]
            name = f"{rng.choice(ORG_KINDS)}{rng.choice(TOPICS)}{rng.choice(PLACES)} {i + 1}"
            org = Organisation(
                id=ids(Organisation),
                name=name,
                kind=OrganisationKind.COMMUNITY_ORGANISATION,
                province_id=prov,
            )
            org.search_name = organisation_key(name)
            orgs.append(org)
            org_province.append(prov)
        timer.insert(Organisation, orgs)
        orgs_by_province: dict[str, list[int]] = defaultdict(list)
        for i, org_prov in enumerate(org_province):
            if org_prov is not None:
                orgs_by_province[org_prov].append(i)

        # --- programmes, policies, committees, meetings -----------------------------------
        programmes: list[prj.Programme] = []
        for s in range(PROGRAMME_SERIES):
            topic = TOPICS[s % len(TOPICS)]
            for fy in FISCAL_YEARS:
                code = f"P{s + 1:02d}-{fy}"
                programmes.append(
                    prj.Programme(
                        id=ids(prj.Programme),
                        code=code,
                        name=f"โครงการสนับสนุน{topic} ชุดที่ {s + 1} ปีงบประมาณ {fy}",
                        owner_id=owner.pk,
                        first_fiscal_year=fy,
                        last_fiscal_year=fy,
                    )
                )
        timer.insert(prj.Programme, programmes)
        timer.insert(
            fin.TranchePolicy,
            [
                fin.TranchePolicy(
                    id=ids(fin.TranchePolicy),
                    programme_id=p.pk,
                    tranche_count=2,
                    caps_percent=["70", "30"],
                    first_tranche_deadline_months=3,
                )
                for p in programmes
            ],
        )
        committees = [
            fin.Committee(
                id=ids(fin.Committee),
                name=f"คณะทำงานพิจารณาโครงการ{r.name_th}",
                organisation_id=owner.pk,
                region_id=r.pk,
            )
            for r in regions
        ]
        timer.insert(fin.Committee, committees)
        meetings: dict[tuple[int, int, int], fin.CommitteeMeeting] = {}
        for ri, committee in enumerate(committees):
            for fy in FISCAL_YEARS:
                for number in (1, 2, 3, 4):
                    start = fiscal_year_start(fy) + dt.timedelta(days=20 + 60 * (number - 1))
                    meetings[(ri, fy, number)] = fin.CommitteeMeeting(
                        id=ids(fin.CommitteeMeeting),
                        committee_id=committee.pk,
                        fiscal_year=fy,
                        number=number,
                        start_date=start,
                        end_date=start + dt.timedelta(days=number % 2),
                    )
        timer.insert(fin.CommitteeMeeting, list(meetings.values()))
    say(f"{len(orgs):,} organisations, {len(programmes)} programmes, {len(meetings)} meetings")

    # --- plan the projects (in memory), then frames ----------------------------------------
    hot_index = next(i for i, p in enumerate(programmes) if p.code == HOT_PROGRAMME)
    hot_region = 0
    others = [i for i in range(len(programmes)) if i != hot_index]
    planned: list[_PlannedProject] = []
    for n in range(scale.projects):
        bench = n == 0
        if n < scale.hot_projects:
            prog_i, region_i = hot_index, hot_region
        else:
            prog_i, region_i = others[n % len(others)], rng.randrange(5)
        fy = FISCAL_YEARS[prog_i % len(FISCAL_YEARS)]
        regional = not bench and rng.random() < 0.02
        province = None if regional else rng.choice(region_provinces[regions[region_i].pk])
        org_pool = orgs_by_province.get(province or "", []) or list(range(1, len(orgs)))
        planned.append(
            _PlannedProject(
                index=n,
                code=BENCH_PROJECT if bench else f"{programmes[prog_i].code}-{n + 1:06d}",
                programme_index=prog_i,
                fiscal_year=fy,
                region_index=region_i,
                province=province,
                level=prj.ProjectLevel.REGIONAL if regional else prj.ProjectLevel.PROVINCIAL,
                org=rng.choice(org_pool),
                budget=Decimal(rng.randrange(50, 500) * 1000),
                meeting_no=rng.randint(1, 4),
                bench=bench,
            )
        )
    frame_sum: dict[tuple[int, str, int], Decimal] = defaultdict(Decimal)
    for p in planned:
        frame_sum[(p.programme_index, p.level, p.region_index)] += p.budget
    frames: dict[tuple[int, str, int], fin.BudgetFrame] = {}
    for (prog_i, level, region_i), amount in sorted(frame_sum.items()):
        frames[(prog_i, level, region_i)] = fin.BudgetFrame(
            id=ids(fin.BudgetFrame),
            programme_id=programmes[prog_i].pk,
            fiscal_year=programmes[prog_i].first_fiscal_year,
            level=level,
            region_id=regions[region_i].pk,
            amount=(amount * Decimal("1.1")).quantize(Decimal("1")),
        )
    with transaction.atomic():
        timer.insert(fin.BudgetFrame, list(frames.values()))
    say(f"{len(planned):,} projects planned, {len(frames):,} budget frames")

    # --- the projects, chunk by chunk -------------------------------------------------------
    for offset in range(0, len(planned), scale.chunk):
        chunk = planned[offset : offset + scale.chunk]
        with transaction.atomic():
            _write_chunk(
                chunk,
                scale,
                rng,
                ids,
                timer,
                programmes,
                orgs,
                regions,
                meetings,
                frames,
                subdistricts,
                all_subdistricts,
                add_months,
            )
        done = offset + len(chunk)
        say(f"projects {done:,}/{len(planned):,} ({100 * done // len(planned)}%)")

    # --- indicators, targets, results -------------------------------------------------------
    with transaction.atomic():
        _write_indicators(scale, rng, ids, timer, owner, regions, res, code_sort_key)
    say("indicators, targets and results written")

    # The marker goes in last: an interrupted run leaves no marker, so `--check` says "no".
    prj.Programme.objects.filter(code=HOT_PROGRAMME).update(description=marker(scale_name, seed))
    reset = connection.ops.sequence_reset_sql(no_style(), list(_models_written()))
    if reset:
        with connection.cursor() as cursor:
            for sql in reset:
                cursor.execute(sql)
    if connection.vendor in ("postgresql", "sqlite"):  # fresh statistics for the planner
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    timer.report()
    out.write(f"bench-data {scale_name} seed={seed}: done in {elapsed:.1f} s\n")
    return {
        "scale": scale_name,
        "seed": seed,
        "seconds": round(elapsed, 1),
        "tables": {
            t: {"rows": int(r), "seconds": round(s, 2)} for t, (r, s) in timer.tables.items()
        },
    }


def _models_written() -> Iterable[type[models.Model]]:
    from tidtam.finance import models as fin
    from tidtam.organisations.models import Organisation
    from tidtam.projects import models as prj
    from tidtam.results import models as res

    yield from (
        Organisation,
        prj.Programme,
        prj.Project,
        prj.WorkPlan,
        prj.Activity,
        prj.ActivityMonth,
        prj.Session,
        prj.ParticipantCount,
        fin.TranchePolicy,
        fin.Committee,
        fin.CommitteeMeeting,
        fin.BudgetFrame,
        fin.Decision,
        fin.ProjectApproval,
        fin.Tranche,
        fin.Transfer,
        res.Indicator,
        res.Target,
        res.Result,
    )


def _write_chunk(
    chunk: list[_PlannedProject],
    scale: Scale,
    rng: random.Random,
    ids: _Ids,
    timer: _Timer,
    programmes: list[Any],
    orgs: list[Any],
    regions: list[Any],
    meetings: dict[tuple[int, int, int], Any],
    frames: dict[tuple[int, str, int], Any],
    subdistricts: dict[str, list[str]],
    all_subdistricts: list[str],
    add_months: Callable[[dt.date, int], dt.date],
) -> None:
    from tidtam.finance import models as fin
    from tidtam.projects import models as prj

    projects, plans, activities, months, sessions, counts = [], [], [], [], [], []
    decisions, approvals, tranches, transfers = [], [], [], []
    for p in chunk:
        fy_start, fy_end = fiscal_year_start(p.fiscal_year), fiscal_year_end(p.fiscal_year)
        meeting = meetings[(p.region_index, p.fiscal_year, p.meeting_no)]
        approval_date = meeting.start_date
        project_start = approval_date + dt.timedelta(days=7)
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        project = prj.Project(
            id=ids(prj.Project),
            programme_id=programmes[p.programme_index].pk,
            code=p.code,
            agreement_number=f"{p.index + 1}/{p.fiscal_year}",
            title=f"โครงการพัฒนา{topic} {place}",
            level=p.level,
            proposing_organisation_id=orgs[p.org].pk,
            implementing_organisation_id=orgs[p.org].pk,
            province_id=p.province,
            start_date=project_start,
            end_date=fy_end,
            objectives=f"เพื่อพัฒนา{topic}ของชุมชน{place}",
            status=prj.ProjectStatus.ACTIVE,
        )
        projects.append(project)
        pool = subdistricts.get(p.province or "", []) or all_subdistricts
        plan_count, per_plan, per_activity = (
            scale.bench_shape
            if p.bench
            else (2, scale.activities_per_project // 2, scale.sessions_per_activity)
        )
        span_days = (fy_end - project_start).days
        for pn in range(1, plan_count + 1):
            plan = prj.WorkPlan(
                id=ids(prj.WorkPlan),
                project_id=project.pk,
                number=pn,
                title=f"แผนงานที่ {pn} {rng.choice(TOPICS)}",
            )
            plans.append(plan)
            for an in range(1, per_plan + 1):
                first = project_start + dt.timedelta(days=rng.randrange(0, max(1, span_days - 40)))
                second = min(first + dt.timedelta(days=31), fy_end)
                activity = prj.Activity(
                    id=ids(prj.Activity),
                    plan_id=plan.pk,
                    number=f"{pn}.{an}",
                    position=an,
                    title=f"{rng.choice(ACTIVITY_VERBS)}{rng.choice(TOPICS)}",
                    planned_start=first.replace(day=1),
                    planned_end=second,
                    planned_sessions=per_activity,
                )
                activities.append(activity)
                planned_months = {(first.year, first.month), (second.year, second.month)}
                if len(planned_months) < 2:
                    nxt = add_months(first.replace(day=1), 1)
                    planned_months.add((nxt.year, nxt.month))
                for year, month in sorted(planned_months)[:2]:
                    months.append(
                        prj.ActivityMonth(
                            id=ids(prj.ActivityMonth),
                            activity_id=activity.pk,
                            year=year,
                            month=month,
                        )
                    )
                for sn in range(1, per_activity + 1):
                    day = first + dt.timedelta(days=(sn - 1) * 31 // per_activity)
                    session = prj.Session(
                        id=ids(prj.Session),
                        project_id=project.pk,
                        activity_id=activity.pk,
                        number=sn,
                        start_date=day,
                        end_date=day,
                        start_time=dt.time(9, 0),
                        end_time=dt.time(16, 0),
                        place=f"ศาลาประชาคม{place}",
                        subdistrict_id=rng.choice(pool),
                        purpose=f"เพื่อ{activity.title}",
                        activities_done=f"{activity.title} ครั้งที่ {sn}",
                        results=rng.choice(RESULTS),
                        problems=rng.choice(PROBLEMS),
                        status=prj.ReviewStatus.APPROVED,
                    )
                    sessions.append(session)
                    men, women = rng.randint(3, 40), rng.randint(3, 40)
                    counts.append(
                        prj.ParticipantCount(
                            id=ids(prj.ParticipantCount),
                            session_id=session.pk,
                            source=prj.CountSource.ENTRY,
                            total=men + women,
                            men=men,
                            women=women,
                            project_team=rng.randint(1, 6),
                            community_leaders=rng.randint(0, 10),
                            government_people=rng.randint(0, 3),
                        )
                    )
        decision = fin.Decision(
            id=ids(fin.Decision),
            meeting_id=meeting.pk,
            project_id=project.pk,
            outcome=fin.DecisionOutcome.APPROVED,
            amount_requested=p.budget + Decimal(rng.randrange(0, 20) * 1000),
            amount_approved=p.budget,
            resolution="อนุมัติ",
        )
        decisions.append(decision)
        approvals.append(
            fin.ProjectApproval(
                id=ids(fin.ProjectApproval),
                project_id=project.pk,
                decision_id=decision.pk,
                frame_id=frames[(p.programme_index, p.level, p.region_index)].pk,
                approved_budget=p.budget,
                approval_date=approval_date,
            )
        )
        first_part = (p.budget * Decimal("0.7")).quantize(Decimal("0.01"))
        deadline = add_months(approval_date, 3)
        t1 = fin.Tranche(
            id=ids(fin.Tranche),
            project_id=project.pk,
            number=1,
            cap=first_part,
            planned_amount=first_part,
            deadline=deadline,
        )
        t2 = fin.Tranche(
            id=ids(fin.Tranche),
            project_id=project.pk,
            number=2,
            cap=p.budget - first_part,
            planned_amount=p.budget - first_part,
        )
        tranches += [t1, t2]
        d1 = approval_date + dt.timedelta(days=rng.randrange(5, 110))
        d2 = min(d1 + dt.timedelta(days=150), fy_end)
        transfers += [
            fin.Transfer(
                id=ids(fin.Transfer),
                tranche_id=t1.pk,
                project_id=project.pk,
                date=d1,
                amount=first_part,
                reference=f"TR{t1.pk:08d}",
            ),
            fin.Transfer(
                id=ids(fin.Transfer),
                tranche_id=t2.pk,
                project_id=project.pk,
                date=d2,
                amount=p.budget - first_part,
                reference=f"TR{t2.pk:08d}",
            ),
        ]
        del fy_start
    for model, objs in (
        (prj.Project, projects),
        (prj.WorkPlan, plans),
        (prj.Activity, activities),
        (prj.ActivityMonth, months),
        (prj.Session, sessions),
        (prj.ParticipantCount, counts),
        (fin.Decision, decisions),
        (fin.ProjectApproval, approvals),
        (fin.Tranche, tranches),
        (fin.Transfer, transfers),
    ):
        timer.insert(model, objs)


def _write_indicators(
    scale: Scale,
    rng: random.Random,
    ids: _Ids,
    timer: _Timer,
    owner: Any,
    regions: list[Any],
    res: Any,
    code_sort_key: Callable[[str], str],
) -> None:
    indicators = []
    for i in range(scale.indicators):
        code = f"{i // 10 + 1}.{i % 10 + 1}"
        indicators.append(
            res.Indicator(
                id=ids(res.Indicator),
                level=res.IndicatorLevel.ORGANISATION,
                organisation_id=owner.pk,
                owner_id=owner.pk,
                code=code,
                sort_key=code_sort_key(code),
                name=f"{INDICATOR_TOPICS[i % len(INDICATOR_TOPICS)]} (ตัวชี้วัด {code})",
                unit="แห่ง",
                kind=res.IndicatorKind.COUNT,
            )
        )
    timer.insert(res.Indicator, indicators)
    through = res.Indicator.regions.through
    timer.insert(
        through,
        [through(indicator_id=ind.pk, region_id=r.pk) for ind in indicators for r in regions],
    )
    targets, results = [], []
    for ind in indicators:
        for fy in scale.result_years:
            for region in regions:
                for q in (1, 2, 3, 4):
                    target = Decimal(rng.randrange(5, 60))
                    targets.append(
                        res.Target(
                            id=ids(res.Target),
                            indicator_id=ind.pk,
                            fiscal_year=fy,
                            quarter=q,
                            region_id=region.pk,
                            value=target,
                        )
                    )
                    value = (target * Decimal(rng.randrange(30, 130)) / 100).quantize(Decimal("1"))
                    results.append(
                        res.Result(
                            id=ids(res.Result),
                            indicator_id=ind.pk,
                            fiscal_year=fy,
                            quarter=q,
                            region_id=region.pk,
                            value=value,
                            narrative=rng.choice(RESULTS) if q == 4 else "",
                            problems=rng.choice(PROBLEMS) if q == 4 else "",
                            status=res.ReviewStatus.APPROVED,
                        )
                    )
    timer.insert(res.Target, targets)
    timer.insert(res.Result, results)

"""Spreadsheet kind "projects": projects, their work plans and their activities.

Three sheets, applied in this order so a file can add a project with its plans and activities:

- "โครงการ" (key: the project code): registration data, organisations "name (province)",
  provinces, subdistricts and communities "name (ต.… อ.… จ.…)", the period in BE dates. The status is shown but never changed by
  an import (it moves only through the approval services); a new project is always a draft.
- "แผนงาน" (key: project code + plan number).
- "กิจกรรม" (key: project code + activity number "1.1"), with its plan number, planned months,
  N and its budget line.

Planned months are written as a comma-separated list of Thai months with their BE year,
"ก.พ. 2566, เม.ย. 2566" (a 2-digit year "ก.พ. 66" and full names "กุมภาพันธ์ 2566" are read
too, and a range "ต.ค.-ธ.ค. 2566" stands for every month in it); a day, a year alone, a month
without a year or a misspelt month is refused.

Every write goes through ``tidtam.projects.services``: once a project is approved its plan
changes only through a change request, so a changed plan or activity row of an approved project
is refused with the service's message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from tidtam.accounts import access
from tidtam.areas.models import Community, Subdistrict
from tidtam.areas.names import community_key
from tidtam.imports.kinds import Context, Kind, RowRefused, SheetHandler
from tidtam.imports.sheets.common import (
    find_subdistrict,
    organisation_type,
    province_type,
    subdistrict_type,
)
from tidtam.imports.values import CellError, Choice, Column, ColumnType, Date, Integer, Reference
from tidtam.projects import calculations, services
from tidtam.projects.models import (
    Activity,
    Programme,
    Project,
    ProjectLevel,
    ProjectStatus,
    WorkPlan,
)
from tidtam.thai.dates import DateParseError, parse_date
from tidtam.thai.months import BE_OFFSET, MONTHS_SHORT

# --- column types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthList(ColumnType):
    """Months with their year: "ก.พ. 2566, เม.ย. 2566" (or a range "ต.ค.-ธ.ค. 2566").

    Reads to a sorted list of (CE year, month); a blank or "-" is no month.
    """

    def parse(self, raw: Any) -> list[tuple[int, int]]:
        if raw is None:
            return []
        if isinstance(raw, dt.date | dt.datetime | int | float):
            raise CellError(
                f'ใส่เป็นข้อความ เดือนและปี พ.ศ. คั่นด้วยจุลภาค เช่น "ก.พ. 2566, มี.ค. 2566": "{raw}"'
            )
        text = ColumnType(multiline=True).parse(str(raw))
        if text in ("", "-", "–", "—"):
            return []
        months: set[tuple[int, int]] = set()
        for part in (p.strip() for p in re.split(r"[,;\n]+", text)):
            if not part:
                continue
            try:
                parsed = parse_date(part)
            except DateParseError as exc:
                raise CellError(f'อ่านเดือนไม่ได้: "{part}" ({exc.reason})') from None
            if parsed.warnings:
                raise CellError(f'อ่านเดือนไม่ได้: "{part}" ({"; ".join(parsed.warnings)})')
            if parsed.start is None or parsed.end is None:
                continue
            if parsed.precision != "month":
                raise CellError(
                    f"ใส่เดือนและปี ไม่ใช่{'วันที่' if parsed.precision == 'day' else 'ทั้งปี'}: "
                    f'"{part}" (เช่น "ก.พ. 2566")'
                )
            y, m = parsed.start.year, parsed.start.month
            while (y, m) <= (parsed.end.year, parsed.end.month):
                months.add((y, m))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return sorted(months)

    def to_cell(self, value: Any) -> Any:
        return ", ".join(f"{MONTHS_SHORT[m - 1]} {y + BE_OFFSET}" for y, m in sorted(value or []))

    def describe(self) -> str:
        return 'เดือนและปี พ.ศ. คั่นด้วยจุลภาค เช่น "ก.พ. 2566, มี.ค. 2566" หรือช่วง "ต.ค.-ธ.ค. 2566"'


def find_project(text: str) -> tuple[Project | None, str]:
    code = text.strip()
    qs = Project.objects.select_related("programme")
    found = qs.filter(code=code).first() or qs.filter(code__iexact=code).first()
    if found is None:
        return None, f'ไม่พบโครงการรหัส "{code}"'
    return found, ""


def project_type() -> Reference:
    """A project named by its code."""
    return Reference(find=find_project, name_of=lambda p: p.code)


def _find_programme(text: str) -> tuple[Programme | None, str]:
    code = text.strip()
    found = (
        Programme.objects.filter(code=code).first()
        or Programme.objects.filter(code__iexact=code).first()
    )
    if found is None:
        return None, f'ไม่พบแผนงานหลักรหัส "{code}"'
    return found, ""


_WITH_PLACE = re.compile(r"^(?P<name>.+?)\s*\((?P<place>[^()]+)\)$")


def _community_label(community: Community) -> str:
    """How a cell names a community: "name (ต.… อ.… จ.…)"."""
    return f"{community.name} ({subdistrict_type().to_cell(community.subdistrict)})"


def find_community(text: str) -> tuple[Community | None, str]:
    """Find a community by "name (ต.… อ.… จ.…)" or by its name alone when no other has it."""
    qs = Community.objects.select_related("subdistrict__district", "subdistrict__province")
    match = _WITH_PLACE.match(text)
    if match:
        subdistrict, _error = find_subdistrict(match["place"])
        if subdistrict is not None:
            found = qs.filter(
                search_name=community_key(match["name"]), subdistrict=subdistrict
            ).first()
            if found is not None:
                return found, ""
    candidates = list(qs.filter(search_name=community_key(text))[:6])
    if len(candidates) == 1:
        return candidates[0], ""
    if candidates:
        names = ", ".join(_community_label(c) for c in candidates[:5])
        return None, f'มีชุมชนชื่อ "{text}" หลายแห่ง: {names} — ใส่ตำบลในวงเล็บ'
    return None, f'ไม่พบชุมชน "{text}" (เพิ่มชุมชนใน Tidtam ก่อน หรือสะกดให้ตรง)'


def _may(user: Any, action: str, obj: Any, **kwargs: Any) -> bool:
    """Whether ``user`` may do ``action`` on ``obj``; None is the system (the command line)."""
    return user is None or access.can(user, action, obj, **kwargs)


def require_project(
    user: Any, project: Project, action: str, refusal: str, *, kind: Any = None
) -> None:
    """Refuse a row about ``project`` unless ``user`` may do ``action`` on it; a project the
    user may not even see is "not found", so its code is not confirmed to outsiders."""
    if _may(user, action, project, kind=kind):
        return
    if not _may(user, access.Action.VIEW, project):
        raise RowRefused({"project": [f'ไม่พบโครงการรหัส "{project.code}"']})
    raise RowRefused({"project": [refusal]})


def _blank_to_empty(fields: dict[str, Any], text_fields: Iterable[str]) -> dict[str, Any]:
    for name in text_fields:
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


PROJECT_CODE_HELP = "รหัสโครงการตามแผ่นงาน “โครงการ” หรือที่มีใน Tidtam แล้ว"


# --- projects ----------------------------------------------------------------------------------

_PROJECT_TEXT = (
    "agreement_number",
    "phase",
    "cities",
    "objectives",
    "expected_results",
)


class ProjectSheet(SheetHandler):
    name = "โครงการ"
    title = "โครงการ: หนึ่งแถวต่อหนึ่งโครงการ (จับคู่ด้วยรหัสโครงการ)"
    columns = (
        Column(
            "code",
            "รหัสโครงการ",
            ColumnType(max_length=50),
            required=True,
            example="KKD-2566",
            width=20,
        ),
        Column(
            "programme",
            "รหัสแผนงานหลัก",
            Reference(find=_find_programme, name_of=lambda p: p.code),
            required=True,
            example="EU-CSO-CITY",
            help="รหัสแผนงานหลักที่มีใน Tidtam แล้ว",
            width=20,
        ),
        Column("title", "ชื่อโครงการ", ColumnType(max_length=1000), required=True, width=50),
        Column("agreement_number", "เลขที่สัญญา", ColumnType(max_length=100)),
        Column(
            "level",
            "ระดับโครงการ",
            Choice.of(ProjectLevel.choices),
            required=True,
            example=str(ProjectLevel.PROVINCIAL.label),
        ),
        Column("phase", "ระยะ", ColumnType(max_length=100), example="โครงการนำร่อง"),
        Column(
            "proposing_organisation",
            "องค์กรผู้เสนอ",
            organisation_type(),
            required=True,
            width=36,
            help='ชื่อองค์กร ถ้าชื่อซ้ำหลายจังหวัดให้ใส่จังหวัดในวงเล็บ เช่น "สมาคมผู้บริโภคจังหวัดขอนแก่น (ขอนแก่น)"',
            example="สมาคมผู้บริโภคจังหวัดขอนแก่น (ขอนแก่น)",
        ),
        Column(
            "implementing_organisation",
            "องค์กรผู้ดำเนินงาน",
            organisation_type(),
            required=True,
            width=36,
            example="สมาคมผู้บริโภคจังหวัดขอนแก่น (ขอนแก่น)",
        ),
        Column(
            "province",
            "จังหวัดของโครงการ",
            province_type(),
            help="จังหวัดที่โครงการอยู่ในตารางงบประมาณ เว้นว่างสำหรับโครงการระดับภาค",
            example="ขอนแก่น",
        ),
        Column(
            "working_provinces",
            "จังหวัดที่ดำเนินงาน",
            province_type(many=True),
            width=30,
            help="หลายจังหวัดคั่นด้วยจุลภาค",
            example="ขอนแก่น, มหาสารคาม",
        ),
        Column(
            "working_subdistricts",
            "ตำบลที่ดำเนินงาน",
            subdistrict_type(many=True),
            width=40,
            help="ตำบล อำเภอ จังหวัด หรือรหัสตำบล 6 หลัก หลายตำบลคั่นด้วยจุลภาค",
            example="ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น",
        ),
        Column(
            "communities",
            "ชุมชน",
            Reference(find=find_community, name_of=_community_label, many=True),
            width=40,
            help="ชุมชนที่มีใน Tidtam แล้ว คั่นด้วยจุลภาค; ชื่อซ้ำหลายแห่งให้ใส่ตำบลในวงเล็บ",
            example="ชุมชนมิตรภาพ (ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น)",
        ),
        Column("cities", "เมือง", ColumnType(max_length=500), example="เมืองขอนแก่น + เมืองบ้านไผ่"),
        Column("start_date", "วันเริ่มต้น", Date(), example="01/02/2566"),
        Column("end_date", "วันสิ้นสุด", Date(), example="31/12/2566"),
        Column("objectives", "วัตถุประสงค์", ColumnType(multiline=True), width=40),
        Column("expected_results", "ผลที่คาดว่าจะได้รับ", ColumnType(multiline=True), width=40),
        Column(
            "status",
            "สถานะ",
            Choice.of(ProjectStatus.choices),
            help="แสดงอย่างเดียว: การนำเข้าไม่เปลี่ยนสถานะ (เปลี่ยนผ่านขั้นตอนเสนอและอนุมัติ) โครงการใหม่เป็นร่างเสมอ",
        ),
    )
    key_columns = ("code",)
    read_only = ("status",)

    def key(self, values: dict[str, Any]) -> Hashable:
        return ((values.get("code") or "").strip(),)

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        codes = [k[0] for k in keys]  # type: ignore[index]
        return {(p.code,): p for p in self._queryset().filter(code__in=codes)}

    @staticmethod
    def _queryset() -> Any:
        return Project.objects.select_related(
            "programme",
            "proposing_organisation__province",
            "implementing_organisation__province",
            "province",
        ).prefetch_related(
            "working_provinces",
            Prefetch(
                "working_subdistricts",
                queryset=Subdistrict.objects.select_related("district", "province"),
            ),
            Prefetch(
                "communities",
                queryset=Community.objects.select_related(
                    "subdistrict__district", "subdistrict__province"
                ),
            ),
        )

    def current(self, record: Project) -> dict[str, Any]:
        return {
            "code": record.code,
            "programme": record.programme,
            "title": record.title,
            "agreement_number": record.agreement_number,
            "level": record.level,
            "phase": record.phase,
            "proposing_organisation": record.proposing_organisation,
            "implementing_organisation": record.implementing_organisation,
            "province": record.province,
            "working_provinces": list(record.working_provinces.all()),
            "working_subdistricts": list(record.working_subdistricts.all()),
            "communities": list(record.communities.all()),
            "cities": record.cities,
            "start_date": record.start_date,
            "end_date": record.end_date,
            "objectives": record.objectives,
            "expected_results": record.expected_results,
            "status": record.status,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.CHANGE, record)

    @staticmethod
    def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
        if start and end and end < start:
            raise RowRefused({"end_date": ["วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"]})

    def create(self, values: dict[str, Any], ctx: Context) -> Project:
        programme = values["programme"]
        if (
            ctx.user is not None
            and not access.scoped(
                ctx.user, Programme.objects.filter(pk=programme.pk), access.Action.CHANGE
            ).exists()
        ):
            raise RowRefused({"programme": ["ไม่มีสิทธิ์เพิ่มโครงการในแผนงานหลักนี้"]})
        if values.get("status") not in (None, "", ProjectStatus.DRAFT):
            raise RowRefused(
                {"status": ["โครงการใหม่เป็นร่างเสมอ: สถานะเปลี่ยนผ่านขั้นตอนเสนอและอนุมัติ ไม่ใช่การนำเข้า"]}
            )
        self._check_dates(values.get("start_date"), values.get("end_date"))
        fields = {k: v for k, v in values.items() if k != "status" and v is not None}
        return services.project_create(user=ctx.user, **fields)

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        if (
            "programme" in changes
            and ctx.user is not None
            and not access.can(ctx.user, access.Action.VIEW, changes["programme"])
        ):
            raise RowRefused({"programme": ["ไม่มีสิทธิ์ย้ายโครงการไปแผนงานหลักนี้"]})
        self._check_dates(
            changes.get("start_date", record.start_date), changes.get("end_date", record.end_date)
        )
        fields = _blank_to_empty(dict(changes), _PROJECT_TEXT)
        for many in ("working_provinces", "working_subdistricts", "communities"):
            if many in fields and fields[many] is None:
                fields[many] = []
        return services.project_update(record, user=ctx.user, **fields)

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Project]:
        qs = _filtered(self._queryset(), filters, "")
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by("programme__code", "code")


def _filtered(qs: Any, filters: dict[str, Any], to_project: str) -> Any:
    """Apply the kind's filters (programme code, project code) through ``to_project``."""
    if filters.get("programme"):
        qs = qs.filter(**{f"{to_project}programme__code": filters["programme"]})
    if filters.get("project"):
        qs = qs.filter(**{f"{to_project}code": filters["project"]})
    return qs


# --- work plans --------------------------------------------------------------------------------


class WorkPlanSheet(SheetHandler):
    name = "แผนงาน"
    title = "แผนงานของโครงการ: หนึ่งแถวต่อหนึ่งแผนงาน (จับคู่ด้วยรหัสโครงการและแผนงานที่)"
    columns = (
        Column(
            "project",
            "รหัสโครงการ",
            project_type(),
            required=True,
            help=PROJECT_CODE_HELP,
            example="KKD-2566",
            width=20,
        ),
        Column("number", "แผนงานที่", Integer(minimum=1), required=True, example="1", width=10),
        Column(
            "title",
            "ชื่อแผนงาน",
            ColumnType(max_length=1000),
            required=True,
            width=50,
            example="พัฒนาทีมและอาสาสมัครแกนนำชุมชน",
        ),
        Column(
            "budget_plan_reference",
            "ลำดับในแผนงบประมาณ",
            ColumnType(max_length=300),
            width=30,
            help="เมื่อแผนงบประมาณใช้ลำดับต่างจากแผนงาน",
            example="แผนงบประมาณอยู่ในลำดับที่ 4 และ 5",
        ),
    )
    key_columns = ("project", "number")

    def key(self, values: dict[str, Any]) -> Hashable:
        project = values.get("project")
        return (project.pk if project else None, values.get("number"))

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        projects = {k[0] for k in keys}  # type: ignore[index]
        return {
            (p.project_id, p.number): p
            for p in WorkPlan.objects.filter(project_id__in=projects).select_related("project")
        }

    def current(self, record: WorkPlan) -> dict[str, Any]:
        return {
            "project": record.project,
            "number": record.number,
            "title": record.title,
            "budget_plan_reference": record.budget_plan_reference,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.CHANGE, record)

    def create(self, values: dict[str, Any], ctx: Context) -> WorkPlan:
        project = values["project"]
        require_project(ctx.user, project, access.Action.CHANGE, "ไม่มีสิทธิ์แก้ไขแผนงานของโครงการนี้")
        return services.work_plan_save(
            project,
            user=ctx.user,
            number=values["number"],
            title=values["title"],
            budget_plan_reference=values.get("budget_plan_reference") or "",
        )

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        return services.work_plan_save(
            record.project,
            user=ctx.user,
            plan=record,
            number=record.number,
            title=changes.get("title", record.title),
            budget_plan_reference=changes.get("budget_plan_reference", record.budget_plan_reference)
            or "",
        )

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[WorkPlan]:
        qs = _filtered(WorkPlan.objects.select_related("project"), filters, "project__")
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by("project__programme__code", "project__code", "number")


# --- activities --------------------------------------------------------------------------------

_ACTIVITY_TEXT = (
    "budget_number",
    "budget_line_reference",
    "rescheduled_reason",
    "progress_note",
)


def _month_label(year: int, month: int) -> str:
    return f"{MONTHS_SHORT[month - 1]} {year + BE_OFFSET}"


class ActivitySheet(SheetHandler):
    name = "กิจกรรม"
    title = "กิจกรรมของแผนงาน: หนึ่งแถวต่อหนึ่งกิจกรรม (จับคู่ด้วยรหัสโครงการและกิจกรรมที่)"
    columns = (
        Column(
            "project",
            "รหัสโครงการ",
            project_type(),
            required=True,
            help=PROJECT_CODE_HELP,
            example="KKD-2566",
            width=20,
        ),
        Column(
            "number",
            "กิจกรรมที่",
            ColumnType(max_length=20),
            required=True,
            example="1.1",
            width=10,
            help='เลขกิจกรรม เช่น "1.1" (พิมพ์เป็นข้อความ)',
        ),
        Column(
            "plan",
            "แผนงานที่",
            Integer(minimum=1),
            required=True,
            example="1",
            width=10,
            help="แผนงานที่กิจกรรมนี้อยู่ (ต้องมีในแผ่นงาน “แผนงาน” หรือใน Tidtam แล้ว)",
        ),
        Column(
            "budget_number",
            "ลำดับในแผนงบประมาณ",
            ColumnType(max_length=20),
            example="2.1, 2.2",
            help="เลขกิจกรรมในแผนงบประมาณ เมื่อต่างจากเลขกิจกรรม",
        ),
        Column(
            "title",
            "ชื่อกิจกรรม",
            ColumnType(max_length=1000),
            required=True,
            width=50,
            example="ประชุมทีมผู้ปฏิบัติงานโครงการ",
        ),
        Column(
            "planned_sessions",
            "จำนวนครั้งตามแผน (N)",
            Integer(minimum=1),
            required=True,
            example="5",
            width=12,
        ),
        Column(
            "months",
            "เดือนที่วางแผน",
            MonthList(),
            width=40,
            example="ก.พ. 2566, เม.ย. 2566, มิ.ย. 2566",
        ),
        Column("planned_start", "วันเริ่มตามแผน", Date()),
        Column("planned_end", "วันสิ้นสุดตามแผน", Date()),
        Column(
            "budget_line_reference",
            "รายการงบประมาณ",
            ColumnType(max_length=300),
            width=30,
            help="รายการในงบประมาณของโครงการที่ใช้กับกิจกรรมนี้",
        ),
        Column(
            "rescheduled_months",
            "เดือนที่ปรับแผนใหม่",
            MonthList(),
            width=30,
            help='เดือนใหม่เมื่อเลื่อนกิจกรรม เช่น "ต.ค. 2566, พ.ย. 2566"',
        ),
        Column("rescheduled_reason", "เหตุผลที่ปรับแผน", ColumnType(multiline=True), width=30),
        Column("progress_note", "หมายเหตุความก้าวหน้า", ColumnType(multiline=True), width=40),
    )
    key_columns = ("project", "number")

    def key(self, values: dict[str, Any]) -> Hashable:
        project = values.get("project")
        return (project.pk if project else None, re.sub(r"\s+", "", values.get("number") or ""))

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        projects = {k[0] for k in keys}  # type: ignore[index]
        return {
            (a.plan.project_id, re.sub(r"\s+", "", a.number)): a
            for a in self._queryset().filter(plan__project_id__in=projects)
        }

    @staticmethod
    def _queryset() -> Any:
        return Activity.objects.select_related("plan__project").prefetch_related("months")

    def current(self, record: Activity) -> dict[str, Any]:
        months = list(record.months.all())
        return {
            "project": record.plan.project,
            "number": record.number,
            "plan": record.plan.number,
            "budget_number": record.budget_number,
            "title": record.title,
            "planned_sessions": record.planned_sessions,
            "months": sorted((m.year, m.month) for m in months if not m.rescheduled),
            "planned_start": record.planned_start,
            "planned_end": record.planned_end,
            "budget_line_reference": record.budget_line_reference,
            "rescheduled_months": sorted((m.year, m.month) for m in months if m.rescheduled),
            "rescheduled_reason": record.rescheduled_reason,
            "progress_note": record.progress_note,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.CHANGE, record)

    @staticmethod
    def _check(project: Project, fields: dict[str, Any], start: Any, end: Any) -> None:
        """The activity form's rules: the end after the start, months in the project period."""
        errors: dict[str, list[str]] = {}
        if start and end and end < start:
            errors["planned_end"] = ["วันสิ้นสุดตามแผนอยู่ก่อนวันเริ่มตามแผน"]
        if fields.get("months") and project.start_date and project.end_date:
            allowed = set(calculations.months_between(project.start_date, project.end_date))
            outside = [m for m in fields["months"] if tuple(m) not in allowed]
            if outside:
                errors["months"] = [
                    "เดือนอยู่นอกระยะเวลาโครงการ: " + ", ".join(_month_label(y, m) for y, m in outside)
                ]
        if errors:
            raise RowRefused(errors)

    def create(self, values: dict[str, Any], ctx: Context) -> Activity:
        project = values["project"]
        require_project(ctx.user, project, access.Action.CHANGE, "ไม่มีสิทธิ์แก้ไขกิจกรรมของโครงการนี้")
        plan = WorkPlan.objects.filter(project=project, number=values["plan"]).first()
        if plan is None:
            raise RowRefused(
                {
                    "plan": [
                        f"โครงการ {project.code} ไม่มีแผนงานที่ {values['plan']} (เพิ่มในแผ่นงาน “แผนงาน” ก่อน)"
                    ]
                }
            )
        self._check(project, values, values.get("planned_start"), values.get("planned_end"))
        fields = {
            k: v
            for k, v in values.items()
            if k not in ("project", "plan", "months", "rescheduled_months") and v is not None
        }
        return services.activity_save(
            plan,
            user=ctx.user,
            months=values.get("months") or [],
            rescheduled_months=values.get("rescheduled_months") or [],
            **fields,
        )

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        if "plan" in changes:
            raise RowRefused(
                {"plan": [f"กิจกรรมนี้อยู่ในแผนงานที่ {record.plan.number}: ย้ายกิจกรรมไปแผนงานอื่นไม่ได้"]}
            )
        project = record.plan.project
        self._check(
            project,
            changes,
            changes.get("planned_start", record.planned_start),
            changes.get("planned_end", record.planned_end),
        )
        fields = _blank_to_empty(
            {
                k: v
                for k, v in changes.items()
                if k not in ("project", "plan", "months", "rescheduled_months")
            },
            _ACTIVITY_TEXT,
        )
        return services.activity_save(
            record.plan,
            user=ctx.user,
            activity=record,
            months=(changes["months"] or []) if "months" in changes else None,
            rescheduled_months=(
                (changes["rescheduled_months"] or []) if "rescheduled_months" in changes else None
            ),
            **fields,
        )

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Activity]:
        qs = _filtered(self._queryset(), filters, "plan__project__")
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by(
            "plan__project__programme__code", "plan__project__code", "plan__number", "position"
        )


_FILTERS = (
    ("programme", "only projects of this programme (its code)"),
    ("project", "only this project (its code)"),
)

PROJECTS = Kind(
    name="projects",
    title="โครงการ แผนงาน และกิจกรรม",
    sheets=(ProjectSheet(), WorkPlanSheet(), ActivitySheet()),
    help=(
        "แผ่นงาน “โครงการ” นำเข้าก่อน “แผนงาน” และ “กิจกรรม” จึงเพิ่มโครงการพร้อมแผนงานและกิจกรรมในไฟล์เดียวได้; "
        "เมื่อโครงการอนุมัติแล้ว การเปลี่ยนแผนงานหรือกิจกรรมต้องทำผ่านคำขอเปลี่ยนแปลง (การนำเข้าจะไม่ยอมรับแถวที่แก้ไข)"
    ),
    filters=_FILTERS,
)

__all__ = [
    "PROJECTS",
    "MonthList",
    "find_community",
    "find_project",
    "project_type",
    "require_project",
]

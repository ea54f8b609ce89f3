"""Spreadsheet kinds "approvals" (committee decisions) and "tranches" (tranches and transfers).

"approvals", sheet "มติคณะกรรมการ" (key: project code + committee + meeting "ครั้งที่ 2/2564"):
one committee decision on one project, with the approval date when the decision approved it.
A new row records the decision (``decision_record``; the meeting is recorded first with
``meeting_create`` when it is new, from its date) and, with an approval date, approves the
project (``project_approve``: frame, status and tranche schedule rules apply). A recorded
decision is not edited by an import (no service changes one); the only change a row may make
to an existing decision is to give the approval date of an approving decision not yet used.

"tranches", sheets "งวดเงิน" (key: project code + tranche number) and "การโอน" (key: project
code + tranche + date + reference + entry kind). A tranche's planned amount is set through
``tranche_amount_set`` (within its cap; the last tranche is the rest); a project's first tranche
row generates its schedule from the programme's policy. Transfers are never edited: a stored
transfer whose cells differ is refused, telling the officer to record a reversing entry; a new
row records a transfer (``tranche_transfer``: caps, approved budget, dates and report rules
apply) or, with the kind "กลับรายการ", a reversing entry of the transfer with the same tranche,
reference and opposite amount (``transfer_reverse``). Two transfers of a project on the same
tranche and day need different references to be told apart.

Every money service refuses with a ``FinanceError``; each becomes a refused row with the
service's message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tidtam.accounts import access
from tidtam.finance import services
from tidtam.finance.errors import FinanceError
from tidtam.finance.models import (
    Committee,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Tranche,
    Transfer,
)
from tidtam.imports.kinds import Context, Kind, Pending, RowRefused, SheetHandler
from tidtam.imports.sheets.projects import PROJECT_CODE_HELP, project_type, require_project
from tidtam.imports.values import CellError, Choice, Column, ColumnType, Date, Integer, Number
from tidtam.thai.dates import format_date
from tidtam.thai.months import BE_THRESHOLD
from tidtam.thai.text import from_thai_digits, normalize_text

FINANCE = access.DataKind.FINANCE


def _may(user: Any, action: str, obj: Any, **kwargs: Any) -> bool:
    """Whether ``user`` may do ``action`` on ``obj``; None is the system (the command line)."""
    return user is None or access.can(user, action, obj, **kwargs)


def _money(value: Any) -> str:
    return f"{Decimal(value):,.2f}"


class _FinanceSheet(SheetHandler):
    """Turns the money services' refusals into refused rows with their messages, on the
    column the refusal is about (``error_columns``: the service's refusal code -> column key)."""

    error_columns: dict[str, str] = {}

    def apply_one(self, item: Pending, ctx: Context) -> Any:
        try:
            return super().apply_one(item, ctx)
        except FinanceError as exc:
            raise RowRefused({self.error_columns.get(exc.code, ""): [str(exc)]}) from exc


def _filtered(qs: Any, filters: dict[str, Any], to_project: str = "project__") -> Any:
    if filters.get("programme"):
        qs = qs.filter(**{f"{to_project}programme__code": filters["programme"]})
    if filters.get("project"):
        qs = qs.filter(**{f"{to_project}code": filters["project"]})
    return qs


_FILTERS = (
    ("programme", "only projects of this programme (its code)"),
    ("project", "only this project (its code)"),
)


# --- column types ------------------------------------------------------------------------------

MAX_FISCAL_YEAR = 2800  # as the meeting form
_MEETING = re.compile(r"^(?:การประชุม)?\s*(?:ครั้งที่)?\s*(\d+)\s*/\s*(?:พ\.?\s*ศ\.?\s*)?(\d{2}|\d{4})$")


@dataclass(frozen=True)
class MeetingNumber(ColumnType):
    """A meeting numbered within its fiscal year: "ครั้งที่ 2/2564" (also "2/2564", "2/64")."""

    def parse(self, raw: Any) -> tuple[int, int] | None:
        text = from_thai_digits(normalize_text("" if raw is None else str(raw)))
        if not text:
            return None
        match = _MEETING.match(text)
        if match is None:
            raise CellError(f'เขียนการประชุมเป็น "ครั้งที่ 2/2564" (ครั้งที่/ปีงบประมาณ พ.ศ.): "{text}"')
        number, year = int(match[1]), int(match[2])
        if year < 100:
            year += 2500
        if number < 1 or not BE_THRESHOLD <= year <= MAX_FISCAL_YEAR:
            raise CellError(f'ครั้งที่ต้องเริ่มจาก 1 และปีเป็น พ.ศ.: "{text}"')
        return number, year

    def to_cell(self, value: Any) -> Any:
        return "" if not value else f"ครั้งที่ {value[0]}/{value[1]}"

    def describe(self) -> str:
        return 'ครั้งที่/ปีงบประมาณ พ.ศ. เช่น "ครั้งที่ 2/2564"'


def _committee_key(name: str) -> str:
    return " ".join(normalize_text(name).split())


def _find_committee(text: str) -> tuple[Committee | None, str]:
    found = list(
        Committee.objects.select_related("organisation").filter(name=_committee_key(text))[:3]
    )
    if len(found) == 1:
        return found[0], ""
    if found:
        names = ", ".join(f"{c.name} ({c.organisation.name})" for c in found)
        return None, f'มีคณะกรรมการชื่อ "{text}" หลายคณะ: {names}'
    return None, f'ไม่พบคณะกรรมการ "{text}" (เพิ่มคณะกรรมการที่หน้าแผนงานหลักก่อน)'


@dataclass(frozen=True)
class _CommitteeRef(ColumnType):
    """A committee by its name (kept in Tidtam: committees are added on the programme page)."""

    def parse(self, raw: Any) -> Committee | None:
        text = ColumnType().parse(raw)
        if not text or text == "-":
            return None
        found, error = _find_committee(text)
        if found is None:
            raise CellError(error)
        return found

    def to_cell(self, value: Any) -> Any:
        return "" if value is None else value.name

    def describe(self) -> str:
        return "ชื่อคณะกรรมการตามที่มีใน Tidtam"


# --- approvals ---------------------------------------------------------------------------------

_DECISION_FIELDS = ("outcome", "amount_requested", "amount_approved", "resolution")
DECISION_LOCKED = "มติที่บันทึกแล้วแก้ไขด้วยการนำเข้าไม่ได้: ถ้าคณะกรรมการเปลี่ยนมติ ให้บันทึกเป็นมติของการประชุมครั้งใหม่"


class DecisionSheet(_FinanceSheet):
    name = "มติคณะกรรมการ"
    title = (
        "มติของคณะกรรมการต่อโครงการ: หนึ่งแถวต่อหนึ่งโครงการในหนึ่งการประชุม "
        "(จับคู่ด้วยรหัสโครงการ คณะกรรมการ และครั้งที่ประชุม)"
    )
    columns = (
        Column(
            "project",
            "รหัสโครงการ",
            project_type(),
            required=True,
            help=PROJECT_CODE_HELP,
            example="CODI-N-2564-LEADERS-P01",
            width=24,
        ),
        Column(
            "committee",
            "คณะกรรมการ",
            _CommitteeRef(),
            required=True,
            width=34,
            example="คณะทำงานพิจารณาโครงการภาคเหนือ",
        ),
        Column(
            "meeting",
            "การประชุม",
            MeetingNumber(),
            required=True,
            example="ครั้งที่ 2/2564",
            width=16,
        ),
        Column(
            "meeting_date",
            "วันที่ประชุม",
            Date(),
            help="ต้องใส่เมื่อเป็นการประชุมที่ยังไม่มีใน Tidtam (ประชุมหลายวัน: ใส่วันแรก)",
            example="20/01/2564",
        ),
        Column(
            "meeting_end",
            "ประชุมถึงวันที่",
            Date(),
            help="วันสุดท้าย เมื่อประชุมหลายวัน",
            example="21/01/2564",
        ),
        Column(
            "outcome",
            "มติ",
            Choice.of(DecisionOutcome.choices),
            required=True,
            example=str(DecisionOutcome.APPROVED.label),
        ),
        Column(
            "amount_requested",
            "งบที่เสนอขอ (บาท)",
            Number(),
            required=True,
            example="1,781,000",
        ),
        Column(
            "amount_approved",
            "งบที่อนุมัติ (บาท)",
            Number(),
            help="ต้องใส่เมื่อมติอนุมัติ (ไม่เกินงบที่เสนอขอ)",
            example="1,781,000",
        ),
        Column("resolution", "ข้อความมติ", ColumnType(multiline=True), width=40),
        Column(
            "approval_date",
            "วันที่อนุมัติ",
            Date(),
            help="เมื่อมติอนุมัติ: วันที่อนุมัติโครงการ (ตรวจกับกรอบงบ แล้วสร้างงวดเงินตามเงื่อนไขของแผนงานหลัก)",
            example="04/02/2564",
        ),
        Column(
            "excess_source",
            "แหล่งเงินส่วนที่เกินกรอบ",
            ColumnType(max_length=500),
            width=30,
            help="เฉพาะเมื่องบที่อนุมัติเกินกรอบงบและแผนงานหลักยอมให้เกินได้",
        ),
    )
    key_columns = ("project", "committee", "meeting")
    error_columns = {
        "dates": "meeting_end",
        "duplicate": "meeting",
        "negative": "amount_requested",
        "amount": "amount_approved",
        "above_asked": "amount_approved",
        "frame_exceeded": "amount_approved",
        "excess_source": "excess_source",
        "date": "approval_date",
    }

    def key(self, values: dict[str, Any]) -> Hashable:
        project, committee = values.get("project"), values.get("committee")
        return (
            project.pk if project else None,
            committee.pk if committee else None,
            values.get("meeting"),
        )

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        projects = {k[0] for k in keys}  # type: ignore[index]
        found: dict[Hashable, Any] = {}
        for d in self._queryset().filter(project_id__in=projects):
            found[
                (d.project_id, d.meeting.committee_id, (d.meeting.number, d.meeting.fiscal_year))
            ] = d
        return found

    @staticmethod
    def _queryset() -> Any:
        return Decision.objects.select_related("project", "meeting__committee", "approval")

    def current(self, record: Decision) -> dict[str, Any]:
        approval = getattr(record, "approval", None)
        meeting = record.meeting
        return {
            "project": record.project,
            "committee": meeting.committee,
            "meeting": (meeting.number, meeting.fiscal_year),
            "meeting_date": meeting.start_date,
            "meeting_end": meeting.end_date,
            "outcome": record.outcome,
            "amount_requested": record.amount_requested,
            "amount_approved": record.amount_approved,
            "resolution": record.resolution,
            "approval_date": approval.approval_date if approval else None,
            "excess_source": approval.excess_source if approval else "",
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.DECIDE, record.meeting) and _may(
            ctx.user, access.Action.DECIDE, record
        )

    @staticmethod
    def _meeting(values: dict[str, Any], ctx: Context) -> CommitteeMeeting:
        committee = values["committee"]
        number, fiscal_year = values["meeting"]
        start, end = values.get("meeting_date"), values.get("meeting_end")
        meeting = CommitteeMeeting.objects.filter(
            committee=committee, fiscal_year=fiscal_year, number=number
        ).first()
        if meeting is None:
            if start is None:
                raise RowRefused(
                    {
                        "meeting_date": [
                            f"การประชุมครั้งที่ {number}/{fiscal_year} ยังไม่มีใน Tidtam: ใส่วันที่ประชุม"
                        ]
                    }
                )
            return services.meeting_create(
                committee,
                fiscal_year=fiscal_year,
                number=number,
                start_date=start,
                end_date=end,
                user=ctx.user,
            )
        _check_meeting_dates(meeting, start, end, given=True)
        return meeting

    def create(self, values: dict[str, Any], ctx: Context) -> Decision:
        project, committee = values["project"], values["committee"]
        if not _may(ctx.user, access.Action.DECIDE, committee):
            raise RowRefused({"committee": ["ไม่มีสิทธิ์บันทึกมติของคณะกรรมการนี้"]})
        if not _may(ctx.user, access.Action.VIEW, project):
            raise RowRefused({"project": [f'ไม่พบโครงการรหัส "{project.code}"']})
        if values.get("excess_source") and not values.get("approval_date"):
            raise RowRefused({"excess_source": ["ใส่ได้เมื่อมีวันที่อนุมัติ"]})
        meeting = self._meeting(values, ctx)
        decision = services.decision_record(
            meeting,
            project,
            outcome=values["outcome"],
            amount_requested=values["amount_requested"],
            amount_approved=values.get("amount_approved"),
            resolution=values.get("resolution") or "",
            user=ctx.user,
        )
        if values.get("approval_date"):
            services.project_approve(
                decision,
                approval_date=values["approval_date"],
                excess_source=values.get("excess_source") or "",
                user=ctx.user,
            )
        return decision

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        errors: dict[str, list[str]] = {}
        for name in _DECISION_FIELDS:
            if name in changes:
                errors[name] = [DECISION_LOCKED]
        if "meeting_date" in changes or "meeting_end" in changes:
            try:
                _check_meeting_dates(
                    record.meeting, values.get("meeting_date"), values.get("meeting_end")
                )
            except RowRefused as exc:
                errors.update(exc.errors)
        approving = "approval_date" in changes or "excess_source" in changes
        approval = getattr(record, "approval", None)
        if approving and approval is not None:
            errors["approval_date"] = [
                f"โครงการอนุมัติแล้วเมื่อ {format_date(approval.approval_date)}: "
                "วันที่อนุมัติและแหล่งเงินส่วนเกินกรอบแก้ไขด้วยการนำเข้าไม่ได้"
            ]
        elif approving and values.get("approval_date") is None:
            errors["excess_source"] = ["ใส่ได้เมื่อมีวันที่อนุมัติ"]
        if errors:
            raise RowRefused(errors)
        if approving:
            services.project_approve(
                record,
                approval_date=values["approval_date"],
                excess_source=values.get("excess_source") or "",
                user=ctx.user,
            )
        return record

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Decision]:
        qs = _filtered(self._queryset(), filters)
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by(
            "project__programme__code",
            "project__code",
            "meeting__fiscal_year",
            "meeting__number",
            "meeting__committee__name",
        )


def _check_meeting_dates(
    meeting: CommitteeMeeting, start: dt.date | None, end: dt.date | None, *, given: bool = False
) -> None:
    """Refuse dates that differ from the recorded meeting's (a blank is "as recorded" for a
    new decision at a recorded meeting)."""
    if given and start is None and end is None:
        return
    errors: dict[str, list[str]] = {}
    recorded = format_date(meeting.start_date)
    if start != meeting.start_date:
        errors["meeting_date"] = [
            f"การประชุม{meeting.number_label} บันทึกไว้วันที่ {recorded}: วันประชุมแก้ไขด้วยการนำเข้าไม่ได้"
        ]
    if end != meeting.end_date and not (end == meeting.start_date and meeting.end_date is None):
        last = format_date(meeting.end_date) if meeting.end_date else "ไม่มี (ประชุมวันเดียว)"
        errors["meeting_end"] = [f"การประชุม{meeting.number_label} บันทึกวันสุดท้ายไว้: {last}"]
    if errors:
        raise RowRefused(errors)


APPROVALS = Kind(
    name="approvals",
    title="มติคณะกรรมการและการอนุมัติโครงการ",
    sheets=(DecisionSheet(),),
    help=(
        "คณะกรรมการต้องมีใน Tidtam แล้ว; การประชุมที่ยังไม่มีจะถูกบันทึกจากวันที่ประชุม; "
        "มติที่บันทึกแล้วแก้ไขด้วยการนำเข้าไม่ได้ (ยกเว้นใส่วันที่อนุมัติให้มติอนุมัติที่ยังไม่ได้ใช้อนุมัติโครงการ)"
    ),
    filters=_FILTERS,
)


# --- tranches ----------------------------------------------------------------------------------


class TrancheSheet(_FinanceSheet):
    name = "งวดเงิน"
    title = "งวดเงินของโครงการที่อนุมัติแล้ว: หนึ่งแถวต่อหนึ่งงวด (จับคู่ด้วยรหัสโครงการและงวดที่)"
    columns = (
        Column(
            "project",
            "รหัสโครงการ",
            project_type(),
            required=True,
            help=PROJECT_CODE_HELP,
            example="CODI-N-2564-LEADERS-P01",
            width=24,
        ),
        Column("number", "งวดที่", Integer(minimum=1), required=True, example="1", width=8),
        Column(
            "planned_amount",
            "จำนวนเงินตามแผน (บาท)",
            Number(),
            required=True,
            example="1,240,000",
            help="ไม่เกินเพดานของงวด; งวดสุดท้ายคือส่วนที่เหลือของงบอนุมัติ (ระบบคำนวณให้)",
        ),
        Column(
            "cap",
            "เพดาน (บาท)",
            Number(),
            help="แสดงอย่างเดียว: ร้อยละของงบอนุมัติตามเงื่อนไขของแผนงานหลัก",
        ),
        Column("deadline", "ต้องเบิกภายใน", Date(), help="แสดงอย่างเดียว"),
    )
    key_columns = ("project", "number")
    read_only = ("cap", "deadline")
    error_columns = dict.fromkeys(
        ("above_cap", "below_transferred", "negative", "last"), "planned_amount"
    )

    def key(self, values: dict[str, Any]) -> Hashable:
        project = values.get("project")
        return (project.pk if project else None, values.get("number"))

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        projects = {k[0] for k in keys}  # type: ignore[index]
        return {
            (t.project_id, t.number): t
            for t in Tranche.objects.filter(project_id__in=projects).select_related("project")
        }

    def current(self, record: Tranche) -> dict[str, Any]:
        return {
            "project": record.project,
            "number": record.number,
            "planned_amount": record.planned_amount,
            "cap": record.cap,
            "deadline": record.deadline,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.CHANGE, record.project, kind=FINANCE)

    def _set(self, tranche: Tranche, amount: Decimal, ctx: Context) -> Tranche:
        tranche.refresh_from_db()
        if tranche.planned_amount == amount:
            return tranche  # e.g. the last tranche, already recomputed from an earlier row
        return services.tranche_amount_set(tranche, amount, user=ctx.user)

    def create(self, values: dict[str, Any], ctx: Context) -> Tranche:
        project = values["project"]
        require_project(
            ctx.user,
            project,
            access.Action.CHANGE,
            "ไม่มีสิทธิ์แก้ไขงวดเงินของโครงการนี้",
            kind=FINANCE,
        )
        tranches = services.tranche_schedule_generate(project, user=ctx.user)
        tranche = next((t for t in tranches if t.number == values["number"]), None)
        if tranche is None:
            raise RowRefused(
                {"number": [f"โครงการ {project.code} มี {len(tranches)} งวดตามเงื่อนไขของแผนงานหลัก"]}
            )
        return self._set(tranche, values["planned_amount"], ctx)

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        return self._set(record, changes["planned_amount"], ctx)

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Tranche]:
        qs = _filtered(Tranche.objects.select_related("project"), filters)
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by("project__programme__code", "project__code", "number")


TRANSFER, REVERSAL = "transfer", "reversal"


@dataclass(frozen=True)
class _EntryKind(Choice):
    """โอน (the default for a blank cell) or กลับรายการ."""

    def parse(self, raw: Any) -> str:
        return super().parse(raw) or TRANSFER


TRANSFER_LOCKED = (
    "รายการโอนที่บันทึกแล้วแก้ไขไม่ได้ ({fields}): ถ้าบันทึกผิด ให้เพิ่มแถวกลับรายการ "
    "(ประเภท “กลับรายการ” จำนวนเงินติดลบ พร้อมเหตุผล) แล้วเพิ่มแถวการโอนที่ถูกต้องเป็นแถวใหม่"
)


class TransferSheet(_FinanceSheet):
    name = "การโอน"
    title = (
        "การโอนเงินตามงวด: หนึ่งแถวต่อหนึ่งรายการ บันทึกแล้วแก้ไขไม่ได้ "
        "(จับคู่ด้วยเลขที่รายการ หรือรหัสโครงการ งวดที่ วันที่โอน เลขที่อ้างอิง และประเภท)"
    )
    columns = (
        Column(
            "id",
            "เลขที่รายการ",
            Integer(minimum=1),
            help="เลขที่ Tidtam ให้แต่ละรายการ (เว้นว่างสำหรับรายการใหม่)",
            width=10,
        ),
        Column(
            "project",
            "รหัสโครงการ",
            project_type(),
            required=True,
            help=PROJECT_CODE_HELP,
            example="CODI-N-2564-LEADERS-P01",
            width=24,
        ),
        Column("tranche", "งวดที่", Integer(minimum=1), required=True, example="1", width=8),
        Column("date", "วันที่โอน", Date(), required=True, example="25/02/2564"),
        Column(
            "amount",
            "จำนวนเงิน (บาท)",
            Number(minimum=None),
            required=True,
            example="1,240,000",
            help="มากกว่าศูนย์; รายการกลับรายการเป็นจำนวนติดลบ",
        ),
        Column(
            "reference",
            "เลขที่อ้างอิง",
            ColumnType(max_length=200),
            width=24,
            help="เลขที่เอกสารการโอน (ใช้แยกรายการที่โอนวันเดียวกัน)",
            example="โอนงวด 1",
        ),
        Column(
            "kind",
            "ประเภท",
            _EntryKind.of(((TRANSFER, "โอน"), (REVERSAL, "กลับรายการ"))),
            help="โอน (ว่าง = โอน) หรือ กลับรายการ เพื่อยกเลิกรายการโอนที่มีเลขที่อ้างอิงเดียวกัน",
        ),
        Column(
            "reason",
            "เหตุผลการกลับรายการ",
            ColumnType(multiline=True),
            width=30,
            help="ต้องใส่เมื่อกลับรายการ",
        ),
    )
    key_columns = ("project", "tranche", "date", "reference", "kind")
    read_only = ("id",)
    error_columns = {
        **dict.fromkeys(("not_positive", "above_cap", "above_tranche", "above_approved"), "amount"),
        "before_approval": "date",
        "report_not_approved": "tranche",
        "reason": "reason",
    }

    def key(self, values: dict[str, Any]) -> Hashable:
        if values.get("id"):
            return ("id", values["id"])
        project = values.get("project")
        return (
            "key",
            project.pk if project else None,
            values.get("tranche"),
            values.get("date"),
            values.get("reference") or "",
            values.get("kind") or TRANSFER,
        )

    def key_text(self, values: dict[str, Any]) -> str:
        text = super().key_text(values)
        return f"{text} (เลขที่รายการ {values['id']})" if values.get("id") else text

    @staticmethod
    def _natural(t: Transfer) -> tuple[Any, ...]:
        kind = REVERSAL if t.reverses_id else TRANSFER
        return ("key", t.project_id, t.tranche.number, t.date, t.reference, kind)

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        """Rows with a number find their transfer by it; rows without one by the natural key,
        when exactly one stored transfer has it (``create`` refuses the ambiguous ones)."""
        ids = [k[1] for k in keys if k[0] == "id"]  # type: ignore[index]
        projects = {k[1] for k in keys if k[0] == "key"}  # type: ignore[index]
        found: dict[Hashable, Any] = {("id", t.pk): t for t in self._queryset().filter(pk__in=ids)}
        by_key: dict[Hashable, list[Transfer]] = {}
        for t in self._queryset().filter(project_id__in=projects):
            by_key.setdefault(self._natural(t), []).append(t)
        found.update({k: ts[0] for k, ts in by_key.items() if len(ts) == 1})
        return found

    @staticmethod
    def _queryset() -> Any:
        return Transfer.objects.select_related("project", "tranche")

    def current(self, record: Transfer) -> dict[str, Any]:
        return {
            "id": record.pk,
            "project": record.project,
            "tranche": record.tranche.number,
            "date": record.date,
            "amount": record.amount,
            "reference": record.reference,
            "kind": REVERSAL if record.reverses_id else TRANSFER,
            "reason": record.reason,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may(ctx.user, access.Action.TRANSFER, record.project, kind=FINANCE)

    def create(self, values: dict[str, Any], ctx: Context) -> Transfer:
        project = values["project"]
        require_project(
            ctx.user,
            project,
            access.Action.TRANSFER,
            "ไม่มีสิทธิ์บันทึกการโอนของโครงการนี้",
            kind=FINANCE,
        )
        if values.get("id"):
            raise RowRefused({"id": [f"ไม่พบรายการโอนเลขที่ {values['id']} (เว้นว่างสำหรับรายการใหม่)"]})
        tranche = Tranche.objects.filter(project=project, number=values["tranche"]).first()
        if tranche is None:
            raise RowRefused({"tranche": [f"โครงการ {project.code} ไม่มีงวดที่ {values['tranche']}"]})
        amount, reference = values["amount"], values.get("reference") or ""
        same = sum(
            1
            for t in self._queryset().filter(
                tranche=tranche, date=values["date"], reference=reference
            )
            if self._natural(t)[-1] == (values.get("kind") or TRANSFER)
        )
        if same:
            raise RowRefused(
                f"มีรายการโอนที่งวด วันที่ เลขที่อ้างอิง และประเภทตรงกับแถวนี้ {same} รายการ: "
                "ใส่เลขที่รายการเพื่อระบุรายการเดิม หรือใช้เลขที่อ้างอิงอื่นสำหรับรายการใหม่"
            )
        if values.get("kind") == REVERSAL:
            return self._reverse(tranche, values, ctx)
        if values.get("reason"):
            raise RowRefused({"reason": ["ใส่เหตุผลเฉพาะรายการกลับรายการ"]})
        return services.tranche_transfer(tranche, amount, values["date"], reference, user=ctx.user)

    @staticmethod
    def _reverse(tranche: Tranche, values: dict[str, Any], ctx: Context) -> Transfer:
        amount, reference = values["amount"], values.get("reference") or ""
        if amount >= 0:
            raise RowRefused({"amount": ["รายการกลับรายการต้องเป็นจำนวนติดลบ"]})
        if not (values.get("reason") or "").strip():
            raise RowRefused({"reason": ["ใส่เหตุผลที่กลับรายการ"]})
        original = (
            Transfer.objects.filter(
                tranche=tranche,
                reverses__isnull=True,
                reversed_by__isnull=True,
                amount=-amount,
                reference=reference,
            )
            .order_by("date", "pk")
            .first()
        )
        if original is None:
            raise RowRefused(
                {
                    "": [
                        f"ไม่พบรายการโอนงวดที่ {tranche.number} จำนวน {_money(-amount)} บาท "
                        f'เลขที่อ้างอิง "{reference}" ที่ยังไม่ได้กลับรายการ'
                    ]
                }
            )
        return services.transfer_reverse(
            original, values["reason"], user=ctx.user, date=values["date"]
        )

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        changed = [col for col in self.columns if col.key in changes]
        fields = ", ".join(col.header for col in changed)
        message = TRANSFER_LOCKED.format(fields=fields)
        if not values.get("id"):
            message += f" (แถวนี้ตรงกับรายการเลขที่ {record.pk}: ถ้าเป็นรายการใหม่ ให้ใช้เลขที่อ้างอิงอื่น)"
        raise RowRefused({changed[0].key: [message]})

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Transfer]:
        qs = _filtered(self._queryset(), filters)
        if user is not None:
            qs = access.scoped(user, qs)
        return qs.order_by("project__programme__code", "project__code", "date", "pk")


TRANCHES = Kind(
    name="tranches",
    title="งวดเงินและการโอน",
    sheets=(TrancheSheet(), TransferSheet()),
    help=(
        "แผ่นงาน “งวดเงิน” นำเข้าก่อน “การโอน”; การโอนที่บันทึกแล้วแก้ไขไม่ได้ "
        "ให้แก้ด้วยแถวกลับรายการ (จำนวนติดลบ พร้อมเหตุผล) แล้วเพิ่มแถวการโอนที่ถูกต้อง"
    ),
    filters=_FILTERS,
)

__all__ = ["APPROVALS", "TRANCHES", "MeetingNumber"]

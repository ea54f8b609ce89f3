"""Spreadsheet kinds "approvals" and "tranches": round trip, one edited cell, refusals that
change nothing, transfers that are never edited."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.imports.helpers import book_of, edit, export_book, find_row, sheet_rows
from tests.projects.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    user_with_grant,
)
from tidtam.accounts.models import Role
from tidtam.finance import services
from tidtam.finance.models import (
    BudgetFrame,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    ProjectApproval,
    Tranche,
    Transfer,
)
from tidtam.imports.engine import run_import
from tidtam.imports.kinds import get_kind
from tidtam.imports.services import import_file
from tidtam.imports.sheets.finance import MeetingNumber
from tidtam.imports.values import CellError, Choice
from tidtam.organisations.models import OrganisationKind
from tidtam.projects.models import Project, ProjectLevel, ProjectStatus

DECISIONS, TRANCHES, TRANSFERS = "มติคณะกรรมการ", "งวดเงิน", "การโอน"
D = Decimal
APPROVED_LABEL = Choice.of(DecisionOutcome.choices).to_cell(DecisionOutcome.APPROVED)


class Money:
    """A programme (frame 1,000,000; policy 70/30), a committee and its meeting 1/2564, and
    projects in Khon Kaen: M-1 approved for 400,000 with 200,000 transferred on tranche 1,
    M-2 with an approving decision (250,000) not yet used, M-3 proposed."""

    def __init__(self) -> None:
        self.owner = OrganisationFactory(
            name="สำนักงานทดสอบเงิน", kind=OrganisationKind.GOVERNMENT_AGENCY, province=None
        )
        self.proposer = OrganisationFactory(name="เครือข่ายทดสอบเงิน")
        self.programme = ProgrammeFactory(
            code="MONEY-T", owner=self.owner, first_fiscal_year=2564, last_fiscal_year=2564
        )
        services.tranche_policy_set(
            self.programme, caps_percent=[70, 30], first_tranche_deadline_months=3
        )
        self.frame = services.budget_frame_create(
            self.programme, fiscal_year=2564, level=ProjectLevel.PROVINCIAL, amount=1_000_000
        )
        self.committee = services.committee_create(name="คณะทดสอบเงิน", organisation=self.owner)
        self.meeting = services.meeting_create(
            self.committee, fiscal_year=2564, number=1, start_date=dt.date(2021, 1, 20)
        )
        self.m1 = self.project("M-1")
        decision = services.decision_record(
            self.meeting,
            self.m1,
            outcome=DecisionOutcome.APPROVED,
            amount_requested=400_000,
            amount_approved=400_000,
            resolution="เห็นชอบ",
        )
        services.project_approve(decision, approval_date=dt.date(2021, 2, 4))
        self.tranche1 = Tranche.objects.get(project=self.m1, number=1)
        services.tranche_transfer(self.tranche1, 200_000, dt.date(2021, 2, 25), "T-1")
        self.m2 = self.project("M-2")
        self.m2_decision = services.decision_record(
            self.meeting,
            self.m2,
            outcome=DecisionOutcome.APPROVED,
            amount_requested=300_000,
            amount_approved=250_000,
        )
        self.m3 = self.project("M-3")

    def project(self, code: str) -> Project:
        return ProjectFactory(
            programme=self.programme,
            code=code,
            proposing_organisation=self.proposer,
            implementing_organisation=self.proposer,
            status=ProjectStatus.PROPOSED,
        )


@pytest.fixture
def money(db):
    return Money()


@pytest.fixture
def admin(db):
    return user_with_grant("admin-f", Role.ADMINISTRATOR)


@pytest.fixture
def officer(money):
    """An area officer of Khon Kaen: may change money data and transfer, may not decide."""
    return user_with_grant("officer-kk", Role.AREA_OFFICER, province_id="40")


@pytest.fixture
def outsider(db):
    return user_with_grant("outsider-cm", Role.AREA_OFFICER, province_id="50")


def snapshot():
    """Every stored value the two kinds can touch, with the number of history rows."""
    return (
        list(
            Decision.objects.order_by("pk").values_list(
                "pk",
                "meeting_id",
                "project_id",
                "outcome",
                "amount_requested",
                "amount_approved",
                "resolution",
            )
        ),
        list(
            CommitteeMeeting.objects.order_by("pk").values_list(
                "pk", "committee_id", "fiscal_year", "number", "start_date", "end_date"
            )
        ),
        list(
            ProjectApproval.objects.order_by("pk").values_list(
                "project_id",
                "decision_id",
                "approved_budget",
                "approval_date",
                "frame_excess",
                "excess_source",
            )
        ),
        list(
            Tranche.objects.order_by("pk").values_list(
                "pk", "project_id", "number", "cap", "planned_amount", "deadline"
            )
        ),
        list(
            Transfer.objects.order_by("pk").values_list(
                "pk", "tranche_id", "date", "amount", "reference", "reverses_id", "reason"
            )
        ),
        list(Project.objects.order_by("pk").values_list("pk", "status")),
        list(BudgetFrame.objects.order_by("pk").values_list("pk", "amount")),
        (
            Decision.history.count(),
            CommitteeMeeting.history.count(),
            ProjectApproval.history.count(),
            Tranche.history.count(),
            Transfer.history.count(),
            Project.history.count(),
        ),
    )


def counts(outcome, sheet):
    return vars(outcome.counts[sheet])


def run(kind: str, data: bytes, user):
    return run_import(get_kind(kind), io.BytesIO(data), f"{kind}.xlsx", user=user)


def import_bytes(kind: str, data: bytes, user):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind}.xlsx"
        path.write_bytes(data)
        return import_file(kind, path, user=user)


def as_dicts(data: bytes, sheet: str) -> list[dict]:
    rows = sheet_rows(data, sheet)
    headers = [str(h).rstrip(" *") for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def row_of(data: bytes, sheet: str, project_code: str) -> int:
    """Return the 1-based data row of the project."""
    return find_row(sheet_rows(data, sheet), "รหัสโครงการ", project_code)


# --- the demo data (seed 003): export then import changes nothing -------------------------------


@pytest.fixture
def demo(db):
    from tidtam.demo import finance as demo_finance

    demo_finance.load()
    return demo_finance


def test_demo_approvals_and_tranches_round_trip_unchanged(demo, admin):
    before = snapshot()
    approvals = export_book("approvals", admin)
    assert len(sheet_rows(approvals, DECISIONS)) == 19
    outcome = run("approvals", approvals, admin)
    assert outcome.problems == []
    assert counts(outcome, DECISIONS) == {"created": 0, "updated": 0, "unchanged": 18, "refused": 0}
    tranches = export_book("tranches", admin)
    outcome = run("tranches", tranches, admin)
    assert outcome.problems == []
    assert counts(outcome, TRANCHES) == {"created": 0, "updated": 0, "unchanged": 36, "refused": 0}
    assert counts(outcome, TRANSFERS) == {"created": 0, "updated": 0, "unchanged": 18, "refused": 0}
    assert snapshot() == before
    first = as_dicts(approvals, DECISIONS)[0]
    assert first == {
        "รหัสโครงการ": "CODI-N-2564-LEADERS-P01",
        "คณะกรรมการ": "คณะทำงานพิจารณาโครงการภาคเหนือ",
        "การประชุม": "ครั้งที่ 2/2564",
        "วันที่ประชุม": "20/01/2564",
        "ประชุมถึงวันที่": "21/01/2564",
        "มติ": APPROVED_LABEL,
        "งบที่เสนอขอ (บาท)": 1781000,
        "งบที่อนุมัติ (บาท)": 1781000,
        "ข้อความมติ": "มีมติเห็นชอบ",
        "วันที่อนุมัติ": "04/02/2564",
        "แหล่งเงินส่วนที่เกินกรอบ": None,
    }
    transfer = as_dicts(tranches, TRANSFERS)[0]
    assert (transfer["วันที่โอน"], transfer["จำนวนเงิน (บาท)"], transfer["ประเภท"]) == (
        "25/02/2564",
        1240000,
        "โอน",
    )


# --- approvals ---------------------------------------------------------------------------------


def test_approvals_round_trip_is_a_no_op(money, admin):
    data = export_book("approvals", admin)
    before = snapshot()
    outcome = run("approvals", data, admin)
    assert outcome.problems == []
    assert counts(outcome, DECISIONS) == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert snapshot() == before


def test_an_approval_date_given_to_an_approving_decision_approves_the_project(
    money, admin, media_dir
):
    data = export_book("approvals", admin)
    row = row_of(data, DECISIONS, "M-2")
    assert as_dicts(data, DECISIONS)[row - 1]["วันที่อนุมัติ"] is None
    before = snapshot()
    outcome, import_run = import_bytes(
        "approvals", edit(data, DECISIONS, [(row, "วันที่อนุมัติ", "10 ก.พ. 2564")]), admin
    )
    assert outcome.problems == []
    assert counts(outcome, DECISIONS) == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    approval = ProjectApproval.objects.get(project=money.m2)
    assert (approval.decision, approval.approved_budget, approval.approval_date) == (
        money.m2_decision,
        D("250000.00"),
        dt.date(2021, 2, 10),
    )
    after = snapshot()
    assert after[0] == before[0]  # the decisions themselves are untouched
    assert after[2] == [*before[2], (money.m2.pk, money.m2_decision.pk, D("250000.00"), dt.date(2021, 2, 10), D("0.00"), "")]  # fmt: skip
    money.m2.refresh_from_db()
    assert money.m2.status == ProjectStatus.APPROVED
    assert [(t.number, t.cap) for t in money.m2.tranches.order_by("number")] == [
        (1, D("175000.00")),
        (2, D("75000.00")),
    ]
    reason = f"นำเข้าไฟล์ #{import_run.pk} approvals.xlsx"
    assert approval.history.get().history_change_reason == reason
    assert approval.history.get().history_user == admin


def test_a_new_decision_at_a_new_meeting_is_recorded_and_approved(money, admin):
    data = book_of(
        DECISIONS,
        [
            ["รหัสโครงการ", "คณะกรรมการ", "การประชุม", "วันที่ประชุม", "มติ", "งบที่เสนอขอ (บาท)",
             "งบที่อนุมัติ (บาท)", "ข้อความมติ", "วันที่อนุมัติ"],
            ["M-3", "คณะทดสอบเงิน", "ครั้งที่ ๒/๒๕๖๔", "3 มี.ค. 64", APPROVED_LABEL, "100,000",
             "90,000.50", "เห็นชอบ ปรับลดงบ", "2021-03-10"],
        ],
    )  # fmt: skip
    outcome = run("approvals", data, admin)
    assert outcome.problems == []
    assert counts(outcome, DECISIONS)["created"] == 1
    meeting = CommitteeMeeting.objects.get(committee=money.committee, number=2)
    assert (meeting.fiscal_year, meeting.start_date, meeting.end_date) == (
        2564,
        dt.date(2021, 3, 3),
        None,
    )
    decision = Decision.objects.get(meeting=meeting)
    assert (decision.project, decision.amount_requested, decision.amount_approved) == (
        money.m3,
        D("100000.00"),
        D("90000.50"),
    )
    assert decision.approval.approval_date == dt.date(2021, 3, 10)
    assert Project.objects.get(pk=money.m3.pk).status == ProjectStatus.APPROVED


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("งบที่อนุมัติ (บาท)", 390_000, "มติที่บันทึกแล้วแก้ไขด้วยการนำเข้าไม่ได้"),
        ("ข้อความมติ", "เห็นชอบในหลักการ", "มติที่บันทึกแล้วแก้ไขด้วยการนำเข้าไม่ได้"),
        ("วันที่ประชุม", "21/01/2564", "บันทึกไว้วันที่ 20 ม.ค. 2564"),
        ("วันที่อนุมัติ", "05/02/2564", "โครงการอนุมัติแล้วเมื่อ 4 ก.พ. 2564"),
        ("การประชุม", "ครั้งที่สอง", "ครั้งที่ 2/2564"),
        ("คณะกรรมการ", "คณะอื่น", 'ไม่พบคณะกรรมการ "คณะอื่น"'),
    ],
)
def test_a_refused_approvals_cell_names_sheet_row_column_and_changes_nothing(
    money, admin, header, value, message
):
    data = export_book("approvals", admin)
    m1 = row_of(data, DECISIONS, "M-1")
    m2 = row_of(data, DECISIONS, "M-2")
    # the good edit of the other row (approving M-2) is not applied either
    data = edit(data, DECISIONS, [(m2, "วันที่อนุมัติ", "10/02/2564"), (m1, header, value)])
    before = snapshot()
    outcome = run("approvals", data, admin)
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(DECISIONS, m1 + 1, header)]
    assert message in outcome.problems[0].message
    assert snapshot() == before


def test_an_approval_above_the_frame_is_refused_with_the_services_message(money, admin):
    data = book_of(
        DECISIONS,
        [
            ["รหัสโครงการ", "คณะกรรมการ", "การประชุม", "มติ", "งบที่เสนอขอ (บาท)",
             "งบที่อนุมัติ (บาท)", "วันที่อนุมัติ"],
            ["M-3", "คณะทดสอบเงิน", "1/2564", "approved", 700_000, 700_000, "01/03/2564"],
        ],
    )  # fmt: skip
    before = snapshot()
    outcome = run("approvals", data, admin)
    assert not outcome.applied
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "งบที่อนุมัติ (บาท)")]
    # 400,000 + 700,000 - 1,000,000 above; 600,000 left
    assert outcome.problems[0].message == (
        "การอนุมัตินี้จะเกินกรอบงบ 100,000 บาท (กรอบงบคงเหลือ 600,000 บาท)"
    )
    assert snapshot() == before


def test_a_new_meeting_needs_its_date(money, admin):
    data = book_of(
        DECISIONS,
        [
            ["รหัสโครงการ", "คณะกรรมการ", "การประชุม", "มติ", "งบที่เสนอขอ (บาท)"],
            ["M-3", "คณะทดสอบเงิน", "ครั้งที่ 5/2564", "rejected", 50_000],
        ],
    )
    before = snapshot()
    outcome = run("approvals", data, admin)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "วันที่ประชุม")]
    assert snapshot() == before


def test_approvals_are_scoped(money, admin, officer, outsider):
    assert len(sheet_rows(export_book("approvals", outsider), DECISIONS)) == 1
    data = export_book("approvals", admin)
    before = snapshot()
    for user in (outsider, officer):  # an area officer may see decisions but not decide
        outcome = run("approvals", data, user)
        assert not outcome.applied
        assert {p.message for p in outcome.problems} == {"ไม่มีสิทธิ์แก้ไขข้อมูลนี้"}
        assert len(outcome.problems) == 2
    assert snapshot() == before


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ครั้งที่ 2/2564", (2, 2564)),
        ("2/2564", (2, 2564)),
        ("ครั้งที่ ๒/๒๕๖๔", (2, 2564)),
        ("ครั้งที่2/64", (2, 2564)),
        ("ครั้งที่ 12 / พ.ศ. 2566", (12, 2566)),
    ],
)
def test_meeting_numbers_people_type(typed, read):
    assert MeetingNumber().parse(typed) == read
    assert MeetingNumber().to_cell(read) == f"ครั้งที่ {read[0]}/{read[1]}"


@pytest.mark.parametrize("typed", ["2564", "ครั้งที่ 0/2564", "2/2020", "2/2900", "ครั้งที่สอง"])
def test_meeting_numbers_are_read_strictly(typed):
    with pytest.raises(CellError):
        MeetingNumber().parse(typed)


# --- tranches ----------------------------------------------------------------------------------


def test_tranches_round_trip_is_a_no_op(money, officer):
    data = export_book("tranches", officer)
    assert [
        (r["รหัสโครงการ"], r["งวดที่"], r["จำนวนเงินตามแผน (บาท)"], r["เพดาน (บาท)"], r["ต้องเบิกภายใน"])
        for r in as_dicts(data, TRANCHES)
    ] == [
        ("M-1", 1, 280000, 280000, "04/05/2564"),
        ("M-1", 2, 120000, 120000, None),
    ]
    before = snapshot()
    outcome = run("tranches", data, officer)
    assert outcome.problems == []
    assert counts(outcome, TRANCHES) == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert counts(outcome, TRANSFERS) == {"created": 0, "updated": 0, "unchanged": 1, "refused": 0}
    assert snapshot() == before


def test_an_edited_tranche_amount_goes_through_the_service(money, officer, media_dir):
    data = export_book("tranches", officer)
    before = snapshot()
    outcome, import_run = import_bytes(
        "tranches", edit(data, TRANCHES, [(1, "จำนวนเงินตามแผน (บาท)", "250,000")]), officer
    )
    assert outcome.problems == []
    assert counts(outcome, TRANCHES) == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    tranches = list(Tranche.objects.filter(project=money.m1).order_by("number"))
    # tranche 1 as typed; the last tranche is the rest of the approved budget (the service)
    assert [(t.cap, t.planned_amount) for t in tranches] == [
        (D("280000.00"), D("250000.00")),
        (D("150000.00"), D("150000.00")),
    ]
    after = snapshot()
    assert after[:3] == before[:3] and after[4:7] == before[4:7]
    latest = tranches[0].history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{import_run.pk} tranches.xlsx"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["planned_amount"]


@pytest.mark.parametrize(
    ("row", "amount", "message"),
    [
        (1, 300_000, "300,000 บาท เกินเพดานงวด 1 (280,000 บาท)"),
        (1, 150_000, "150,000 บาท น้อยกว่ายอดที่โอนไปแล้ว"),
        (2, 100_000, "งวดสุดท้าย"),
        (1, "สองแสน", 'ไม่ใช่ตัวเลข: "สองแสน"'),
    ],
)
def test_a_refused_tranche_amount_changes_nothing(money, officer, row, amount, message):
    data = export_book("tranches", officer)
    before = snapshot()
    outcome = run(
        "tranches", edit(data, TRANCHES, [(row, "จำนวนเงินตามแผน (บาท)", amount)]), officer
    )
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [
        (TRANCHES, row + 1, "จำนวนเงินตามแผน (บาท)")
    ]
    assert message in outcome.problems[0].message
    assert snapshot() == before


def test_a_project_approved_before_its_policy_gets_its_schedule_from_its_first_row(money, officer):
    services.decision_record(
        money.meeting,
        money.m3,
        outcome="approved",
        amount_requested=100_000,
        amount_approved=100_000,
    )
    decision = Decision.objects.get(project=money.m3)
    # no policy when it was approved: no tranches yet
    money.programme.tranche_policy.delete()
    services.project_approve(decision, approval_date=dt.date(2021, 2, 4))
    services.tranche_policy_set(money.programme, caps_percent=[60, 40])
    assert not Tranche.objects.filter(project=money.m3).exists()
    data = book_of(TRANCHES, [["รหัสโครงการ", "งวดที่", "จำนวนเงินตามแผน (บาท)"], ["M-3", 1, 50_000]])
    outcome = run("tranches", data, officer)
    assert outcome.problems == []
    assert counts(outcome, TRANCHES)["created"] == 1
    assert [(t.number, t.cap, t.planned_amount) for t in money.m3.tranches.order_by("number")] == [
        (1, D("60000.00"), D("50000.00")),
        (2, D("50000.00"), D("50000.00")),
    ]


# --- transfers ---------------------------------------------------------------------------------


def transfers_book(*rows):
    header = ["รหัสโครงการ", "งวดที่", "วันที่โอน", "จำนวนเงิน (บาท)", "เลขที่อ้างอิง", "ประเภท",
              "เหตุผลการกลับรายการ"]  # fmt: skip
    return book_of(TRANSFERS, [header, *rows])


def test_a_new_transfer_row_goes_through_the_transfer_service(money, officer, media_dir):
    data = export_book("tranches", officer)
    data = edit(
        data,
        TRANSFERS,
        [(2, "รหัสโครงการ", "M-1"), (2, "งวดที่", 1), (2, "วันที่โอน", "1 มี.ค. 2564"),
         (2, "จำนวนเงิน (บาท)", "๘๐,๐๐๐"), (2, "เลขที่อ้างอิง", "T-2")],
    )  # fmt: skip
    outcome, import_run = import_bytes("tranches", data, officer)
    assert outcome.problems == []
    assert counts(outcome, TRANSFERS) == {"created": 1, "updated": 0, "unchanged": 1, "refused": 0}
    new = Transfer.objects.get(reference="T-2")
    assert (new.tranche, new.date, new.amount, new.created_by) == (
        money.tranche1,
        dt.date(2021, 3, 1),
        D("80000.00"),
        officer,
    )
    assert new.history.get().history_change_reason == f"นำเข้าไฟล์ #{import_run.pk} tranches.xlsx"
    again = run("tranches", data, officer)
    assert counts(again, TRANSFERS)["unchanged"] == 2


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["M-1", 1, "01/03/2564", 80_001, "T-2"],
            "จำนวนเงิน (บาท)",
            "ยอดโอนเกินเพดานงวด 1: เหลือโอนได้ 79,000 บาท จากเพดาน 280,000 บาท",
        ),
        (["M-1", 2, "01/03/2564", 10_000, "T-2"], "", ""),  # later tranche: still within caps
        (["M-1", 1, "01/01/2564", 1_000, "T-2"], "วันที่โอน", "ต้องไม่อยู่ก่อนวันที่อนุมัติ"),
        (["M-1", 3, "01/03/2564", 1_000, "T-2"], "งวดที่", "ไม่มีงวดที่ 3"),
        (["M-2", 1, "01/03/2564", 1_000, "T-2"], "งวดที่", "ไม่มีงวดที่ 1"),
        (["M-1", 1, "31/02/2564", 1_000, "T-2"], "วันที่โอน", "อ่านวันที่ไม่ได้"),
        (["M-1", 1, "01/03/2564", 0, "T-2"], "จำนวนเงิน (บาท)", "ยอดโอนต้องมากกว่าศูนย์บาท"),
    ],
)
def test_transfers_the_service_refuses_change_nothing(money, officer, row, column, message):
    good = ["M-1", 1, "02/03/2564", 1_000, "T-GOOD"]
    before = snapshot()
    outcome = run("tranches", transfers_book(good, row), officer)
    if not message:  # the control case: both rows are fine
        assert outcome.applied and outcome.problems == []
        return
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(TRANSFERS, 3, column)]
    assert message in outcome.problems[0].message
    assert snapshot() == before


@pytest.mark.parametrize(
    ("header", "value"),
    [("จำนวนเงิน (บาท)", 210_000), ("เหตุผลการกลับรายการ", "พิมพ์ผิด")],
)
def test_an_edited_transfer_is_refused_with_the_reversing_entry_message(
    money, officer, header, value
):
    data = export_book("tranches", officer)
    before = snapshot()
    outcome = run("tranches", edit(data, TRANSFERS, [(1, header, value)]), officer)
    assert not outcome.applied
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(TRANSFERS, 2, header)]
    assert outcome.problems[0].message.startswith(f"รายการโอนที่บันทึกแล้วแก้ไขไม่ได้ ({header})")
    assert "กลับรายการ" in outcome.problems[0].message
    assert snapshot() == before


def test_a_reversing_entry_and_the_corrected_transfer(money, officer):
    data = export_book("tranches", officer)
    data = edit(
        data,
        TRANSFERS,
        [(2, "รหัสโครงการ", "M-1"), (2, "งวดที่", 1), (2, "วันที่โอน", "26/02/2564"),
         (2, "จำนวนเงิน (บาท)", -200_000), (2, "เลขที่อ้างอิง", "T-1"),
         (2, "ประเภท", "กลับรายการ"), (2, "เหตุผลการกลับรายการ", "โอนผิดจำนวน"),
         (3, "รหัสโครงการ", "M-1"), (3, "งวดที่", 1), (3, "วันที่โอน", "26/02/2564"),
         (3, "จำนวนเงิน (บาท)", 210_000), (3, "เลขที่อ้างอิง", "T-1b")],
    )  # fmt: skip
    outcome = run("tranches", data, officer)
    assert outcome.problems == []
    assert counts(outcome, TRANSFERS) == {"created": 2, "updated": 0, "unchanged": 1, "refused": 0}
    original = Transfer.objects.get(reference="T-1", reverses=None)
    reversal = original.reversed_by
    assert (reversal.amount, reversal.date, reversal.reason) == (
        D("-200000.00"),
        dt.date(2021, 2, 26),
        "โอนผิดจำนวน",
    )
    assert Transfer.objects.get(reference="T-1b").amount == D("210000.00")
    # the exported file of the result imports as nothing
    again = run("tranches", export_book("tranches", officer), officer)
    assert again.problems == []
    assert counts(again, TRANSFERS) == {"created": 0, "updated": 0, "unchanged": 3, "refused": 0}


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["M-1", 1, "26/02/2564", -200_000, "T-1", "กลับรายการ", ""], "เหตุผลการกลับรายการ", "เหตุผล"),
        (["M-1", 1, "26/02/2564", 200_000, "T-1", "กลับรายการ", "ผิด"], "จำนวนเงิน (บาท)", "ติดลบ"),
        (["M-1", 1, "26/02/2564", -100_000, "T-1", "กลับรายการ", "ผิด"], "", "ไม่พบรายการโอน"),
        (["M-1", 1, "26/02/2564", 1_000, "T-3", "โอน", "ผิด"], "เหตุผลการกลับรายการ", "เฉพาะ"),
    ],
)
def test_refused_reversing_entries_change_nothing(money, officer, row, column, message):
    before = snapshot()
    outcome = run("tranches", transfers_book(row), officer)
    assert not outcome.applied
    assert [(p.row, p.column) for p in outcome.problems] == [(2, column)]
    assert message in outcome.problems[0].message
    assert snapshot() == before


def test_money_rows_are_scoped(money, officer, outsider):
    assert len(sheet_rows(export_book("tranches", outsider), TRANCHES)) == 1
    assert len(sheet_rows(export_book("tranches", outsider), TRANSFERS)) == 1
    data = export_book("tranches", officer)
    before = snapshot()
    outcome = run("tranches", data, outsider)
    assert not outcome.applied
    assert {(p.sheet, p.row, p.message) for p in outcome.problems} == {
        (TRANCHES, 2, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (TRANCHES, 3, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
        (TRANSFERS, 2, "ไม่มีสิทธิ์แก้ไขข้อมูลนี้"),
    }
    # a finance officer may set tranche amounts but not transfer
    finance = user_with_grant("finance-kk", Role.FINANCE_OFFICER, organisation=money.proposer)
    outcome = run("tranches", transfers_book(["M-1", 1, "01/03/2564", 1_000, "T-9"]), finance)
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (2, "รหัสโครงการ", "ไม่มีสิทธิ์บันทึกการโอนของโครงการนี้")
    ]
    assert snapshot() == before


def test_a_reversed_transfer_and_its_same_day_re_entry_round_trip_by_their_numbers(money, officer):
    original = Transfer.objects.get(reference="T-1")
    services.transfer_reverse(original, "โอนผิดจำนวน", date=original.date)
    services.tranche_transfer(money.tranche1, 210_000, original.date, "T-1")
    data = export_book("tranches", officer)
    transfers = as_dicts(data, TRANSFERS)
    assert [(t["เลขที่รายการ"], t["จำนวนเงิน (บาท)"], t["ประเภท"]) for t in transfers] == [
        (original.pk, 200000, "โอน"),
        (original.pk + 1, -200000, "กลับรายการ"),
        (original.pk + 2, 210000, "โอน"),
    ]
    before = snapshot()
    outcome = run("tranches", data, officer)
    assert outcome.problems == []
    assert counts(outcome, TRANSFERS) == {"created": 0, "updated": 0, "unchanged": 3, "refused": 0}
    # without their numbers the two transfers cannot be told apart: nothing is recorded twice
    outcome = run("tranches", transfers_book(["M-1", 1, "25/02/2564", 210_000, "T-1"]), officer)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "")]
    assert "2 รายการ" in outcome.problems[0].message
    # an unknown number is refused, not recorded as a new transfer
    unknown = book_of(
        TRANSFERS,
        [
            ["เลขที่รายการ", "รหัสโครงการ", "งวดที่", "วันที่โอน", "จำนวนเงิน (บาท)"],
            [999, "M-1", 1, "01/03/2564", 1_000],
        ],
    )
    outcome = run("tranches", unknown, officer)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "เลขที่รายการ")]
    assert snapshot() == before


def test_a_new_row_that_matches_a_stored_transfer_with_other_cells_is_refused(money, officer):
    before = snapshot()
    outcome = run("tranches", transfers_book(["M-1", 1, "25/02/2564", 210_000, "T-1"]), officer)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "จำนวนเงิน (บาท)")]
    assert "ใช้เลขที่อ้างอิงอื่น" in outcome.problems[0].message
    assert snapshot() == before


def test_export_queries_do_not_grow_with_the_rows(money, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            export_book("approvals", admin)
            export_book("tranches", admin)
        return len(ctx.captured_queries)

    queries()  # warm the per-user access cache
    few = queries()
    m3 = Decision.objects.create(
        meeting=money.meeting,
        project=money.m3,
        outcome=DecisionOutcome.APPROVED,
        amount_requested=100_000,
        amount_approved=100_000,
    )
    services.project_approve(m3, approval_date=dt.date(2021, 2, 4))
    services.tranche_transfer(
        Tranche.objects.get(project=money.m3, number=1), 10_000, dt.date(2021, 3, 1), "T-3"
    )
    assert queries() == few

"""Scale: the budget-status report of 2,000 projects, in a fixed number of queries and fast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.areas.models import Province
from tidtam.finance import report_formats
from tidtam.finance.models import Decision, DecisionOutcome, ProjectApproval, Tranche, Transfer
from tidtam.finance.selectors import budget_status
from tidtam.projects.models import Project, ProjectLevel, ProjectStatus

from .conftest import Small

pytestmark = pytest.mark.django_db
N = 2000


def _bulk(small: Small) -> None:
    small.frame.amount = Decimal(N * 100_000)
    small.frame.save()
    provinces = list(Province.objects.filter(code__in=[str(c) for c in range(50, 68)]))
    projects = Project.objects.bulk_create(
        Project(
            programme=small.programme, code=f"BULK-{i:05d}", title=f"โครงการที่ {i}",
            level=ProjectLevel.PROVINCIAL, proposing_organisation=small.proposer,
            implementing_organisation=small.proposer, province=provinces[i % len(provinces)],
            status=ProjectStatus.APPROVED,
        )
        for i in range(N)
    )  # fmt: skip
    decisions = Decision.objects.bulk_create(
        Decision(meeting=small.meeting, project=p, outcome=DecisionOutcome.APPROVED,
                 amount_requested=Decimal(100_000), amount_approved=Decimal(100_000))
        for p in projects
    )  # fmt: skip
    ProjectApproval.objects.bulk_create(
        ProjectApproval(project=p, decision=d, frame=small.frame, approved_budget=Decimal(100_000),
                        approval_date=dt.date(2021, 2, 4))
        for p, d in zip(projects, decisions, strict=True)
    )  # fmt: skip
    tranches = Tranche.objects.bulk_create(
        Tranche(project=p, number=n, cap=Decimal(cap), planned_amount=Decimal(cap),
                deadline=dt.date(2021, 5, 4) if n == 1 else None)
        for p in projects for n, cap in ((1, 70_000), (2, 30_000))
    )  # fmt: skip
    Transfer.objects.bulk_create(
        Transfer(tranche=t, project_id=t.project_id, date=dt.date(2021, 3, 1), amount=Decimal(70_000))
        for t in tranches if t.number == 1
    )  # fmt: skip


def test_two_thousand_projects(small):
    """The report for 2,000 projects is a fixed handful of queries (speed lives in make bench)."""
    _bulk(small)
    with CaptureQueriesContext(connection) as queries:
        report = budget_status(small.programme, as_of=dt.date(2021, 4, 19))
        html = report_formats.to_html(report)
    assert len(queries) <= 7
    assert report.grand_total.approved_count == N
    assert report.grand_total.disbursed == Decimal(N * 70_000)
    assert "140,000,000" in html
    workbook = report_formats.to_xlsx(budget_status(small.programme, as_of=dt.date(2021, 4, 19)))
    assert workbook[:2] == b"PK"

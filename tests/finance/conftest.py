"""Fixtures of the finance tests: seed 003's demo programme, a user, a small programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tidtam.accounts.models import User
from tidtam.areas.loading import ensure_areas_loaded
from tidtam.areas.models import Province
from tidtam.finance import services
from tidtam.finance.models import DecisionOutcome
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.projects.models import Programme, Project, ProjectLevel, ProjectStatus


@pytest.fixture
def demo_programme(db):
    """Seed 003's programme loaded by the demo step (through the services)."""
    from tidtam.demo import finance as demo

    demo.load()
    return Programme.objects.get(code=demo.PROGRAMME_CODE)


@pytest.fixture
def officer(db):
    return User.objects.create_user(
        "officer", password="a-strong-pass-2568", display_name="เจ้าหน้าที่"
    )


class Small:
    """A programme with one provincial frame of 1,000,000, a 70/30 policy and one proposed project."""

    def __init__(self, *, allow_excess: bool = False, require_report: bool = False) -> None:
        ensure_areas_loaded()
        self.owner = Organisation.objects.create(
            name="สำนักงานทดสอบ", search_name="สำนักงานทดสอบ", kind=OrganisationKind.GOVERNMENT_AGENCY
        )
        self.proposer = Organisation.objects.create(
            name="เครือข่ายทดสอบ", search_name="เครือข่ายทดสอบ", kind=OrganisationKind.NETWORK
        )
        self.programme = Programme.objects.create(
            code="TEST-2564",
            name="แผนงานทดสอบ",
            owner=self.owner,
            first_fiscal_year=2564,
            last_fiscal_year=2564,
        )
        services.tranche_policy_set(
            self.programme,
            caps_percent=[70, 30],
            first_tranche_deadline_months=3,
            allow_frame_excess=allow_excess,
            require_previous_report=require_report,
        )
        self.frame = services.budget_frame_create(
            self.programme, fiscal_year=2564, level=ProjectLevel.PROVINCIAL, amount=1_000_000
        )
        committee = services.committee_create(name="คณะทดสอบ", organisation=self.owner)
        self.meeting = services.meeting_create(
            committee, fiscal_year=2564, number=1, start_date=dt.date(2021, 1, 20)
        )
        self.count = 0

    def project(self, status: str = ProjectStatus.PROPOSED) -> Project:
        self.count += 1
        return Project.objects.create(
            programme=self.programme,
            code=f"TEST-{self.count:03d}",
            title=f"โครงการทดสอบ {self.count}",
            level=ProjectLevel.PROVINCIAL,
            proposing_organisation=self.proposer,
            implementing_organisation=self.proposer,
            province=Province.objects.get(code="50"),
            status=status,
        )

    def approved_project(self, amount: int = 100_000) -> Project:
        project = self.project()
        decision = services.decision_record(
            self.meeting,
            project,
            outcome=DecisionOutcome.APPROVED,
            amount_requested=amount,
            amount_approved=amount,
        )
        services.project_approve(decision, approval_date=dt.date(2021, 2, 4))
        project.refresh_from_db()
        return project


@pytest.fixture
def small(db):
    return Small()


D = Decimal

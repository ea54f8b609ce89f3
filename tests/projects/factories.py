"""Factories for the projects core; other test packages may import them.

Areas come from the areas migrations (real DOPA codes: "40" ขอนแก่น). Objects are built
directly (fast); tests of a workflow call the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Province
from tidtam.areas.names import organisation_key
from tidtam.organisations.models import Organisation, OrganisationKind, Person
from tidtam.projects.models import (
    Activity,
    ActivityMonth,
    CountSource,
    ParticipantCount,
    PlannedOutput,
    Programme,
    Project,
    ProjectLevel,
    ProjectStatus,
    ReportingPeriod,
    Session,
    WorkPlan,
)

PASSWORD = "correct-horse-battery-9"
KHON_KAEN = "40"


def user_with_grant(username: str, role: Role | str | None = None, **scope: Any) -> User:
    """Create a user with one grant of ``role`` over ``scope`` (none: the whole country)."""
    user = User.objects.create_user(username, password=PASSWORD, display_name=username)
    if role is not None:
        Grant.objects.create(user=user, role=role, **scope)
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"องค์กรทดสอบโครงการ {n}")
    search_name = factory.LazyAttribute(lambda o: organisation_key(o.name))
    kind = OrganisationKind.ASSOCIATION
    province = factory.LazyFunction(lambda: Province.objects.get(code=KHON_KAEN))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = Person.Title.MRS
    first_name = factory.Sequence(lambda n: f"ทีม{n}")
    last_name = "ทดสอบ"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PRG-{n}")
    name = factory.Sequence(lambda n: f"แผนงานทดสอบ {n}")
    owner = factory.SubFactory(OrganisationFactory)
    funder = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.FUNDER, province=None)
    first_fiscal_year = 2566
    last_fiscal_year = 2567


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"PRJ-{n}")
    title = factory.Sequence(lambda n: f"โครงการทดสอบ {n}")
    level = ProjectLevel.PROVINCIAL
    proposing_organisation = factory.SubFactory(OrganisationFactory)
    implementing_organisation = factory.SelfAttribute("proposing_organisation")
    province = factory.LazyFunction(lambda: Province.objects.get(code=KHON_KAEN))
    start_date = dt.date(2023, 2, 1)
    end_date = dt.date(2023, 12, 31)
    status = ProjectStatus.DRAFT


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"แผนงานที่ {n + 1}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(WorkPlanFactory)
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"กิจกรรมทดสอบ {n}")
    planned_sessions = 3


def months(activity: Activity, *pairs: tuple[int, int], rescheduled: bool = False) -> None:
    """Give ``activity`` planned (or rescheduled) months as (CE year, month) pairs."""
    for year, month in pairs:
        ActivityMonth.objects.create(
            activity=activity, year=year, month=month, rescheduled=rescheduled
        )


class PlannedOutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedOutput

    activity = factory.SubFactory(ActivityFactory)
    description = "รายงานการสรุปการประชุม"
    quantity = 3
    unit = "ครั้ง"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    project = factory.LazyAttribute(lambda o: o.activity.plan.project)
    start_date = dt.date(2023, 3, 10)
    place = "บ้านโฮมแสนสุข อ.เมือง จ.ขอนแก่น"


class ParticipantCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantCount

    session = factory.SubFactory(SessionFactory)
    source = CountSource.ENTRY
    total = 10
    men = 4
    women = 6


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    project = factory.SubFactory(ProjectFactory)
    start = dt.date(2023, 2, 1)
    end = dt.date(2023, 9, 30)

"""Fixtures of the results tests: the head office, CODI's regions, an analyst and regional officers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region
from tidtam.areas.names import organisation_key
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.results import services
from tidtam.results.models import Indicator, IndicatorLevel

CODI = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"
PASSWORD = "a-strong-pass-2568"


def make_user(username: str, role: str | None = None, region: Region | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, display_name=username)
    if role:
        Grant.objects.create(user=user, role=role, region=region)
    return user


@pytest.fixture
def codi(db) -> Organisation:
    return Organisation.objects.create(
        name=CODI,
        search_name=organisation_key(CODI),
        short_name="พอช.",
        kind=OrganisationKind.GOVERNMENT_AGENCY,
    )


@pytest.fixture
def regions(db) -> dict[str, Region]:
    found = {r.code: r for r in Region.objects.filter(grouping__is_default=True)}
    assert set(found) == {"north", "northeast", "south", "central_west", "bangkok_east"}
    return found


@pytest.fixture
def analyst(db) -> User:
    return make_user("analyst", Role.ANALYST)


@pytest.fixture
def north_officer(regions) -> User:
    return make_user("north", Role.AREA_OFFICER, regions["north"])


@pytest.fixture
def south_officer(regions) -> User:
    return make_user("south", Role.AREA_OFFICER, regions["south"])


@pytest.fixture
def make_indicator(codi, analyst):
    def make(code: str = "1", name: str = "จำนวนชุมชน", **fields) -> Indicator:
        fields.setdefault("unit", "ชุมชน")
        return services.indicator_save(
            analyst,
            None,
            level=IndicatorLevel.ORGANISATION,
            organisation=codi,
            owner=codi,
            code=code,
            name=name,
            **fields,
        )

    return make


def targets(user, indicator, fiscal_year, values, region=None):
    """Set quarterly targets Q1..Q4 (None = skip)."""
    for quarter, value in enumerate(values, 1):
        if value is not None:
            services.target_set(
                user, indicator, fiscal_year, quarter, Decimal(value), region=region
            )

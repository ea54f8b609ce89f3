"""A small two-sided world for access tests.

Each side has its own region (in a test grouping), province, district, subdistrict, a network
organisation with a member organisation, a funder, a programme and a project (proposed and
implemented by the member). ``world.user(role, "a")`` gives a user with one grant of ``role``
scoped to side A (organisation, region or funder, as the role suggests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import (
    District,
    Province,
    Region,
    RegionGrouping,
    RegionProvince,
    Subdistrict,
)
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.projects.models import Programme, Project, ProjectLevel

PASSWORD = "correct-horse-battery-9"


@dataclass
class Side:
    region: Region
    province: Province
    district: District
    subdistrict: Subdistrict
    organisation: Organisation
    member: Organisation
    funder: Organisation
    programme: Programme
    project: Project


@dataclass
class World:
    a: Side
    b: Side
    grouping: RegionGrouping
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: Role | str, scope: str = "a") -> User:
        """Return (creating once) a user with ``role`` scoped to side ``scope`` or "country"."""
        key = f"{Role(role).value}-{scope}"
        if key not in self.users:
            user = User.objects.create_user(key, password=PASSWORD, display_name=key)
            Grant.objects.create(user=user, role=role, **self.scope_kwargs(Role(role), scope))
            self.users[key] = user
        return self.users[key]

    def superuser(self) -> User:
        """Return (creating once) a superuser."""
        if "root" not in self.users:
            self.users["root"] = User.objects.create_superuser("root-world", password=PASSWORD)
        return self.users["root"]

    def scope_kwargs(self, role: Role, scope: str) -> dict[str, Any]:
        if scope == "country":
            return {}
        side = self.a if scope == "a" else self.b
        if role == Role.FUNDER:
            return {"organisation": side.funder}
        if role in (Role.AREA_OFFICER, Role.COMMITTEE_MEMBER):
            return {"region": side.region}
        if role in (Role.ANALYST, Role.AUDITOR, Role.ADMINISTRATOR):
            return {"region": side.region}
        return {"organisation": side.organisation}


def _side(grouping: RegionGrouping, tag: str, pcode: str, region_code: str, name: str) -> Side:
    region, _ = Region.objects.get_or_create(
        grouping=grouping, code=region_code, defaults={"name_th": f"ภาค{tag}", "name_en": tag}
    )
    province, _ = Province.objects.get_or_create(
        code=pcode, defaults={"name_th": f"จังหวัด{tag}", "name_en": f"Province {tag}"}
    )
    RegionProvince.objects.get_or_create(grouping=grouping, province=province, region=region)
    district, _ = District.objects.get_or_create(
        code=f"{pcode}01", province=province, defaults={"name_th": f"อำเภอ{tag}", "name_en": tag}
    )
    subdistrict, _ = Subdistrict.objects.get_or_create(
        code=f"{pcode}0101",
        district=district,
        province=province,
        defaults={"name_th": f"ตำบล{tag}", "name_en": tag},
    )
    organisation = Organisation.objects.create(
        name=name, search_name=name, kind=OrganisationKind.NETWORK, province=province
    )
    member = Organisation.objects.create(
        name=f"สมาชิก {name}",
        search_name=f"สมาชิก{name}",
        kind=OrganisationKind.COMMUNITY_ORGANISATION,
        province=province,
        parent=organisation,
    )
    funder = Organisation.objects.create(
        name=f"ผู้ให้ทุน {tag}", search_name=f"ผู้ให้ทุน{tag}", kind=OrganisationKind.FUNDER
    )
    programme = Programme.objects.create(
        code=f"PG-{tag}",
        name=f"แผนงาน {tag}",
        funder=funder,
        owner=organisation,
        region=region,
        first_fiscal_year=2566,
        last_fiscal_year=2567,
    )
    project = Project.objects.create(
        programme=programme,
        code=f"P-{tag}",
        title=f"โครงการทดสอบ {tag}",
        level=ProjectLevel.PROVINCIAL,
        proposing_organisation=member,
        implementing_organisation=member,
        province=province,
    )
    return Side(
        region, province, district, subdistrict, organisation, member, funder, programme, project
    )


def build_world() -> World:
    """Create both sides (call inside a test with database access)."""
    grouping, _ = RegionGrouping.objects.get_or_create(
        code="test-codi", defaults={"name_th": "ภาคทดสอบ", "name_en": "test"}
    )
    a = _side(grouping, "เหนือทดสอบ", "91", "north-test", "เครือข่ายเอ")
    b = _side(grouping, "อีสานทดสอบ", "92", "northeast-test", "เครือข่ายบี")
    return World(a=a, b=b, grouping=grouping)

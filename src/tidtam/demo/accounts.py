"""Demo step: one account per role, with scopes that make sense for the demo data.

``load`` creates the accounts (it runs first); ``load_grants`` gives them their roles and
runs last, once the organisations and regions exist. Both are idempotent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region
from tidtam.areas.names import organisation_key
from tidtam.demo.steps import DemoLogin
from tidtam.organisations.models import Organisation

logger = logging.getLogger("tidtam.demo")

ADMIN_PASSWORD = "tidtam-admin-2568"
CONSUMERS_KHON_KAEN = "สมาคมผู้บริโภคจังหวัดขอนแก่น"
EU = "สหภาพยุโรป"
REGION_NAMES = {"north": "ภาคเหนือ (พอช.)", "northeast": "ภาคอีสาน (พอช.)"}


@dataclass(frozen=True)
class DemoAccount:
    """A demo account: its role and scope (a CODI region code, an organisation name, or the country)."""

    username: str
    password: str
    display_name: str
    role: Role
    region: str = ""  # region code in the default (CODI) grouping
    organisation: str = ""  # organisation name as in the demo data

    @property
    def scope_label(self) -> str:
        if self.region:
            return REGION_NAMES.get(self.region, self.region)
        return self.organisation or "ทั้งประเทศ"


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "north_officer", "tidtam-north-2568", "เจ้าหน้าที่ภาคเหนือ", Role.AREA_OFFICER, region="north"
    ),
    DemoAccount(
        "isan_officer", "tidtam-isan-2568", "เจ้าหน้าที่ภาคอีสาน", Role.AREA_OFFICER, region="northeast"
    ),
    DemoAccount(
        "committee_north",
        "tidtam-committee-2568",
        "กรรมการพิจารณาโครงการภาคเหนือ",
        Role.COMMITTEE_MEMBER,
        region="north",
    ),
    DemoAccount(
        "kk_coordinator",
        "tidtam-khonkaen-2568",
        "ผู้ประสานงานโครงการ ขอนแก่น",
        Role.COORDINATOR,
        organisation=CONSUMERS_KHON_KAEN,
    ),
    DemoAccount(
        "kk_field",
        "tidtam-field-2568",
        "อาสาสมัครภาคสนาม ขอนแก่น",
        Role.FIELD_STAFF,
        organisation=CONSUMERS_KHON_KAEN,
    ),
    DemoAccount(
        "kk_finance",
        "tidtam-finance-2568",
        "เจ้าหน้าที่การเงินโครงการ ขอนแก่น",
        Role.FINANCE_OFFICER,
        organisation=CONSUMERS_KHON_KAEN,
    ),
    DemoAccount("analyst", "tidtam-analyst-2568", "นักวิเคราะห์ สำนักนโยบายและแผน", Role.ANALYST),
    DemoAccount("funder_eu", "tidtam-funder-2568", "ผู้ให้ทุน สหภาพยุโรป", Role.FUNDER, organisation=EU),
    DemoAccount("auditor", "tidtam-auditor-2568", "ผู้ตรวจสอบภายใน", Role.AUDITOR),
)


def _user(username: str, password: str, display_name: str, **extra: bool) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, **extra}
    )
    if created:
        user.set_password(password)
        user.save()
    return user


def load() -> list[DemoLogin]:
    """Create (once) the administrator and one account per role; their grants come later."""
    _user("admin", ADMIN_PASSWORD, "ผู้ดูแลระบบ", is_staff=True, is_superuser=True)
    logins = [DemoLogin("ผู้ดูแลระบบ (administrator)", "admin", ADMIN_PASSWORD, "ทั้งประเทศ")]
    for account in ACCOUNTS:
        _user(account.username, account.password, account.display_name)
        logins.append(
            DemoLogin(
                f"{account.display_name} ({account.role.label})",
                account.username,
                account.password,
                account.scope_label,
            )
        )
    return logins


def _scope(account: DemoAccount) -> dict[str, object] | None:
    if account.region:
        region = Region.objects.filter(grouping__is_default=True, code=account.region).first()
        if region is None:
            logger.warning(
                "demo: region %s not loaded; %s has no grant", account.region, account.username
            )
            return None
        return {"region": region}
    if account.organisation:
        organisation = (
            Organisation.objects.filter(search_name=organisation_key(account.organisation))
            .order_by("pk")
            .first()
            or Organisation.objects.filter(name=account.organisation).order_by("pk").first()
        )
        if organisation is None:
            logger.warning(
                "demo: organisation %s not loaded; %s has no grant",
                account.organisation,
                account.username,
            )
            return None
        return {"organisation": organisation}
    return {}


def load_grants() -> list[DemoLogin]:
    """Give each demo account its role and scope (skipping, with a warning, what is missing)."""
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        scope = _scope(account) if user is not None else None
        if user is None or scope is None:
            continue
        lookup = dict.fromkeys(Grant.SCOPE_FIELDS) | scope
        if not Grant.objects.filter(user=user, role=account.role, **lookup).exists():
            Grant.objects.create(user=user, role=account.role, **scope)
    return []

"""How organisations, people and memberships are scoped (read by tidtam.accounts.access)."""

from __future__ import annotations

from tidtam.accounts import access
from tidtam.accounts.access import DataKind
from tidtam.organisations.models import Membership, Organisation, Person

# An organisation belongs to itself (organisation grants; a network's grant covers its
# members), to the province it is based in and to the areas it works in. A funder's grant
# covers the funder organisation itself.
access.register(
    Organisation,
    organisations=("",),
    provinces=("province", "working_provinces"),
    districts=("working_districts",),
    subdistricts=("working_subdistricts",),
    funders=("",),
    kind=DataKind.REFERENCE,
)
# A person belongs to the organisations they are a member of (and so to their provinces).
access.register(
    Person,
    organisations=("memberships__organisation",),
    provinces=("memberships__organisation__province",),
    kind=DataKind.REFERENCE,
    personal_fields=("phone", "email", "line_id"),
)
access.register(
    Membership,
    organisations=("organisation",),
    provinces=("organisation__province",),
    kind=DataKind.REFERENCE,
)


def may_add_organisation(
    user: object, *, province: object | None, parent: Organisation | None
) -> bool:
    """Return True when ``user`` may create an organisation in ``province`` under ``parent``.

    Under a parent: whoever may change the parent (a network's staff add its members).
    Otherwise: a grant that may change reference data over the whole country, or over an area
    that contains ``province`` (a national body, with no province, needs the whole country).
    """
    if access.is_administrator(user):
        return True
    if parent is not None:
        return access.can(user, access.Action.CHANGE, parent)
    code = getattr(province, "code", None)
    for grant in access.grants_of(user):
        if not access.role_may(grant.role, access.Action.CHANGE, DataKind.REFERENCE):
            continue
        if grant.scope_kind == access.ScopeKind.COUNTRY:
            return True
        if code is not None and code in grant.province_codes:
            return True
    return False

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

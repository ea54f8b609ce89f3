"""Reads of the organisations app, always scoped to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.areas.names import normalize_name, organisation_key
from tidtam.areas.selectors import name_search
from tidtam.organisations.models import Membership, Organisation, Person

__all__ = [
    "OrganisationDetail",
    "PersonDetail",
    "organisation_detail",
    "organisation_list",
    "person_detail",
    "person_list",
]


def organisation_list(
    user: Any,
    *,
    query: str = "",
    kind: str = "",
    province: str = "",
    include_inactive: bool = False,
) -> QuerySet[Organisation]:
    """Return the organisations ``user`` may see, by name, with their province and member count.

    ``query`` matches the name or short name Thai-aware (every word, "จ." = "จังหวัด");
    ``province`` matches the home province or a working province.
    """
    qs = access.scoped(user, Organisation.objects.all())
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(
            pk__in=Organisation.objects.filter(
                Q(province_id=province) | Q(working_provinces=province)
            ).values("pk")
        )
    if query:
        by_name = name_search(qs, query, organisation_key)
        short = qs.filter(short_name__iexact=query.strip())
        qs = qs.filter(Q(pk__in=by_name.values("pk")) | Q(pk__in=short.values("pk")))
    return (
        qs.select_related("province", "parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("search_name", "pk")
    )


@dataclass(frozen=True)
class OrganisationDetail:
    """What the organisation page shows: the organisation, its parent and members the user may
    see, its memberships (people and roles) and its working areas."""

    organisation: Organisation
    parent: Organisation | None
    children: list[Organisation]
    memberships: list[Membership]
    working_provinces: list[Any]
    working_districts: list[Any]
    working_subdistricts: list[Any]


def organisation_detail(user: Any, organisation: Organisation) -> OrganisationDetail:
    """Return the organisation page's data; the parent and members are only those ``user`` may see."""
    parent = None
    if organisation.parent_id is not None:
        parent = access.scoped(user, Organisation.objects.filter(pk=organisation.parent_id)).first()
    children = list(
        access.scoped(user, Organisation.objects.filter(parent=organisation)).order_by(
            "search_name"
        )
    )
    memberships = list(
        organisation.memberships.select_related("person").order_by(
            "end_date", "person__first_name", "role"
        )
    )
    return OrganisationDetail(
        organisation=organisation,
        parent=parent,
        children=children,
        memberships=memberships,
        working_provinces=list(organisation.working_provinces.order_by("code")),
        working_districts=list(
            organisation.working_districts.select_related("province").order_by("code")
        ),
        working_subdistricts=list(
            organisation.working_subdistricts.select_related("district__province").order_by("code")
        ),
    )


def person_list(user: Any, *, query: str = "", organisation: str = "") -> QuerySet[Person]:
    """Return the people ``user`` may see, by first name; ``query`` matches names Thai-aware."""
    qs = access.scoped(user, Person.objects.all())
    if organisation:
        qs = qs.filter(
            pk__in=Membership.objects.filter(organisation_id=organisation).values("person")
        )
    for word in normalize_name(query).split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("first_name", "last_name", "pk")


@dataclass(frozen=True)
class PersonDetail:
    """What the person page shows: the person, whether personal data may be shown, and their
    memberships in organisations the user may see."""

    person: Person
    show_personal: bool
    memberships: list[Membership]


def person_detail(user: Any, person: Person) -> PersonDetail:
    """Return the person page's data: memberships only in organisations ``user`` may see."""
    visible = access.scoped(user, Organisation.objects.all()).values("pk")
    memberships = list(
        person.memberships.filter(organisation__in=visible)
        .select_related("organisation")
        .order_by("end_date", "organisation__search_name")
    )
    return PersonDetail(
        person=person,
        show_personal=access.can(user, Action.VIEW_PERSONAL, person),
        memberships=memberships,
    )

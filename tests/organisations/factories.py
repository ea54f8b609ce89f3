"""Factories for organisations, people and memberships, and users with a grant.

Other test packages may import these. Organisations get a search key computed the same way
as the services compute it.
"""

from __future__ import annotations

from typing import Any

import factory

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.names import organisation_key
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person

PASSWORD = "correct-horse-battery-9"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"เครือข่ายทดสอบ {n}")
    search_name = factory.LazyAttribute(lambda o: organisation_key(o.name))
    kind = OrganisationKind.NETWORK
    province = None

    @factory.post_generation
    def working_provinces(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.working_provinces.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = Person.Title.MISS
    first_name = factory.Sequence(lambda n: f"สมใจ{n}")
    last_name = "ใจดี"
    phone = "081 234 5678"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    line_id = factory.Sequence(lambda n: f"line-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "สมาชิก"


def user_with_grant(username: str, role: Role | str | None = None, **scope: Any) -> User:
    """Create a user (password ``PASSWORD``) with one grant of ``role`` over ``scope``.

    ``scope`` is one of organisation=, province=, district=, subdistrict=, region=; none
    means the whole country. ``role=None`` creates a user without any grant.
    """
    user = User.objects.create_user(username, password=PASSWORD, display_name=username)
    if role is not None:
        Grant.objects.create(user=user, role=role, **scope)
    return user

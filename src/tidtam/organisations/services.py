"""Writes of the organisations app: organisations, people and their memberships.

Every function validates, normalises Thai names, computes search keys and saves in a
transaction; the audit trail (django-simple-history) records who changed what. A refused
change raises ValidationError with per-field messages and saves nothing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import District, Province, Subdistrict
from tidtam.areas.names import normalize_name, organisation_key
from tidtam.organisations.models import Membership, Organisation, Person

__all__ = [
    "membership_add",
    "membership_remove",
    "membership_update",
    "organisation_create",
    "organisation_get_or_create",
    "organisation_update",
    "person_create",
    "person_update",
    "split_person_name",
]

_ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "province",
    "address",
    "phone",
    "email",
    "website",
    "notes",
    "is_active",
)
_ORGANISATION_AREAS = ("working_provinces", "working_districts", "working_subdistricts")
_PERSON_FIELDS = ("title", "first_name", "last_name", "phone", "email", "line_id", "expertise")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Titles as people write them before a name, longest first ("นางสาว" before "นาง").
_TITLES = sorted((t.value for t in Person.Title if t.value), key=len, reverse=True)
_TITLE_ALIASES = {"น.ส.": "นางสาว", "นส.": "นางสาว"}


def _stamp(obj: Any, by: Any, reason: str = "") -> None:
    if by is not None:
        obj._history_user = by
    if reason:
        obj._change_reason = reason


def _would_loop(organisation: Organisation, parent: Organisation | None) -> bool:
    seen: set[int] = set()
    current = parent
    while current is not None:
        if organisation.pk is not None and current.pk == organisation.pk:
            return True
        if current.pk in seen:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def _check_organisation(organisation: Organisation) -> None:
    errors: dict[str, list[Any]] = {}
    if not organisation.search_name:
        errors.setdefault("name", []).append(_("Enter the organisation's name."))
    if organisation.parent_id is not None and _would_loop(organisation, organisation.parent):
        errors.setdefault("parent", []).append(
            _("An organisation cannot be a member of itself or of one of its own members.")
        )
    if organisation.search_name:
        same = Organisation.objects.filter(search_name=organisation.search_name).exclude(
            pk=organisation.pk
        )
        same = (
            same.filter(province_id=organisation.province_id)
            if organisation.province_id
            else same.filter(province__isnull=True)
        )
        if same.exists():
            errors.setdefault("name", []).append(
                _("An organisation with this name already exists in this province.")
            )
    if errors:
        raise ValidationError(errors)


def _save_organisation(organisation: Organisation, by: Any) -> Organisation:
    organisation.name = normalize_name(organisation.name)
    organisation.short_name = normalize_name(organisation.short_name)
    organisation.phone = organisation.phone.translate(_THAI_DIGITS).strip()
    organisation.search_name = organisation_key(organisation.name)
    _check_organisation(organisation)
    organisation.full_clean(exclude=["search_name"], validate_unique=False)
    _stamp(organisation, by)
    organisation.save()
    return organisation


def _set_areas(organisation: Organisation, areas: dict[str, Iterable[Any] | None]) -> None:
    for name, values in areas.items():
        if values is not None:
            getattr(organisation, name).set(list(values))


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    short_name: str = "",
    parent: Organisation | None = None,
    province: Province | None = None,
    working_provinces: Iterable[Province] = (),
    working_districts: Iterable[District] = (),
    working_subdistricts: Iterable[Subdistrict] = (),
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    notes: str = "",
    by: Any = None,
) -> Organisation:
    """Create an organisation with its working areas.

    Refuses an empty name, a name already used in the same province (compared as
    ``organisation_key`` gives it, so "จ.ขอนแก่น" = "จังหวัดขอนแก่น") and an unknown kind.
    """
    organisation = Organisation(
        name=name,
        kind=kind,
        short_name=short_name,
        parent=parent,
        province=province,
        address=address,
        phone=phone,
        email=email,
        website=website,
        notes=notes,
    )
    _save_organisation(organisation, by)
    _set_areas(
        organisation,
        {
            "working_provinces": working_provinces,
            "working_districts": working_districts,
            "working_subdistricts": working_subdistricts,
        },
    )
    return organisation


@transaction.atomic
def organisation_update(
    organisation: Organisation, *, by: Any = None, **changes: Any
) -> Organisation:
    """Change an organisation's fields and, when given, its working areas (replaced whole).

    Refuses a parent that would make a loop (a network inside one of its own members).
    """
    unknown = set(changes) - set(_ORGANISATION_FIELDS) - set(_ORGANISATION_AREAS)
    if unknown:
        raise TypeError(f"organisation_update: unknown fields {sorted(unknown)}")
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name in _ORGANISATION_FIELDS:
        if name in changes:
            setattr(locked, name, changes[name])
    _save_organisation(locked, by)
    _set_areas(locked, {name: changes.get(name) for name in _ORGANISATION_AREAS})
    return locked


@transaction.atomic
def organisation_get_or_create(
    *, name: str, kind: str, province: Province | None = None, **defaults: Any
) -> tuple[Organisation, bool]:
    """Return the organisation with this name (as a key) in this province, creating it if needed.

    For importers and the demo: an existing organisation is returned unchanged.
    """
    key = organisation_key(name)
    existing = Organisation.objects.filter(search_name=key)
    existing = (
        existing.filter(province=province) if province else existing.filter(province__isnull=True)
    )
    found = existing.first()
    if found is not None:
        return found, False
    return organisation_create(name=name, kind=kind, province=province, **defaults), True


def split_person_name(text: str) -> tuple[str, str, str]:
    """Split "นางสาวสมถวิล พิมพ์ทักษ์" into (title, first name, last name).

    Reads the titles of ``Person.Title`` and "น.ส."; a title not in the list stays in the first
    name. The last name is everything after the first space.
    """
    text = normalize_name(text)
    title = ""
    for alias, full in _TITLE_ALIASES.items():
        if text.startswith(alias):
            title, text = full, text[len(alias) :].strip()
            break
    else:
        for candidate in _TITLES:
            if text.startswith(candidate):
                title, text = candidate, text[len(candidate) :].strip()
                break
    first, _space, last = text.partition(" ")
    return title, first, last.strip()


def _save_person(person: Person, by: Any) -> Person:
    person.first_name = normalize_name(person.first_name)
    person.last_name = normalize_name(person.last_name)
    person.phone = re.sub(r"\s+", " ", person.phone.translate(_THAI_DIGITS)).strip()
    person.line_id = person.line_id.strip()
    person.expertise = ", ".join(
        t for t in (normalize_name(x) for x in person.expertise.split(",")) if t
    )
    errors: dict[str, list[Any]] = {}
    if not person.first_name:
        errors.setdefault("first_name", []).append(_("Enter the person's first name."))
    if errors:
        raise ValidationError(errors)
    person.full_clean()
    _stamp(person, by)
    person.save()
    return person


@transaction.atomic
def person_create(
    *,
    first_name: str,
    last_name: str = "",
    title: str = "",
    phone: str = "",
    email: str = "",
    line_id: str = "",
    expertise: str = "",
    user: Any = None,
    by: Any = None,
) -> Person:
    """Create a person. Expertise is a comma-separated list of tags."""
    person = Person(
        title=title,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        line_id=line_id,
        expertise=expertise,
        user=user,
    )
    return _save_person(person, by)


@transaction.atomic
def person_update(person: Person, *, by: Any = None, **changes: Any) -> Person:
    """Change a person's name, title, contact details or expertise."""
    unknown = set(changes) - set(_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update: unknown fields {sorted(unknown)}")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    return _save_person(locked, by)


def _check_membership(membership: Membership) -> None:
    errors: dict[str, list[Any]] = {}
    if (
        membership.start_date
        and membership.end_date
        and membership.end_date < membership.start_date
    ):
        errors.setdefault("end_date", []).append(_("The end date cannot be before the start date."))
    if (
        Membership.objects.filter(
            person_id=membership.person_id,
            organisation_id=membership.organisation_id,
            role=membership.role,
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        errors.setdefault("role", []).append(
            _("This person already has this role in this organisation.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_add(
    *,
    person: Person,
    organisation: Organisation,
    role: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    by: Any = None,
) -> Membership:
    """Make ``person`` a member of ``organisation`` with a role (free text, e.g. "ผู้ประสานงานหลักโครงการ")."""
    membership = Membership(
        person=person,
        organisation=organisation,
        role=normalize_name(role),
        start_date=start_date,
        end_date=end_date,
    )
    _check_membership(membership)
    _stamp(membership, by)
    membership.save()
    return membership


@transaction.atomic
def membership_update(membership: Membership, *, by: Any = None, **changes: Any) -> Membership:
    """Change a membership's role or dates (e.g. end it by giving ``end_date``)."""
    unknown = set(changes) - {"role", "start_date", "end_date"}
    if unknown:
        raise TypeError(f"membership_update: unknown fields {sorted(unknown)}")
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    for name, value in changes.items():
        setattr(locked, name, normalize_name(value) if name == "role" else value)
    _check_membership(locked)
    _stamp(locked, by)
    locked.save()
    return locked


@transaction.atomic
def membership_remove(membership: Membership, *, by: Any = None) -> None:
    """Delete a membership entered by mistake (to record that it ended, set ``end_date``)."""
    _stamp(membership, by)
    membership.delete()

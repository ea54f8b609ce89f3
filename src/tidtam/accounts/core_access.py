"""Scope declarations for the core models, used until their own apps' access.py declare them.

The owning apps (areas, organisations, projects) should move these into their ``access.py``;
``register_defaults`` only registers a model that nobody has registered yet.
"""

from __future__ import annotations

from typing import Any

from tidtam.accounts import access
from tidtam.accounts.access import DataKind


def _default(model: Any, **paths: Any) -> None:
    if model not in access.registry():
        access.register(model, **paths)


def register_defaults() -> None:
    """Register areas, organisations, people, programmes and projects if their apps did not."""
    from tidtam.accounts.models import Grant, User
    from tidtam.areas import models as areas
    from tidtam.organisations.models import Membership, Organisation, Person
    from tidtam.projects.models import Programme, Project

    for model in (
        areas.Province,
        areas.District,
        areas.Subdistrict,
        areas.Region,
        areas.RegionGrouping,
        areas.RegionProvince,
        areas.AbolishedArea,
        areas.Municipality,
    ):
        _default(model, public=True, kind=DataKind.REFERENCE)
    _default(
        areas.Community,
        subdistricts=("subdistrict",),
        organisations=("projects__implementing_organisation",),
        kind=DataKind.REFERENCE,
    )
    _default(
        Organisation,
        organisations=("",),
        provinces=("province", "working_provinces"),
        districts=("working_districts",),
        subdistricts=("working_subdistricts",),
        funders=("",),
        kind=DataKind.REFERENCE,
    )
    _default(
        Person,
        organisations=("memberships__organisation",),
        provinces=("memberships__organisation__province",),
        kind=DataKind.REFERENCE,
        personal_fields=("phone", "email", "line_id"),
    )
    _default(
        Membership,
        organisations=("organisation",),
        provinces=("organisation__province",),
        kind=DataKind.REFERENCE,
    )
    _default(
        Programme,
        organisations=("owner",),
        regions=("region",),
        provinces=("projects__province",),
        funders=("funder",),
        kind=DataKind.PROJECT,
    )
    _default(
        Project,
        organisations=("proposing_organisation", "implementing_organisation"),
        provinces=("province", "working_provinces"),
        subdistricts=("working_subdistricts",),
        funders=("programme__funder",),
        kind=DataKind.PROJECT,
    )
    # Accounts: administrators only (no scope path matches anyone else).
    _default(User, kind=DataKind.REFERENCE)
    _default(Grant, kind=DataKind.REFERENCE)

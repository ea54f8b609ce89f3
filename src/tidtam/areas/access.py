"""How areas and communities are scoped (read by tidtam.accounts.access's autodiscovery)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from tidtam.accounts import access
from tidtam.accounts.access import DataKind
from tidtam.areas import models

# Official areas and regions are reference data every signed-in user may read.
for _model in (
    models.Province,
    models.District,
    models.Subdistrict,
    models.AbolishedArea,
    models.RegionGrouping,
    models.Region,
    models.RegionProvince,
    models.Municipality,
):
    access.register(_model, public=True, kind=DataKind.REFERENCE)

# A community belongs to its subdistrict (so to its district, province and region), to the
# organisations that implement projects in it and to those that work in its area.
access.register(
    models.Community,
    provinces=("subdistrict__province",),
    subdistricts=("subdistrict",),
    organisations=(
        "projects__implementing_organisation",
        "subdistrict__province__organisations",
        "subdistrict__district__organisations",
        "subdistrict__organisations",
    ),
    kind=DataKind.REFERENCE,
)


def may_add_community(user: object, subdistrict: models.Subdistrict) -> bool:
    """Return True when ``user`` may create a community in ``subdistrict``.

    A grant that may change reference data over an area containing the subdistrict, or over
    an organisation (or network) that works in its province, district or subdistrict.
    """
    if access.is_administrator(user):
        return True
    for grant in access.grants_of(user):
        if not access.role_may(grant.role, access.Action.CHANGE, DataKind.REFERENCE):
            continue
        if grant.scope_kind == access.ScopeKind.COUNTRY:
            return True
        if (
            subdistrict.province_id in grant.province_codes
            or subdistrict.district_id in grant.district_codes
            or subdistrict.code in grant.subdistrict_codes
        ):
            return True
        if grant.organisation_ids and works_in(subdistrict, grant.organisation_ids):
            return True
    return False


def works_in(subdistrict: models.Subdistrict, organisation_ids: Iterable[int]) -> bool:
    """Return True when one of the organisations works in the subdistrict, its district or
    its province (their working areas, as the Community registration above reads them)."""
    ids = sorted(organisation_ids)
    return (
        models.Subdistrict.objects.filter(code=subdistrict.code)
        .filter(
            Q(organisations__in=ids)
            | Q(district__organisations__in=ids)
            | Q(province__organisations__in=ids)
        )
        .exists()
    )

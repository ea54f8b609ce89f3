"""Writes of the areas app: communities and municipalities (the areas themselves come from GeoThai)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Community, District, Municipality, Subdistrict
from tidtam.areas.names import community_key, name_key, normalize_name

__all__ = ["community_create", "community_update", "municipality_get_or_create"]

_COMMUNITY_FIELDS = ("name", "subdistrict", "municipality", "households", "land_status", "notes")


def _check_community(community: Community) -> None:
    errors: dict[str, list[Any]] = {}
    if not community.search_name:
        errors.setdefault("name", []).append(_("Enter the community's name."))
    if (
        community.municipality_id is not None
        and community.subdistrict_id
        and community.municipality is not None
        and community.municipality.district_id != community.subdistrict.district_id
    ):
        errors.setdefault("municipality", []).append(
            _("This municipality is not in the district of the chosen subdistrict.")
        )
    if (
        community.search_name
        and community.subdistrict_id
        and Community.objects.filter(
            subdistrict_id=community.subdistrict_id, search_name=community.search_name
        )
        .exclude(pk=community.pk)
        .exists()
    ):
        errors.setdefault("name", []).append(
            _("A community with this name already exists in this subdistrict.")
        )
    if errors:
        raise ValidationError(errors)


def _save(community: Community, by: Any, reason: str) -> Community:
    community.name = normalize_name(community.name)
    community.land_status = normalize_name(community.land_status)
    community.search_name = community_key(community.name)
    _check_community(community)
    community.full_clean(exclude=["search_name"], validate_unique=False)
    if by is not None:
        community._history_user = by  # type: ignore[attr-defined]
    if reason:
        community._change_reason = reason  # type: ignore[attr-defined]
    community.save()
    return community


@transaction.atomic
def community_create(
    *,
    name: str,
    subdistrict: Subdistrict,
    municipality: Municipality | None = None,
    households: int | None = None,
    land_status: str = "",
    notes: str = "",
    by: Any = None,
) -> Community:
    """Create a community under a subdistrict (and optionally a municipality of its district).

    The name is normalised (Thai typing habits) and its search key computed; a second community
    with the same key in the same subdistrict ("ชุมชน มิตรภาพ" = "มิตรภาพ") is refused.
    Raises ValidationError with per-field messages; nothing is saved then.
    """
    community = Community(
        name=name,
        subdistrict=subdistrict,
        municipality=municipality,
        households=households,
        land_status=land_status,
        notes=notes,
    )
    return _save(community, by, "")


@transaction.atomic
def community_update(community: Community, *, by: Any = None, **changes: Any) -> Community:
    """Change a community's fields (any of name, subdistrict, municipality, households,
    land_status, notes) and recompute its search key. Raises ValidationError; nothing saved."""
    unknown = set(changes) - set(_COMMUNITY_FIELDS)
    if unknown:
        raise TypeError(f"community_update: unknown fields {sorted(unknown)}")
    locked = Community.objects.select_for_update().get(pk=community.pk)
    for field_name, value in changes.items():
        setattr(locked, field_name, value)
    _save(locked, by, "")
    return locked


@transaction.atomic
def municipality_get_or_create(
    *,
    name_th: str,
    kind: str,
    district: District,
    subdistricts: tuple[Subdistrict, ...] = (),
) -> Municipality:
    """Return the municipality of this kind and name in the district, creating it if needed.

    ``name_th`` is the full name ("เทศบาลนครขอนแก่น"). Subdistricts are added, never removed.
    """
    name_th = normalize_name(name_th)
    if not name_key(name_th):
        raise ValidationError({"name_th": _("Enter the municipality's name.")})
    municipality, _created = Municipality.objects.get_or_create(
        district=district, kind=kind, name_th=name_th
    )
    if subdistricts:
        municipality.subdistricts.add(*subdistricts)
    return municipality

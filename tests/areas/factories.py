"""Factories for areas data other test packages can import.

The official areas come from GeoThai (loaded by the migrations; call
``tidtam.areas.loading.ensure_areas_loaded()`` in transactional tests): use real codes, e.g.
``Subdistrict.objects.get(code="400101")`` (ต.ในเมือง อ.เมืองขอนแก่น).
"""

from __future__ import annotations

import factory

from tidtam.areas.models import Community, District, Municipality, Province, Subdistrict
from tidtam.areas.names import community_key

KHON_KAEN = "40"
MUEANG_KHON_KAEN = "4001"
NAI_MUEANG_KHON_KAEN = "400101"
BAN_PHAI = "4010"
NAI_MUEANG_BAN_PHAI = "401002"
CHIANG_MAI = "50"
SRI_PHUM_CHIANG_MAI = "500101"


def province(code: str = KHON_KAEN) -> Province:
    return Province.objects.get(code=code)


def district(code: str = MUEANG_KHON_KAEN) -> District:
    return District.objects.get(code=code)


def subdistrict(code: str = NAI_MUEANG_KHON_KAEN) -> Subdistrict:
    return Subdistrict.objects.get(code=code)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("district", "kind", "name_th")

    name_th = "เทศบาลนครขอนแก่น"
    kind = Municipality.Kind.CITY
    district = factory.LazyFunction(district)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"ชุมชนทดสอบ {n}")
    search_name = factory.LazyAttribute(lambda o: community_key(o.name))
    subdistrict = factory.LazyFunction(subdistrict)
    households = None

"""Thai administrative areas (official DOPA codes), configurable regions, municipalities, communities.

Areas are keyed by their official code: names repeat across provinces (there are many ตำบลในเมือง),
so nothing in Tidtam points at an area by name.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.audit.history import audited


class Province(models.Model):
    """จังหวัด: one of the 77 provinces (2-digit DOPA code, e.g. "40" ขอนแก่น)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    """อำเภอ / เขต (4-digit code; the first two digits are the province)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(models.Model):
    """ตำบล / แขวง (6-digit code), with its postcodes."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    # Denormalised from the code so that scoping by province needs no join through districts.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="subdistricts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    postcodes = models.CharField(_("postcodes"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["code"]
        indexes = [models.Index(fields=["name_th"])]

    def __str__(self) -> str:
        return self.name_th


class AbolishedArea(models.Model):
    """A code that no longer exists, and the code that replaced it."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        SUBDISTRICT = "subdistrict", _("subdistrict")

    code = models.CharField(_("abolished code"), max_length=6, primary_key=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    name_th = models.CharField(_("Thai name"), max_length=100, blank=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    # The one code that replaced it; blank when there is none or when the area was split.
    successor_code = models.CharField(_("successor code"), max_length=6, blank=True)
    # Every code that replaced it, space-separated (a split area has several).
    successor_codes = models.CharField(_("successor codes"), max_length=60, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("abolished area code")
        ordering = ["code"]
        verbose_name_plural = _("abolished area codes")

    def __str__(self) -> str:
        return f"{self.code} → {self.successor_code or '-'}"


class RegionGrouping(models.Model):
    """A way of dividing the country into regions (CODI's 5 regions, the 6 geographic regions...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    is_default = models.BooleanField(_("default grouping"), default=False)

    class Meta:
        verbose_name = _("region grouping")
        verbose_name_plural = _("region groupings")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_grouping",
            )
        ]

    def __str__(self) -> str:
        return self.name_th


class Region(models.Model):
    """ภาค: a named group of provinces within one grouping."""

    grouping = models.ForeignKey(RegionGrouping, on_delete=models.CASCADE, related_name="regions")
    code = models.SlugField(_("code"), max_length=40)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    provinces = models.ManyToManyField(Province, through="RegionProvince", related_name="regions")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["grouping", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["grouping", "code"], name="region_code_unique_in_grouping"
            )
        ]

    def __str__(self) -> str:
        return self.name_th


class RegionProvince(models.Model):
    """A province's membership of a region; a province belongs to one region per grouping."""

    grouping = models.ForeignKey(RegionGrouping, on_delete=models.CASCADE)
    region = models.ForeignKey(Region, on_delete=models.CASCADE)
    province = models.ForeignKey(Province, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grouping", "province"], name="one_region_per_grouping")
        ]

    def __str__(self) -> str:
        return f"{self.region} ∋ {self.province}"


class Municipality(models.Model):
    """เทศบาล (นคร/เมือง/ตำบล) or อบต.: a local government, located in a district."""

    class Kind(models.TextChoices):
        CITY = "city", _("city municipality (เทศบาลนคร)")
        TOWN = "town", _("town municipality (เทศบาลเมือง)")
        SUBDISTRICT_MUNICIPALITY = "subdistrict", _("subdistrict municipality (เทศบาลตำบล)")
        SAO = "sao", _("subdistrict administrative organisation (อบต.)")
        BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
        PATTAYA = "pattaya", _("Pattaya City")

    name_th = models.CharField(_("Thai name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    subdistricts = models.ManyToManyField(Subdistrict, blank=True, related_name="municipalities")

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "name_th"], name="municipality_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name_th


class Community(models.Model):
    """ชุมชน: created by users under a subdistrict (and optionally a municipality)."""

    name = models.CharField(_("name"), max_length=200)
    # Normalised form (tidtam.thai.normalize_text, lower-cased, no spaces) for Thai-aware search.
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="communities"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="communities"
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    land_status = models.CharField(_("land status"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "search_name"], name="community_unique_in_subdistrict"
            )
        ]

    def __str__(self) -> str:
        return self.name

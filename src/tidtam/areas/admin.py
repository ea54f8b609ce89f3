"""Admin of the areas app. Official areas are read-only (GeoThai is their source); regions,
municipalities and communities can be edited, with their history kept."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tidtam.areas import models
from tidtam.areas.names import community_key, normalize_name


class ReadOnlyAdmin(admin.ModelAdmin):
    """Official data: looked at, never changed by hand (``tidtam load-areas`` refreshes it)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_th", "name_en")
    search_fields = ("code", "name_th", "name_en")


@admin.register(models.District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_th", "name_en", "province")
    list_filter = ("province",)
    search_fields = ("code", "name_th", "name_en")


@admin.register(models.Subdistrict)
class SubdistrictAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_th", "name_en", "district", "province", "postcodes")
    search_fields = ("code", "name_th", "name_en", "postcodes")
    list_select_related = ("district", "province")


@admin.register(models.AbolishedArea)
class AbolishedAreaAdmin(ReadOnlyAdmin):
    list_display = ("code", "level", "name_th", "abolished_on", "successor_codes")
    list_filter = ("level",)
    search_fields = ("code", "name_th", "successor_codes")


@admin.register(models.RegionGrouping)
class RegionGroupingAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "is_default")


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name_th", "code", "grouping", "order")
    list_filter = ("grouping",)


@admin.register(models.RegionProvince)
class RegionProvinceAdmin(admin.ModelAdmin):
    list_display = ("province", "region", "grouping")
    list_filter = ("grouping", "region")
    list_select_related = ("province", "region", "grouping")


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name_th", "kind", "district")
    list_filter = ("kind",)
    search_fields = ("name_th",)
    autocomplete_fields = ("district",)
    filter_horizontal = ("subdistricts",)


@admin.register(models.Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "subdistrict", "municipality", "households", "land_status")
    search_fields = ("name", "search_name")
    autocomplete_fields = ("subdistrict",)
    list_select_related = ("subdistrict", "municipality")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Same normalisation and search key as tidtam.areas.services.
        obj.name = normalize_name(obj.name)
        obj.search_name = community_key(obj.name)
        super().save_model(request, obj, form, change)

"""Admin of the organisations app, with history kept and search keys computed as the services do."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tidtam.areas.names import normalize_name, organisation_key
from tidtam.organisations.models import Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "province", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "search_name")
    autocomplete_fields = ("parent", "province")
    filter_horizontal = ("working_provinces",)
    raw_id_fields = ("working_districts", "working_subdistricts")
    inlines = (MembershipInline,)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.name = normalize_name(obj.name)
        obj.search_name = organisation_key(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "expertise")
    search_fields = ("first_name", "last_name")
    raw_id_fields = ("user",)
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "organisation", "role", "start_date", "end_date")
    search_fields = ("person__first_name", "person__last_name", "organisation__name", "role")
    autocomplete_fields = ("person", "organisation")

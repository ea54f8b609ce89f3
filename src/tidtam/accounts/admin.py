"""Accounts in the Django admin: users with their grants; grants with their history.

Every audited model registered in the admin must use ``simple_history.admin.SimpleHistoryAdmin``
(see docs/audit.md) so administrators can read each record's history there too, and admin
changes land in the audit trail with the admin user and address.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tidtam.accounts.models import Grant, User


class GrantInline(admin.TabularInline):
    model = Grant
    fk_name = "user"
    extra = 0
    fields = ("role", "region", "province", "district", "subdistrict", "organisation")
    autocomplete_fields = ()
    raw_id_fields = ("district", "subdistrict", "organisation")


@admin.register(User)
class TidtamUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Tidtam"), {"fields": ("display_name", "locked_until")}),
    )
    list_display = ("username", "display_name", "email", "is_active", "is_staff", "is_superuser")
    inlines = (GrantInline,)


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = (
        "user",
        "role",
        "region",
        "province",
        "organisation",
        "granted_by",
        "created_at",
    )
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "organisation__name")
    raw_id_fields = ("user", "district", "subdistrict", "organisation", "granted_by")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change and obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)

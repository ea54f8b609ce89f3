from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tidtam.accounts.models import User


@admin.register(User)
class TidtamUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Tidtam", {"fields": ("display_name", "locked_until")}))

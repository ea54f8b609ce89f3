"""Sign-in and grant forms (English msgids, Thai translations in accounts/locale)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tidtam.accounts.models import Grant, Role, User
from tidtam.accounts.services import account_is_locked
from tidtam.areas.models import District, Region
from tidtam.organisations.models import Organisation


class LoginForm(AuthenticationForm):
    """Django's sign-in form, telling a locked-out person why and for how long."""

    error_messages = {
        "invalid_login": _("Incorrect username or password. Letters are case-sensitive."),
        "inactive": _("This account has been deactivated."),
        "locked": _(
            "This account is locked for a while after too many wrong passwords. "
            "Please try again later."
        ),
    }

    def clean(self) -> dict[str, object]:
        username = self.cleaned_data.get("username")
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is not None and account_is_locked(user):
                raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()


class GrantForm(forms.ModelForm):
    """Give a user a role in a scope: choose the role and at most one scope (none = country)."""

    class Meta:
        model = Grant
        fields = ["role", "region", "province", "district", "subdistrict", "organisation"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        region: Any = self.fields["region"]
        region.queryset = Region.objects.select_related("grouping").order_by("grouping", "order")
        region.label_from_instance = lambda r: f"{r.name_th} ({r.grouping.name_th})"
        district: Any = self.fields["district"]
        district.queryset = District.objects.select_related("province").order_by("code")
        district.label_from_instance = lambda d: f"{d.name_th} ({d.province.name_th})"
        subdistrict: Any = self.fields["subdistrict"]
        subdistrict.widget = forms.TextInput()
        subdistrict.help_text = _("6-digit subdistrict code, e.g. 400101")
        organisation: Any = self.fields["organisation"]
        organisation.queryset = Organisation.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [name for name in Grant.SCOPE_FIELDS if cleaned.get(name)]
        if len(chosen) > 1:
            raise forms.ValidationError(
                _("Choose at most one scope (none means the whole country)."), code="scope"
            )
        if cleaned.get("role") == Role.FUNDER and chosen != ["organisation"]:
            raise forms.ValidationError(
                _("A funder's scope must be the funding organisation."), code="funder_scope"
            )
        return cleaned

"""The audit page's filter form: dates are typed in the Buddhist Era (e.g. 1/10/2568)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidtam.accounts.models import User
from tidtam.areas.models import Province
from tidtam.audit.selectors import AuditFilter, audit_model_choices
from tidtam.thai.forms import BEDateField


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    date_from = BEDateField(
        label=_("From date"), required=False, help_text=_("Buddhist Era, e.g. 1/10/2568")
    )
    date_to = BEDateField(
        label=_("To date"), required=False, help_text=_("Buddhist Era, e.g. 30/9/2569")
    )
    model = forms.ChoiceField(label=_("Type of record"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field: Any = self.fields["model"]
        model_field.choices = [("", _("All types")), *audit_model_choices()]
        province_field: Any = self.fields["province"]
        province_field.choices = [
            ("", _("All provinces")),
            *Province.objects.order_by("name_th").values_list("code", "name_th"),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def to_filter(self) -> AuditFilter:
        """Return the selector filter for the valid form."""
        data = self.cleaned_data
        user_ids: tuple[int, ...] | None = None
        if data.get("user"):
            text = data["user"].strip()
            user_ids = tuple(
                User.objects.filter(
                    Q(username__iexact=text) | Q(display_name__icontains=text)
                ).values_list("pk", flat=True)
            )
        return AuditFilter(
            user_ids=user_ids,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            model_label=data.get("model") or "",
            province_code=data.get("province") or "",
        )

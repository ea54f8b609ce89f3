"""Forms of the common pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ComponentsDemoForm(forms.Form):
    """Show how every kind of field looks, with help text and errors (docs/ui.md)."""

    title = forms.CharField(label=_("Activity title"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (baht)"), max_digits=14, decimal_places=2, help_text=_("Up to 2 decimals.")
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    confirmed = forms.BooleanField(label=_("The minutes are attached"), required=False)

"""Forms of the money pages: they only read input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Region
from tidtam.finance.models import DecisionOutcome
from tidtam.projects.models import Project, ProjectLevel
from tidtam.thai.forms import BEDateField


class BudgetStatusForm(forms.Form):
    """The report's filter: region and "as of" date (BE; the URL may carry YYYY-MM-DD)."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(grouping__is_default=True).order_by("order"),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    as_of = BEDateField(label=_("As of"))


class FrameForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=2800)
    level = forms.ChoiceField(label=_("Level"), choices=ProjectLevel.choices)
    amount = forms.DecimalField(
        label=_("Frame amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )


class FrameReviseForm(forms.Form):
    new_amount = forms.DecimalField(
        label=_("New amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=2800)
    number = forms.IntegerField(label=_("Meeting number"), min_value=1)
    start_date = BEDateField(label=_("Date"))
    end_date = BEDateField(label=_("Last day (if several days)"), required=False)


class DecisionForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    amount_requested = forms.DecimalField(
        label=_("Amount asked (baht)"), min_value=0, max_digits=14, decimal_places=2
    )
    amount_approved = forms.DecimalField(
        label=_("Amount approved (baht)"),
        min_value=0,
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None:
            field = self.fields["project"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = projects


class ApproveForm(forms.Form):
    approval_date = BEDateField(label=_("Approval date"))
    excess_source = forms.CharField(
        label=_("Source of any amount above the frame"), required=False, max_length=500
    )


class TrancheAmountForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Planned amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )


class TransferForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2)
    date = BEDateField(label=_("Transfer date"))
    reference = forms.CharField(label=_("Reference"), required=False, max_length=200)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

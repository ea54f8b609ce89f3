"""Forms of the money pages: they only read input; the rules live in services."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Province, Region
from tidtam.finance import calculations as calc
from tidtam.finance.models import (
    BudgetCategory,
    BudgetFrame,
    BudgetLine,
    Committee,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Tranche,
    TranchePolicy,
    Transfer,
)
from tidtam.projects.models import Activity, Programme, Project, ProjectLevel
from tidtam.thai.dates import format_date
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


def _default_regions() -> Any:
    return Region.objects.filter(grouping__is_default=True).order_by("order")


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared on the form
    field.queryset = queryset


class FrameForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=2800)
    level = forms.ChoiceField(label=_("Level"), choices=ProjectLevel.choices)
    amount = forms.DecimalField(
        label=_("Frame amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )
    province = forms.ModelChoiceField(
        label=_("Province (if the frame is for one province)"),
        queryset=Province.objects.order_by("code"),
        required=False,
        empty_label=_("The whole level"),
    )
    region = forms.ModelChoiceField(
        label=_("Region (if the frame is for one region)"),
        queryset=_default_regions(),
        required=False,
        empty_label=_("The whole level"),
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None and programme.region_id:
            _set_queryset(
                self,
                "province",
                Province.objects.filter(regions=programme.region_id).order_by("code"),
            )


class TranchePolicyForm(forms.Form):
    """A programme's tranche policy; the shares are read here, their rules live in services."""

    caps_percent = forms.CharField(
        label=_("Share of each tranche (percent of the approved budget)"),
        help_text=_("In tranche order, separated by commas, e.g. 70, 30. They must add up to 100."),
        max_length=200,
    )
    first_tranche_deadline_months = forms.IntegerField(
        label=_("Tranche 1 deadline (months after approval)"), min_value=0, max_value=60
    )
    require_previous_report = forms.BooleanField(
        label=_("Later tranches need the previous period's report approved"), required=False
    )
    allow_frame_excess = forms.BooleanField(
        label=_("Approvals may exceed the budget frame"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        help_text=_("Required when a policy is changed; kept in its history."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_for(cls, policy: TranchePolicy | None) -> dict[str, Any]:
        """Return the form's initial values from a programme's current policy."""
        if policy is None:
            return {"caps_percent": "70, 30", "first_tranche_deadline_months": 3}
        return {
            "caps_percent": ", ".join(str(c) for c in policy.caps()),
            "first_tranche_deadline_months": policy.first_tranche_deadline_months,
            "require_previous_report": policy.require_previous_report,
            "allow_frame_excess": policy.allow_frame_excess,
        }

    def clean_caps_percent(self) -> list[Decimal]:
        text = self.cleaned_data["caps_percent"]
        parts = [p for p in re.split(r"[,/;\s]+", text.replace("%", " ")) if p]
        try:
            caps = [Decimal(p) for p in parts]
        except InvalidOperation:
            raise forms.ValidationError(
                _("Write the shares as numbers, e.g. 70, 30."), code="invalid"
            ) from None
        if not caps or any(not c.is_finite() for c in caps):
            raise forms.ValidationError(
                _("Write the shares as numbers, e.g. 70, 30."), code="invalid"
            )
        return caps


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Committee name"), max_length=300)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=_default_regions(), required=False, empty_label="-"
    )


class BudgetLineForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=500)
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False, empty_label="-"
    )
    planned_amount = forms.DecimalField(
        label=_("Planned amount of the budget line (baht)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            _set_queryset(
                self,
                "activity",
                Activity.objects.filter(plan__project=project).order_by("plan_id", "pk"),
            )


class ExpenditureForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    date = BEDateField(label=_("Date"))
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=200)

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            _set_queryset(
                self, "budget_line", BudgetLine.objects.filter(project=project).order_by("pk")
            )


class _Choice(forms.ModelChoiceField):
    """A choice of one object, labelled by a function (the model's ``__str__`` is for admins)."""

    def __init__(self, *args: Any, label_of: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj: Any) -> str:
        return str(self.label_of(obj))


def _frame_label(frame: BudgetFrame) -> str:
    area = frame.province or frame.region
    label = f"{frame.fiscal_year} · {frame.get_level_display()}"
    return f"{label} · {area}" if area else label


class FrameReviseForm(forms.Form):
    """Revise one frame of a programme: the new amount and why."""

    frame = _Choice(
        label=_("Frame to revise"), queryset=BudgetFrame.objects.none(), label_of=_frame_label
    )
    new_amount = forms.DecimalField(
        label=_("New amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, frames: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if frames is not None:
            _set_queryset(self, "frame", frames)


class MeetingForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=2800)
    number = forms.IntegerField(label=_("Meeting number"), min_value=1)
    start_date = BEDateField(label=_("Date"))
    end_date = BEDateField(label=_("Last day (if several days)"), required=False)


class ProgrammeMeetingForm(MeetingForm):
    """A meeting recorded from the programme page: which committee met comes first."""

    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), empty_label=None
    )
    field_order = ["committee", "fiscal_year", "number", "start_date", "end_date"]

    def __init__(self, *args: Any, committees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committees is not None:
            _set_queryset(self, "committee", committees)


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
            _set_queryset(self, "project", projects)


def _meeting_label(meeting: CommitteeMeeting) -> str:
    return f"{meeting.committee.name} {meeting.label}"


class ProgrammeDecisionForm(DecisionForm):
    """A decision recorded from the programme page: at which meeting comes first."""

    meeting = _Choice(
        label=_("Meeting"), queryset=CommitteeMeeting.objects.none(), label_of=_meeting_label
    )
    field_order = ["meeting", "project", "outcome", "amount_requested", "amount_approved"]

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            _set_queryset(self, "meeting", meetings)


def _decision_label(decision: Decision) -> str:
    return f"{decision.project.code} {calc.format_amount(decision.amount_approved)}"


class ApproveForm(forms.Form):
    """Approve a project from an approving decision of the meeting: its approval date."""

    decision = _Choice(
        label=_("Approving decision"), queryset=Decision.objects.none(), label_of=_decision_label
    )
    approval_date = BEDateField(label=_("Approval date"))
    excess_source = forms.CharField(
        label=_("Source of any amount above the frame"), required=False, max_length=500
    )

    def __init__(self, *args: Any, decisions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            _set_queryset(self, "decision", decisions)


def _tranche_label(tranche: Tranche) -> str:
    return _("Tranche %(number)s") % {"number": tranche.number}


class TrancheAmountForm(forms.Form):
    """An officer's round amount for a tranche (not the last one: that is the rest)."""

    tranche = _Choice(label=_("Tranche"), queryset=Tranche.objects.none(), label_of=_tranche_label)
    amount = forms.DecimalField(
        label=_("Planned amount (baht)"), min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, tranches: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if tranches is not None:
            _set_queryset(self, "tranche", tranches)


class TransferForm(forms.Form):
    tranche = _Choice(
        label=_("Tranche"),
        queryset=Tranche.objects.none(),
        label_of=_tranche_label,
        empty_label=None,
    )
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2)
    date = BEDateField(label=_("Transfer date"))
    reference = forms.CharField(label=_("Reference"), required=False, max_length=200)
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def __init__(self, *args: Any, tranches: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if tranches is not None:
            _set_queryset(self, "tranche", tranches)


def _transfer_label(transfer: Transfer) -> str:
    text = f"{format_date(transfer.date, 'compact')} · {calc.format_amount(transfer.amount)}"
    return f"{text} · {transfer.reference}" if transfer.reference else text


class ReverseForm(forms.Form):
    """Cancel a transfer with a reversing entry: which one, and why."""

    transfer = _Choice(
        label=_("Transfer to reverse"), queryset=Transfer.objects.none(), label_of=_transfer_label
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, transfers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if transfers is not None:
            _set_queryset(self, "transfer", transfers)

"""Forms of the projects pages: they read and check what a person typed, and nothing else.

Every rule about what may change when lives in ``services``; a form only turns text into values
(BE dates, counts) and refuses what cannot be true (women > total, end before start) with a
Thai message, so that nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Community, Province, Subdistrict
from tidtam.projects import calculations
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    Activity,
    AgendaItem,
    EvidenceKind,
    OutputAchieved,
    ParticipantCount,
    PlannedOutput,
    Programme,
    Project,
    ProjectStatus,
    Session,
    WorkPlan,
)
from tidtam.thai.forms import BEDateField, BEDateRangeField

# --- lists ---------------------------------------------------------------------------------


class ProjectFilterForm(forms.Form):
    """The search box and filters above the project list (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *ProjectStatus.choices], required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.order_by("name")  # type: ignore[attr-defined]
        self.fields["programme"].empty_label = _("All programmes")  # type: ignore[attr-defined]
        self.fields["province"].empty_label = _("All provinces")  # type: ignore[attr-defined]

    def query_string(self) -> str:
        """Return the chosen filters as a query string, for the pagination links."""
        if not self.is_bound:
            return ""
        keep = {k: v for k, v in self.data.items() if k in self.fields and v}
        return urlencode(keep)


# --- projects ------------------------------------------------------------------------------


class ProjectForm(forms.ModelForm):
    """Create or edit a project's registration data (not its status: that is a service)."""

    start_date = BEDateField(label=_("start date"), required=False)
    end_date = BEDateField(label=_("end date"), required=False)

    class Meta:
        model = Project
        fields = [
            "programme",
            "code",
            "agreement_number",
            "title",
            "level",
            "phase",
            "proposing_organisation",
            "implementing_organisation",
            "province",
            "cities",
            "start_date",
            "end_date",
            "objectives",
            "expected_results",
        ]
        labels = {"title": _("project title")}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programmes: QuerySet[Programme] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["province"].queryset = Province.objects.order_by("name_th")  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


# --- the place of a session ----------------------------------------------------------------


def community_choices() -> QuerySet[Community]:
    return Community.objects.select_related("subdistrict").order_by("name")


def subdistrict_choices() -> QuerySet[Subdistrict]:
    return Subdistrict.objects.select_related("district", "province").order_by("name_th")


# --- sessions ------------------------------------------------------------------------------

COUNT_ERROR_NEGATIVE = _("A count cannot be negative.")


class ActivityChoiceField(forms.ModelChoiceField):
    """Activities labelled "1.1 title" (the numbering people use)."""

    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.number} {obj.title}"


class SessionForm(forms.ModelForm):
    """What happened at a session: when, where, why, what was done, results, problems."""

    activity = ActivityChoiceField(
        label=_("activity"), queryset=Activity.objects.none(), required=False
    )
    dates = BEDateRangeField(
        label=_("date"),
        help_text=_("One day (15/02/2566) or several days (04/04/2566-05/04/2566)."),
    )

    class Meta:
        model = Session
        fields = [
            "activity",
            "budget_category",
            "title",
            "number",
            "start_time",
            "end_time",
            "opened_at",
            "closed_at",
            "place",
            "subdistrict",
            "community",
            "purpose",
            "expected_result",
            "activities_done",
            "results",
            "problems",
            "solutions",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "opened_at": forms.TimeInput(attrs={"type": "time"}),
            "closed_at": forms.TimeInput(attrs={"type": "time"}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 3}),
            "activities_done": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "solutions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("session title (optional)"),
            "subdistrict": _("subdistrict"),
            "community": _("community"),
        }
        help_texts = {
            "subdistrict": _("The 6-digit DOPA code of the subdistrict, e.g. 400101."),
        }

    def __init__(self, *args, project: Project, unplanned: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.unplanned = unplanned
        self.fields["activity"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            plan__project=project
        ).order_by("plan__number", "position", "number")
        self.fields["subdistrict"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "maxlength": 6, "pattern": "[0-9]{6}"}
        )
        self.fields["community"].queryset = (
            community_choices()
            .filter(  # type: ignore[attr-defined]
                Q(projects=project) | Q(subdistrict__in=project.working_subdistricts.all())
            )
            .distinct()
        )
        if self.instance.pk and not self.is_bound:
            self.initial["dates"] = (
                self.instance.start_date,
                self.instance.end_date or self.instance.start_date,
            )
        self.order_fields(["activity", "budget_category", "title", "number", "dates"])
        if unplanned:
            del self.fields["activity"]
            del self.fields["number"]
            self.fields["budget_category"].required = True
        else:
            del self.fields["budget_category"]
            self.fields["activity"].required = True

    def clean(self):
        data = super().clean()
        if data.get("dates"):
            start, end = data["dates"]
            data["start_date"], data["end_date"] = start, (end if end != start else None)
        number, activity = data.get("number"), data.get("activity")
        if number is not None:
            errors = calculations.participant_errors(
                {},
                number=number,
                planned_sessions=activity.planned_sessions if activity else None,
            )
            for message in errors.get("number", []):
                self.add_error("number", message)
        opened, closed = data.get("opened_at"), data.get("closed_at")
        if opened and closed and closed < opened and not data.get("end_date"):
            self.add_error("closed_at", _("The meeting closes before it opens."))
        return data


def _add_count_errors(form: forms.Form, counts: dict[str, int | None]) -> None:
    """Put the core's refusals of impossible counts (women > total...) on their fields."""
    for field, messages in calculations.participant_errors(counts).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class ParticipantCountForm(forms.ModelForm):
    """Participants, counted not named; an empty box means "not known"."""

    class Meta:
        model = ParticipantCount
        fields = [*PARTICIPANT_FIELDS, "others_label"]
        widgets = {name: forms.NumberInput(attrs={"min": 0}) for name in PARTICIPANT_FIELDS}

    def clean(self):
        data = super().clean()
        for name in PARTICIPANT_FIELDS:
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, COUNT_ERROR_NEGATIVE)
        if self.errors:
            return data
        counts = {name: data.get(name) for name in PARTICIPANT_FIELDS}
        _add_count_errors(self, counts)
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "summary"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


AgendaItemFormSet = forms.inlineformset_factory(
    Session, AgendaItem, form=AgendaItemForm, extra=2, can_delete=True
)


class OutputAchievedForm(forms.ModelForm):
    class Meta:
        model = OutputAchieved
        fields = ["planned_output", "description", "quantity"]
        labels = {"planned_output": _("planned output")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project: Project | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["planned_output"].queryset = PlannedOutput.objects.filter(  # type: ignore[attr-defined]
                activity__plan__project=project
            ).select_related("activity")


OutputFormSet = forms.inlineformset_factory(
    Session, OutputAchieved, form=OutputAchievedForm, extra=1, can_delete=True
)


class EvidenceForm(forms.Form):
    """One evidence file; its size and type are checked by the service that stores it."""

    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("file"))


# --- the phone flow ------------------------------------------------------------------------


class FieldRecordForm(forms.Form):
    """The few fields of a session recorded on a phone (issue 4 §7)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    activity = ActivityChoiceField(label=_("activity"), queryset=Activity.objects.none())
    start_date = BEDateField(label=_("date"))
    place = forms.CharField(label=_("place"), max_length=500)
    total = forms.IntegerField(label=_("Total"), min_value=0)
    men = forms.IntegerField(label=_("men"), min_value=0, required=False)
    women = forms.IntegerField(label=_("women"), min_value=0, required=False)
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            plan__project=project
        ).order_by("plan__number", "position", "number")
        for name in ("total", "men", "women"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})
            self.fields[name].error_messages["min_value"] = COUNT_ERROR_NEGATIVE

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        counts = {name: data.get(name) for name in ("total", "men", "women")}
        _add_count_errors(self, counts)
        return data


# --- plans, change requests, review --------------------------------------------------------


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["number", "title", "budget_plan_reference"]
        labels = {"title": _("work plan title")}


class ActivityForm(forms.ModelForm):
    """An activity and its planned months (the ✓ of Table 1) as checkboxes."""

    planned_start = BEDateField(label=_("planned start"), required=False)
    planned_end = BEDateField(label=_("planned end"), required=False)
    months = forms.MultipleChoiceField(
        label=_("planned months"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "plan",
            "number",
            "budget_number",
            "title",
            "planned_sessions",
            "planned_start",
            "planned_end",
            "budget_line_reference",
        ]
        labels = {"title": _("activity title")}
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = WorkPlan.objects.filter(project=project)  # type: ignore[attr-defined]
        if self.instance.pk:
            # An activity stays in its plan; moving it is not something the core offers.
            self.fields["plan"].disabled = True
        months = (
            calculations.months_between(project.start_date, project.end_date)
            if project.start_date and project.end_date
            else []
        )
        self.fields["months"].choices = [
            (f"{y}-{m:02d}", format_month(dt.date(y, m, 1))) for y, m in months
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["months"] = [
                f"{m.year}-{m.month:02d}" for m in self.instance.months.all() if not m.rescheduled
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The end date is before the start date."))
        return data

    def planned_months(self) -> list[tuple[int, int]]:
        """Return the chosen months as (CE year, month) pairs."""
        return [tuple(int(p) for p in value.split("-")) for value in self.cleaned_data["months"]]  # type: ignore[misc]


class ChangeRequestForm(ActivityForm):
    """A change of an approved plan: the new activity and why; the funder side decides.

    ``old`` is the activity's plan as ``services.activity_snapshot`` gave it before the form
    was bound (a bound ModelForm changes its instance in memory).
    """

    reason = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, old: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.old = old
        self.order_fields(["reason"])

    def changed_plan(self) -> dict:
        """Return only what changes, in the keys of ``services.activity_snapshot``."""
        data = self.cleaned_data
        new = {
            "number": data["number"],
            "budget_number": data["budget_number"],
            "title": data["title"],
            "planned_sessions": data["planned_sessions"],
            "planned_start": data["planned_start"].isoformat() if data["planned_start"] else None,
            "planned_end": data["planned_end"].isoformat() if data["planned_end"] else None,
            "budget_line_reference": data["budget_line_reference"],
            "months": [list(m) for m in sorted(self.planned_months())],
        }
        old = dict(self.old)
        old["months"] = sorted([list(m) for m in old.get("months", [])])
        return {k: v for k, v in new.items() if old.get(k) != v}

    def clean(self):
        data = super().clean()
        if not self.errors and not self.changed_plan():
            raise forms.ValidationError(_("Nothing was changed."), code="unchanged")
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for unlocking"), widget=forms.Textarea(attrs={"rows": 3})
    )


def format_month(d: dt.date) -> str:
    from tidtam.thai.dates import format_date

    return format_date(d, "month")


class PeriodForm(forms.Form):
    dates = BEDateRangeField(
        label=_("reporting period"), help_text=_("For example 01/02/2566-30/09/2566.")
    )

"""Forms of the organisations app. Choices of organisations and people are scoped to what the
acting user may see, so no id of another organisation's data appears in a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.accounts import access
from tidtam.areas.models import Province
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person

PERSONAL_FIELDS = ("phone", "email", "line_id")


class OrganisationForm(forms.ModelForm):
    """An organisation: name, kind, parent network, province, working provinces, contacts."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "province",
            "working_provinces",
            "address",
            "phone",
            "email",
            "website",
            "notes",
        ]
        labels = {"working_provinces": _("Provinces it works in")}
        help_texts = {
            "province": _("Where it is based; leave empty for a national body."),
            "working_provinces": _("Hold Ctrl (or ⌘) to choose several."),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "working_provinces": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = access.scoped(user, Organisation.objects.filter(is_active=True))
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("search_name")  # type: ignore[attr-defined]
        self.fields["province"].queryset = Province.objects.order_by("name_th")  # type: ignore[attr-defined]
        self.fields["working_provinces"].queryset = Province.objects.order_by("name_th")  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "---------"), *OrganisationKind.choices]

    def _post_clean(self) -> None:
        # The service validates and saves (search key, uniqueness, loops of parents).
        pass

    def service_fields(self) -> dict[str, Any]:
        """Return the cleaned values the organisation services take."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class OrganisationSearchForm(forms.Form):
    """The filters of the organisation list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("All provinces"),
    )


class PersonForm(forms.ModelForm):
    """A person's name, title, expertise and (for those who may see it) contact details."""

    class Meta:
        model = Person
        fields = ["title", "first_name", "last_name", "phone", "email", "line_id", "expertise"]
        help_texts = {"expertise": _('Separate tags with commas, e.g. "ที่อยู่อาศัย, การเงิน".')}

    def __init__(self, *args: Any, show_personal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_personal:
            # Without the right to see personal data, it is neither shown nor changed.
            for name in PERSONAL_FIELDS:
                del self.fields[name]

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class MembershipAddForm(forms.Form):
    """Add a member: an existing person (one the user may see) or a new person, with a role."""

    person = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— a new person —"),
    )
    title = forms.ChoiceField(label=_("Title"), choices=Person.Title.choices, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = access.scoped(user, Person.objects.all()).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("person") and not (data.get("first_name") or "").strip():
            self.add_error(
                "first_name", _("Choose an existing person or enter the new person's first name.")
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class MembershipForm(forms.ModelForm):
    """A membership's role and dates."""

    class Meta:
        model = Membership
        fields = ["role", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def _post_clean(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

"""Forms of the areas app: a community, with a province → district → subdistrict picker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Community, District, Municipality, Province, Subdistrict


class AreaPickerMixin(forms.Form):
    """Province → district → subdistrict selects; each reloads its options with htmx when the
    one above changes (and works without JavaScript: choose, save, correct)."""

    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name_th"),
        empty_label=_("Choose a province"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        empty_label=_("Choose a district"),
    )
    subdistrict = forms.ModelChoiceField(
        label=_("Subdistrict"),
        queryset=Subdistrict.objects.none(),
        empty_label=_("Choose a subdistrict"),
    )

    def _value(self, name: str, initial: Any) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name)) or "")
        value = self.initial.get(name, initial)
        return str(getattr(value, "pk", value) or "")

    def setup_area_picker(self) -> None:
        province = self._value("province", "")
        district = self._value("district", "")
        # Only the options under the chosen level are rendered (there are 7,436 subdistricts).
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            province_id=province
        ).order_by("name_th")
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(  # type: ignore[attr-defined]
            district_id=district, district__province_id=province
        ).order_by("name_th")
        self.fields["province"].widget.attrs.update({"data-area-level": "province"})
        self.fields["district"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("areas:district_options"),
                "hx-trigger": "change from:#id_province",
                "hx-include": "#id_province",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["subdistrict"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("areas:subdistrict_options"),
                "hx-trigger": "change from:#id_district, change from:#id_province",
                # Both: after a change of province the district is not chosen yet.
                "hx-include": "#id_province, #id_district",
                "hx-swap": "innerHTML",
            }
        )


class CommunityForm(AreaPickerMixin, forms.ModelForm):
    """A community: its name and place, households, land status and notes."""

    class Meta:
        model = Community
        fields = [
            "name",
            "province",
            "district",
            "subdistrict",
            "municipality",
            "households",
            "land_status",
            "notes",
        ]
        labels = {
            "name": _("Community name"),
            "municipality": _("Municipality (optional)"),
        }
        help_texts = {
            "name": _('As people write it, e.g. "ชุมชนเทพารักษ์ 4".'),
            "land_status": _('e.g. "ที่ดินการรถไฟแห่งประเทศไทย".'),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subdistrict = self.instance.subdistrict if self.instance.subdistrict_id else None
        subdistrict = subdistrict or self.initial.get("subdistrict")
        if isinstance(subdistrict, Subdistrict):
            self.initial.setdefault("province", subdistrict.province_id)
            self.initial.setdefault("district", subdistrict.district_id)
            self.initial["subdistrict"] = subdistrict.code
        self.setup_area_picker()
        district = self._value("district", "")
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            district_id=district
        ).order_by("name_th")
        self.fields["municipality"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("areas:municipality_options"),
                "hx-trigger": "change from:#id_district, change from:#id_province",
                "hx-include": "#id_province, #id_district",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["households"].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        province, district, subdistrict = (
            data.get("province"),
            data.get("district"),
            data.get("subdistrict"),
        )
        if district and province and district.province_id != province.pk:
            self.add_error("district", _("This district is not in the chosen province."))
        if subdistrict and district and subdistrict.district_id != district.pk:
            self.add_error("subdistrict", _("This subdistrict is not in the chosen district."))
        return data

    def _post_clean(self) -> None:
        # The service validates and saves (search key, uniqueness); skip the model's own checks.
        pass

    def service_fields(self) -> dict[str, Any]:
        """Return the cleaned values the community services take."""
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "name",
                "subdistrict",
                "municipality",
                "households",
                "land_status",
                "notes",
            )
        }


class CommunitySearchForm(forms.Form):
    """The filters of the community list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("All provinces"),
    )


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it,
    otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)

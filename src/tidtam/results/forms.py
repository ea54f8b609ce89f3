"""Forms of the results pages: indicator, targets and revision, a result, review decisions, import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.results.models import Indicator
from tidtam.thai.numbers import parse_number

FISCAL_YEAR_HELP = _("Buddhist Era, e.g. 2568")


class ThaiNumberField(forms.CharField):
    """A number typed with commas or Thai digits ("1,250", "๑๒"); blank = not set."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_number(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Not a number.")) from exc
        if number is not None and number < 0:
            raise forms.ValidationError(_("Must not be negative."))
        return number


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "kind",
            "base",
            "direction",
            "owner",
            "colour_rule",
            "red_below",
            "green_above",
            "pass_rule",
            "source",
            "parent",
            "regions",
            "description",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tidtam.areas.models import Region

        self.fields["regions"].queryset = Region.objects.filter(grouping__is_default=True)  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"), min_value=2400, max_value=2700, help_text=FISCAL_YEAR_HELP
    )
    quarter = forms.TypedChoiceField(
        label=_("quarter"), coerce=int, choices=[(q, str(q)) for q in (1, 2, 3, 4)]
    )


class TargetsForm(forms.Form):
    """The country's targets of one fiscal year: annual and each quarter."""

    annual = ThaiNumberField(label=_("annual target"))
    q1 = ThaiNumberField(label=_("quarter 1"))
    q2 = ThaiNumberField(label=_("quarter 2"))
    q3 = ThaiNumberField(label=_("quarter 3"))
    q4 = ThaiNumberField(label=_("quarter 4"))
    reason = forms.CharField(
        label=_("reason for a change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when a target that already has a value changes."),
    )
    approver = forms.CharField(label=_("approved by"), required=False, max_length=300)


class ResultForm(forms.Form):
    value = ThaiNumberField(label=_("result"))
    narrative = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(
        label=_("problems and obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("what should be corrected"), widget=forms.Textarea(attrs={"rows": 2})
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("file (CSV or XLSX)"),
        help_text=_(
            "Columns: code, name, unit, kind, base, annual_target, target_q1–q4, result_q1–q4, colour_rule, parent_code (Thai headers accepted)."
        ),
    )
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"), min_value=2400, max_value=2700, help_text=FISCAL_YEAR_HELP
    )
    reason = forms.CharField(
        label=_("reason for changed targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    approver = forms.CharField(
        label=_("changed targets approved by"), required=False, max_length=300
    )

"""The filters above the data-quality page (GET): programme, project, as-of date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.projects.models import Programme, Project
from tidtam.thai.forms import BEDateField


class QualityFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All programmes"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All projects"),
    )
    as_of = BEDateField(label=_("As of"), required=False)

    def __init__(
        self, *args: Any, programmes: Any = None, projects: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        if projects is not None:
            self.fields["project"].queryset = projects  # type: ignore[attr-defined]

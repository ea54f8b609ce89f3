"""Forms of the import page: the upload, and the confirmation of a checked file."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.imports.selectors import kind_choices


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=())
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_("Excel (.xlsx) or CSV (UTF-8 or Thai Windows), at most 200 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.tsv,.txt"}),
    )
    good_rows_only = forms.BooleanField(
        label=_("Import only the good rows"),
        required=False,
        help_text=_(
            "Without this, one bad row means nothing is imported. With it, the rows without "
            "errors are imported and the bad ones are given back as a file to correct."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", "---------"), *kind_choices()]


class ConfirmForm(forms.Form):
    good_rows_only = forms.BooleanField(label=_("Import only the good rows"), required=False)

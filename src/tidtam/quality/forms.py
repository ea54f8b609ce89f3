"""The forms of the quality pages: the filters of the findings (GET) and the table to audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tidtam.projects.models import Programme, Project
from tidtam.quality.checks import KIND_LABELS, Severity
from tidtam.quality.formats import SEVERITY_LABELS
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
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All severities")), *((s, SEVERITY_LABELS[s]) for s in Severity.ORDER)],
    )
    kind = forms.ChoiceField(
        label=_("Kind of finding"),
        required=False,
        choices=[("", _("All kinds")), *KIND_LABELS.items()],
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


# What the table audit reads: CSV/TSV text (UTF-8 or cp874) and the first sheet of a workbook.
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
TABLE_MAX_BYTES = 5 * 1024 * 1024
TABLE_MAX_CHARS = 500_000


class TableAuditForm(forms.Form):
    """A table pasted from Word/Excel (tab-separated) or a CSV/TSV/XLSX file: exactly one."""

    text = forms.CharField(
        label=_("Paste a table"),
        required=False,
        strip=False,
        max_length=TABLE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_("Copy the table in Word or Excel (with its header rows) and paste it here."),
    )
    file = forms.FileField(
        label=_("or upload a file"),
        required=False,
        error_messages={"empty": _("The file is empty.")},
        help_text=_("CSV or TSV (UTF-8 or Thai Windows cp874), or XLSX (the first sheet)."),
    )

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        if Path(upload.name or "").suffix.lower() not in TABLE_SUFFIXES:
            raise forms.ValidationError(
                _("This kind of file cannot be read: upload a CSV, TSV or XLSX file.")
            )
        if (upload.size or 0) > TABLE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        has_file = data.get("file") is not None
        if not self.errors:
            if has_text and has_file:
                raise forms.ValidationError(_("Paste a table or upload a file, not both."))
            if not has_text and not has_file:
                raise forms.ValidationError(_("Paste a table or upload a file to check."))
        return data

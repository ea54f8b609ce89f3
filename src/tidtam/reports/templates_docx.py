"""Organisations' DOCX templates: pick, validate and save.

A template is a DOCX with docxtpl tags (``{{ project_title }}``, ``{%tr for r in ... %}``); the
context is ``progress_docx.template_context`` (listed in ``progress_docx.CONTEXT_VARIABLES``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.reports.models import ReportKind, ReportTemplate

MAX_BYTES = 10 * 1024 * 1024


def template_for(project: Any, kind: str = ReportKind.PROGRESS) -> IO[bytes] | None:
    """Return the implementing organisation's template (an open file), or None for built-in."""
    org_id = getattr(project, "implementing_organisation_id", None)
    if org_id is None:
        return None
    tpl = ReportTemplate.objects.filter(organisation_id=org_id, kind=kind).first()
    if tpl is None or not tpl.file:
        return None
    with tpl.file.open("rb") as fh:
        return io.BytesIO(fh.read())


def sample_report() -> Any:
    """Return a small ProgressReport used to check that an uploaded template renders."""
    from tidtam.reports.progress import (
        GridCell,
        GridRow,
        MonthHead,
        PlanResults,
        ProgressReport,
        ResultItem,
        Table2Group,
        Table2Row,
        table2_cells,
    )

    counts: dict[str, int | None] = {"total": 7, "women": 5}
    row = Table2Row(
        session_id=1,
        date=dt.date(2023, 3, 10),
        date_text="10/มี.ค./2566",
        activity="1.1 ประชุมทีม",
        number=1,
        of=5,
        place="อ.บ้านไผ่",
        project_team=7,
        csnm=None,
        values=counts,
        cells=table2_cells(counts),
    )
    return ProgressReport(
        project_code="SAMPLE",
        project_title="โครงการตัวอย่าง",
        programme_name="แผนงานตัวอย่าง",
        funder_line="Funded by the European Union",
        implementer="องค์กรตัวอย่าง",
        start=dt.date(2023, 2, 1),
        end=dt.date(2023, 9, 30),
        period_text="1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566",
        months=[MonthHead(month=dt.date(2023, 3, 1), label="มี.ค.", in_period=True)],
        grid=[
            GridRow("plan", "1", "แผนงาน", [], 0, 0, "", ""),
            GridRow("activity", "1.1", "ประชุมทีม", [GridCell(True, False, 1, True)], 1, 5, "", ""),
        ],
        results=[PlanResults("1", "แผนงาน", [ResultItem("10/มี.ค./2566", "1.1", "ผล")])],
        problems=[],
        table2=[Table2Group("1 แผนงาน", "1.1 ประชุมทีม", [row], counts, table2_cells(counts), [])],
        table2_totals=counts,
        table2_total_cells=table2_cells(counts),
        table3=[],
        publications=[],
        minutes=[],
        roles=[],
        summary_form=[],
        evidence=[],
    )


def validate_template(data: bytes) -> None:
    """Refuse what is not a DOCX, or a template that does not render with a sample report.

    Raises ``ValidationError`` with a Thai (translated) message naming the problem.
    """
    from tidtam.reports.progress_docx import render_template

    if len(data) > MAX_BYTES:
        raise ValidationError(_("The template is larger than 10 MB."), code="too_big")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ValidationError(
            _("This file is not a Word document (.docx)."), code="not_docx"
        ) from None
    if "word/document.xml" not in names:
        raise ValidationError(_("This file is not a Word document (.docx)."), code="not_docx")
    try:
        render_template(io.BytesIO(data), sample_report())
    except Exception as exc:  # docxtpl raises Jinja and XML errors of many kinds
        raise ValidationError(
            _("The template does not render with a sample report: %(error)s"),
            code="render",
            params={"error": str(exc)[:300]},
        ) from exc


def template_save(
    organisation: Any, uploaded: Any, *, user: Any, kind: str = ReportKind.PROGRESS
) -> ReportTemplate:
    """Validate and store an organisation's template, replacing the previous one of ``kind``."""
    data = uploaded.read()
    validate_template(data)
    with transaction.atomic():
        tpl = ReportTemplate.objects.select_for_update().filter(
            organisation=organisation, kind=kind
        ).first() or ReportTemplate(organisation=organisation, kind=kind)
        old = tpl.file.name if tpl.pk and tpl.file else ""
        tpl.original_name = getattr(uploaded, "name", "template.docx")[:255]
        tpl.uploaded_by = user
        tpl.file.save("template.docx", ContentFile(data), save=False)
        tpl.save()
    if old:
        tpl.file.storage.delete(old)
    return tpl


def template_delete(tpl: ReportTemplate) -> None:
    """Remove an organisation's template (the built-in one is used again)."""
    name = tpl.file.name
    storage = tpl.file.storage
    tpl.delete()
    if name:
        storage.delete(name)

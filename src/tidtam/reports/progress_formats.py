"""Formatters of the progress report: HTML, PDF, JSON and DOCX from one ``ProgressReport``.

They compute nothing: every number and text comes from ``tidtam.reports.progress``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from tidtam.reports.progress import ProgressReport, table2_headers

FORMATS = ("html", "pdf", "docx", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FONT = "Noto Sans Thai"


def filename(report: ProgressReport, fmt: str) -> str:
    """Return the download name, e.g. ``progress-KKD-2566-2023-02-01-2023-09-30.pdf``."""
    return f"progress-{report.project_code}-{report.start}-{report.end}.{fmt}"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_dict(report: ProgressReport) -> dict[str, Any]:
    """Return every table of the report as plain data (JSON-ready)."""
    data = _plain(report)
    data["table2_headers"] = table2_headers()
    return data


def to_json(report: ProgressReport) -> bytes:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=1).encode("utf-8")


def _css() -> str:
    path = finders.find("reports/css/progress.css")
    return Path(str(path)).read_text(encoding="utf-8") if path else ""


def context(report: ProgressReport) -> dict[str, Any]:
    return {"report": report, "table2_headers": table2_headers()}


def to_html(report: ProgressReport) -> str:
    """Return a self-contained printable page (inline CSS): the HTML file and the PDF source."""
    return render_to_string(
        "reports/progress_print.html",
        {**context(report), "css": _css(), "lang": translation.get_language() or "th"},
    )


def to_pdf(report: ProgressReport) -> bytes:
    """Print the report to an A4 PDF through the shared Chromium writer."""
    from tidtam.reports.pdf import html_to_pdf

    header = (
        "<div style=\"width:100%;font-family:'Noto Sans Thai',sans-serif;font-size:7pt;"
        'color:#333;text-align:right;padding-right:10mm;">'
        f"{_escape(report.funder_line)}</div>"
    )
    return html_to_pdf(to_html(report), header_html=header)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


def to_docx(report: ProgressReport, template: Any = None) -> bytes:
    """Return the DOCX: the organisation's docxtpl template when given, else the built-in one."""
    from tidtam.reports import progress_docx

    if template is not None:
        return progress_docx.render_template(template, report)
    return progress_docx.build(report)


def render(report: ProgressReport, fmt: str, *, template: Any = None) -> bytes:
    """Return the report in ``fmt`` (html, pdf, docx, json) as bytes."""
    if fmt == "json":
        return to_json(report)
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(report)
    if fmt == "docx":
        return to_docx(report, template)
    raise ValueError(f"unknown format {fmt!r}")

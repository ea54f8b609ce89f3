"""The quality pages: findings in Tidtam's data, and the audit of a legacy table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tidtam.imports.table_audit import TableReadError
from tidtam.quality import legacy_tables, selectors
from tidtam.quality.checks import KIND_LABELS
from tidtam.quality.formats import SEVERITY_LABELS
from tidtam.quality.forms import QualityFilterForm, TableAuditForm


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """List every finding in the user's scope, filtered by programme, project, severity, kind."""
    programme_code = request.GET.get("programme", "")
    form = QualityFilterForm(
        request.GET or None,
        programmes=selectors.visible_programmes(request.user),
        projects=selectors.visible_projects(request.user, programme_code),
    )
    context = {"form": form, "report": None, "kind_labels": KIND_LABELS}
    context["severity_labels"] = SEVERITY_LABELS
    if form.is_bound and not form.is_valid():
        return render(request, "quality/index.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    programme = data.get("programme")
    project = data.get("project")
    context["report"] = selectors.quality_report(
        request.user,
        programme_code=programme.code if programme else "",
        project_code=project.code if project else "",
        as_of=data.get("as_of"),
        severity=data.get("severity", ""),
        kind=data.get("kind", ""),
    )
    return render(request, "quality/index.html", context)


@login_required
def table_audit(request: HttpRequest) -> HttpResponse:
    """Check the totals and percentages of a pasted or uploaded legacy table; nothing is saved."""
    if request.method != "POST":
        context = {"form": TableAuditForm(), "table": None, "read_error": ""}
        return render(request, "quality/table_audit.html", context)
    form = TableAuditForm(request.POST, request.FILES)
    context = {"form": form, "table": None, "read_error": ""}
    if not form.is_valid():
        return render(request, "quality/table_audit.html", context, status=400)
    try:
        if form.cleaned_data["file"] is not None:
            context["table"] = legacy_tables.audit_upload(form.cleaned_data["file"])
        else:
            context["table"] = legacy_tables.audit_pasted(form.cleaned_data["text"])
    except TableReadError as exc:
        context["read_error"] = str(exc)
        return render(request, "quality/table_audit.html", context, status=400)
    return render(request, "quality/table_audit.html", context)

"""The data-quality page: findings by severity, with links to the records, for what the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tidtam.quality import selectors
from tidtam.quality.forms import QualityFilterForm


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """List every finding in the user's scope, filtered by programme, project and date."""
    programme_code = request.GET.get("programme", "")
    form = QualityFilterForm(
        request.GET or None,
        programmes=selectors.visible_programmes(request.user),
        projects=selectors.visible_projects(request.user, programme_code),
    )
    report = None
    if form.is_bound and not form.is_valid():
        return render(request, "quality/index.html", {"form": form, "report": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    programme = data.get("programme")
    project = data.get("project")
    report = selectors.quality_report(
        request.user,
        programme_code=programme.code if programme else "",
        project_code=project.code if project else "",
        as_of=data.get("as_of"),
    )
    return render(request, "quality/index.html", {"form": form, "report": report})

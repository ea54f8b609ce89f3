"""Programme list and programme page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tidtam.accounts import access
from tidtam.projects.models import Programme, Project


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """List the programmes the person may see, with their number of visible projects."""
    programmes = access.scoped(
        request.user, Programme.objects.select_related("funder", "owner"), access.Action.VIEW
    ).order_by("-last_fiscal_year", "name")
    page = Paginator(programmes, 50).get_page(request.GET.get("page"))
    return render(request, "projects/programme_list.html", {"page_obj": page})


@login_required
@require_GET
@access.object_view(Programme)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a programme and the projects of it that the person may see."""
    programme = access.get_object_or_404(
        request.user, Programme.objects.select_related("funder", "owner", "region"), pk=pk
    )
    projects = access.scoped(
        request.user,
        Project.objects.filter(programme=programme).select_related(
            "implementing_organisation", "province"
        ),
        access.Action.VIEW,
    ).order_by("code")
    return render(
        request,
        "projects/programme_detail.html",
        {"programme": programme, "projects": list(projects)},
    )

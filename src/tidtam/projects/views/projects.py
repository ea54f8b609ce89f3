"""Project list, create and edit, and the project page (issue 4 §8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tidtam.accounts import access
from tidtam.projects import page_html, selectors, services
from tidtam.projects.forms import ProjectFilterForm, ProjectForm
from tidtam.projects.models import Programme, Project

# What the project header of every project page shows, loaded in the same query.
PROJECT_HEADER = Project.objects.select_related("programme", "implementing_organisation")


def project_url_kwargs(project: Project) -> dict[str, str]:
    return {"code": project.code}


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """List the projects the person may see; search by code, title or implementer; filter."""
    visible_programmes = access.scoped(request.user, Programme.objects.all(), access.Action.VIEW)
    form = ProjectFilterForm(request.GET or None, programmes=visible_programmes)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(
        request.user,
        q=filters.get("q") or "",
        programme_id=filters["programme"].pk if filters.get("programme") else None,
        status=filters.get("status") or "",
        province_code=filters["province"].code if filters.get("province") else "",
    )
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    may_create = access.scoped(request.user, Programme.objects.all(), access.Action.CHANGE).exists()
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": form.query_string(),
            "may_create": may_create,
        },
    )


def _save_project(request: HttpRequest, form: ProjectForm, project: Project | None) -> Project:
    data = dict(form.cleaned_data)
    if project is None:
        return services.project_create(user=request.user, **data)
    return services.project_update(project, user=request.user, **data)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    """Register a new project under a programme the person may change."""
    programmes = access.scoped(request.user, Programme.objects.all(), access.Action.CHANGE)
    if not programmes.exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            project = _save_project(request, form, None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:project", code=project.code)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(
    Project,
    access.Action.CHANGE,
    kwarg="code",
    url_kwargs=project_url_kwargs,
    methods=("GET", "POST"),
)
def project_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a project's registration data."""
    project = access.get_object_or_404(request.user, Project, access.Action.CHANGE, code=code)
    programmes = access.scoped(request.user, Programme.objects.all(), access.Action.VIEW)
    form = ProjectForm(request.POST or None, instance=project, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            project = _save_project(request, form, project)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:project", code=project.code)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_GET
@access.object_view(Project, kwarg="code", url_kwargs=project_url_kwargs)
def project_page(request: HttpRequest, code: str) -> HttpResponse:
    """Show the project page: header, plan-vs-actual grid, Table 2, chart, outputs, problems, team."""
    project = access.get_object_or_404(
        request.user,
        Project.objects.select_related(
            "programme", "implementing_organisation", "proposing_organisation", "province"
        ),
        code=code,
    )
    page = selectors.project_page(request.user, project)
    chart = {
        "label": _("Participants"),
        "labels": [str(label) for label, _count in page.sector_totals],
        "values": [count for _label, count in page.sector_totals],
    }
    period_months = set()
    if page.period is not None:
        period_months = {
            m
            for m in page.months
            if m <= page.period.end
            and (m.year, m.month) >= (page.period.start.year, page.period.start.month)
        }
    user = request.user
    return render(
        request,
        "projects/project_page.html",
        {
            "project": page.project,
            "page": page,
            "period_months": period_months,
            # Table 1's rows and Table 2's groups, written (and escaped) in Python for speed.
            "plan_rows_html": mark_safe(page_html.plan_rows_html(page)),  # noqa: S308
            "session_groups_html": mark_safe(page_html.session_groups_html(page)),  # noqa: S308
            "chart_data": chart,
            "has_participants": any(count for _label, count in page.sector_totals),
            "may_change": access.can(user, access.Action.CHANGE, project),
            "may_view_personal": access.can(user, access.Action.VIEW_PERSONAL, project),
        },
    )

"""Work plans and activities: direct edits before approval, change requests after it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tidtam.accounts import access
from tidtam.projects import selectors, services
from tidtam.projects.forms import ActivityForm, ChangeRequestForm, DecisionForm, WorkPlanForm
from tidtam.projects.models import (
    Activity,
    ChangeRequest,
    Project,
    WorkPlan,
)
from tidtam.projects.views.projects import PROJECT_HEADER, project_url_kwargs
from tidtam.thai.dates import format_date, format_month_range


def _activity_fields(form: ActivityForm) -> dict:
    fields = {k: v for k, v in form.cleaned_data.items() if k not in ("months", "reason", "plan")}
    fields["months"] = form.planned_months()
    return fields


@login_required
@require_GET
@access.object_view(Project, kwarg="code", url_kwargs=project_url_kwargs)
def plan_page(request: HttpRequest, code: str) -> HttpResponse:
    """Show the work plans and activities with their edit links, and the change requests."""
    project = access.get_object_or_404(request.user, PROJECT_HEADER, code=code)
    plans = list(
        WorkPlan.objects.filter(project=project).prefetch_related(
            "activities__months", "activities__planned_outputs"
        )
    )
    change_requests = list(
        ChangeRequest.objects.filter(project=project).select_related(
            "activity", "requested_by", "decided_by"
        )
    )
    return render(
        request,
        "projects/plan_page.html",
        {
            "project": project,
            "plans": plans,
            "change_requests": change_requests,
            "frozen": selectors.plan_is_frozen(project),
            "may_change": access.can(request.user, access.Action.CHANGE, project),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(
    Project,
    access.Action.CHANGE,
    kwarg="code",
    url_kwargs=project_url_kwargs,
    methods=("GET", "POST"),
)
def work_plan_create(request: HttpRequest, code: str) -> HttpResponse:
    """Add a work plan (before the project is approved)."""
    project = access.get_object_or_404(request.user, Project, access.Action.CHANGE, code=code)
    return _work_plan_form(request, project, None)


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(WorkPlan, access.Action.CHANGE, methods=("GET", "POST"))
def work_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a work plan (before the project is approved)."""
    plan = access.get_object_or_404(
        request.user, WorkPlan.objects.select_related("project"), access.Action.CHANGE, pk=pk
    )
    return _work_plan_form(request, plan.project, plan)


def _work_plan_form(request: HttpRequest, project: Project, plan: WorkPlan | None) -> HttpResponse:
    if selectors.plan_is_frozen(project):
        messages.error(request, _("The plan is approved: ask for a change instead."))
        return redirect("projects:plans", code=project.code)
    form = WorkPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_plan_save(project, user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The work plan has been saved."))
            return redirect("projects:plans", code=project.code)
    return render(
        request, "projects/plan_form.html", {"project": project, "form": form, "plan": plan}
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(
    Project,
    access.Action.CHANGE,
    kwarg="code",
    url_kwargs=project_url_kwargs,
    methods=("GET", "POST"),
)
def activity_create(request: HttpRequest, code: str) -> HttpResponse:
    """Add an activity to a work plan (before the project is approved)."""
    project = access.get_object_or_404(request.user, Project, access.Action.CHANGE, code=code)
    return _activity_form(request, project, None)


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Activity, access.Action.CHANGE, methods=("GET", "POST"))
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an activity (before the project is approved)."""
    activity = access.get_object_or_404(
        request.user,
        Activity.objects.select_related("plan__project"),
        access.Action.CHANGE,
        pk=pk,
    )
    return _activity_form(request, activity.plan.project, activity)


def _activity_form(
    request: HttpRequest, project: Project, activity: Activity | None
) -> HttpResponse:
    if selectors.plan_is_frozen(project):
        messages.error(request, _("The plan is approved: ask for a change instead."))
        return redirect("projects:plans", code=project.code)
    form = ActivityForm(request.POST or None, instance=activity, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(
                form.cleaned_data["plan"] if activity is None else activity.plan,
                user=request.user,
                activity=activity,
                **_activity_fields(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect("projects:plans", code=project.code)
    return render(
        request,
        "projects/activity_form.html",
        {"project": project, "form": form, "activity": activity, "change_request": False},
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Activity, access.Action.CHANGE, methods=("GET", "POST"))
def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the funder side to approve a change of an approved activity."""
    activity = access.get_object_or_404(
        request.user,
        Activity.objects.select_related("plan__project"),
        access.Action.CHANGE,
        pk=pk,
    )
    project = activity.plan.project
    old = services.activity_snapshot(activity)
    form = ChangeRequestForm(request.POST or None, instance=activity, project=project, old=old)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_request_submit(
                project,
                user=request.user,
                reason=form.cleaned_data["reason"],
                new_plan=form.changed_plan(),
                activity=activity,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The change request has been sent for approval."))
            return redirect("projects:change_request", pk=change.pk)
    # A ModelForm bound to the instance changes it in memory: never save it here.
    return render(
        request,
        "projects/activity_form.html",
        {"project": project, "form": form, "activity": activity, "change_request": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(ChangeRequest, methods=("GET", "POST"))
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the old and new plan of a change request; the funder side approves or rejects it."""
    change = access.get_object_or_404(
        request.user,
        ChangeRequest.objects.select_related("project", "activity", "requested_by", "decided_by"),
        pk=pk,
    )
    may_decide = selectors.change_request_may_decide(request.user, change)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if "approve" in request.POST:
                    services.change_request_approve(change, user=request.user, note=note)
                    messages.success(request, _("The change has been approved and applied."))
                else:
                    services.change_request_reject(change, user=request.user, note=note)
                    messages.success(request, _("The change has been rejected."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("projects:change_request", pk=change.pk)
    return render(
        request,
        "projects/change_request.html",
        {
            "change": change,
            "project": change.project,
            "rows": change_rows(change),
            "may_decide": may_decide,
            "form": form,
        },
    )


CHANGE_LABELS = {
    "plan": gettext_lazy("work plan"),
    "number": gettext_lazy("number"),
    "budget_number": gettext_lazy("number in the budget plan"),
    "title": gettext_lazy("activity title"),
    "planned_start": gettext_lazy("planned start"),
    "planned_end": gettext_lazy("planned end"),
    "planned_sessions": gettext_lazy("planned sessions (N)"),
    "budget_line_reference": gettext_lazy("budget line reference"),
    "rescheduled_reason": gettext_lazy("reason for rescheduling"),
    "months": gettext_lazy("planned months"),
    "rescheduled_months": gettext_lazy("rescheduled months"),
}


def _show(key: str, value) -> str:
    if value in (None, "", []):
        return "–"
    if key in ("months", "rescheduled_months"):
        return ", ".join(format_month_range(dt.date(y, m, 1), dt.date(y, m, 1)) for y, m in value)
    if key in ("planned_start", "planned_end"):
        return format_date(dt.date.fromisoformat(value), "short")
    return str(value)


def change_rows(change: ChangeRequest) -> list[dict]:
    """Return the core's old/new rows of a change request with labels and readable values."""
    return [
        {
            "label": CHANGE_LABELS.get(row.field, row.field),
            "old": _show(row.field, row.old),
            "new": _show(row.field, row.new),
            "changed": row.changed,
        }
        for row in selectors.change_request_rows(change)
    ]

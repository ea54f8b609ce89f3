"""Review of reporting periods: open, submit, return with comments, approve (= lock), unlock."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tidtam.accounts import access
from tidtam.projects import selectors, services
from tidtam.projects.forms import PeriodForm, UnlockForm
from tidtam.projects.models import Project, ReportingPeriod
from tidtam.projects.views.projects import PROJECT_HEADER, project_url_kwargs

PERIOD_RELATED = ("project", "submitted_by", "reviewed_by")


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Project, kwarg="code", url_kwargs=project_url_kwargs, methods=("GET", "POST"))
def period_list(request: HttpRequest, code: str) -> HttpResponse:
    """List a project's reporting periods with their review status; open a new one."""
    project = access.get_object_or_404(request.user, PROJECT_HEADER, code=code)
    may_open = access.can(request.user, access.Action.SUBMIT, project)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.Action.SUBMIT, project)
        if form.is_valid():
            start, end = form.cleaned_data["dates"]
            try:
                period = services.reporting_period_create(
                    project, user=request.user, start=start, end=end
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The reporting period has been opened."))
                return redirect("projects:period", pk=period.pk)
    periods = list(
        ReportingPeriod.objects.filter(project=project)
        .select_related("submitted_by", "reviewed_by")
        .order_by("start")
    )
    return render(
        request,
        "projects/period_list.html",
        {"project": project, "periods": periods, "may_open": may_open, "form": form},
    )


@login_required
@require_GET
@access.object_view(ReportingPeriod)
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a period's sessions and comments: the coordinator submits, the reviewer decides."""
    period = access.get_object_or_404(
        request.user, ReportingPeriod.objects.select_related(*PERIOD_RELATED), pk=pk
    )
    user = request.user
    may_review = access.can(user, access.Action.REVIEW, period)
    return render(
        request,
        "projects/period_detail.html",
        {
            "period": period,
            "project": period.project,
            "review": selectors.period_review(user, period),
            "may_submit": access.can(user, access.Action.SUBMIT, period)
            and selectors.period_may(period, "submit"),
            "may_decide": may_review and selectors.period_may(period, "approve"),
            "may_unlock": may_review and selectors.period_may(period, "unlock"),
            "may_change": access.can(user, access.Action.CHANGE, period) and not period.is_locked,
        },
    )


def _act(request: HttpRequest, pk: int, action: access.Action, do, done: str) -> HttpResponse:
    period = access.get_object_or_404(
        request.user, ReportingPeriod.objects.select_related("project"), action, pk=pk
    )
    try:
        do(period)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("projects:period", pk=period.pk)


@login_required
@require_POST
@access.object_view(ReportingPeriod, access.Action.SUBMIT, methods=("POST",))
def period_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a period's sessions to the reviewer."""
    return _act(
        request,
        pk,
        access.Action.SUBMIT,
        lambda period: services.reporting_period_submit(period, user=request.user),
        _("The period has been submitted for review."),
    )


@login_required
@require_POST
@access.object_view(ReportingPeriod, access.Action.REVIEW, methods=("POST",))
def period_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a period to the coordinator with a comment per session (and an overall comment)."""
    comments: list[dict] = []
    for key, value in request.POST.items():
        suffix = key.removeprefix("comment-")
        if key.startswith("comment-") and suffix.isdigit() and value.strip():
            comments.append({"session": int(suffix), "text": value.strip()})
    if request.POST.get("note", "").strip():
        comments.append({"session": None, "text": request.POST["note"].strip()})
    return _act(
        request,
        pk,
        access.Action.REVIEW,
        lambda period: services.reporting_period_return(
            period, user=request.user, comments=comments
        ),
        _("The period has been returned with your comments."),
    )


@login_required
@require_POST
@access.object_view(ReportingPeriod, access.Action.REVIEW, methods=("POST",))
def period_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a period: its sessions are locked."""
    return _act(
        request,
        pk,
        access.Action.REVIEW,
        lambda period: services.reporting_period_approve(period, user=request.user),
        _("The period has been approved and locked."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(ReportingPeriod, access.Action.REVIEW, methods=("GET", "POST"))
def period_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Unlock an approved period, with a reason (kept in the audit trail)."""
    period = access.get_object_or_404(
        request.user, ReportingPeriod.objects.select_related("project"), access.Action.REVIEW, pk=pk
    )
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_period_unlock(
                period, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The period has been unlocked."))
            return redirect("projects:period", pk=period.pk)
    return render(
        request,
        "projects/period_unlock.html",
        {"period": period, "project": period.project, "form": form},
    )

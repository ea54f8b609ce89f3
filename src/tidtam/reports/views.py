"""Pages of the reports app: the progress report, background jobs ("my reports"), templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Project
from tidtam.reports import progress_formats, services
from tidtam.reports.models import ReportJob, ReportKind, ReportTemplate
from tidtam.reports.progress import progress_report
from tidtam.reports.progress_docx import CONTEXT_VARIABLES
from tidtam.reports.templates_docx import template_delete, template_for, template_save
from tidtam.thai import format_date
from tidtam.thai.forms import BEDateField

FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (Word)"), ("json", "JSON"), ("html", "HTML")]


class PeriodForm(forms.Form):
    start = BEDateField(label=gettext_lazy("Period from"))
    end = BEDateField(label=gettext_lazy("Period to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


class ProgressJobForm(PeriodForm):
    project = forms.ModelChoiceField(
        label=gettext_lazy("Project"), queryset=Project.objects.none(), to_field_name="code"
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES)
    field_order = ["project", "start", "end", "format"]


class TemplateForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("DOCX template"))


def _default_period(project: Project) -> tuple[dt.date, dt.date]:
    from tidtam.projects.selectors import current_period

    period = current_period(project)
    if period is not None:
        return period.start, period.end
    today = timezone.localdate()
    return project.start_date or today.replace(day=1), project.end_date or today


@login_required
@access.object_view(Project, Action.VIEW, kwarg="code", url_kwargs=lambda p: {"code": p.code})
def progress(request: HttpRequest, code: str) -> HttpResponse:
    """Show the progress report of a project for a period (?start=&end=), or download it."""
    project = access.get_object_or_404(request.user, Project, Action.VIEW, code=code)
    start, end = _default_period(project)
    data = request.GET.copy()
    for key, value in (("start", start), ("end", end)):
        try:  # ISO dates in links; the form shows and reads BE
            given = dt.date.fromisoformat(data[key]) if key in data else value
        except ValueError:
            continue  # typed BE text: the form reads it
        data[key] = format_date(given, "numeric")
    form = PeriodForm(data)
    if not form.is_valid():
        return render(
            request, "reports/progress.html", {"project": project, "form": form, "report": None}
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = progress_report(request.user, project, start, end)
    fmt = request.GET.get("format", "")
    if fmt in ("pdf", "docx", "json"):
        template = template_for(project) if fmt == "docx" else None
        body = progress_formats.render(report, fmt, template=template)
        response = HttpResponse(body, content_type=progress_formats.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{progress_formats.filename(report, fmt)}"'
        )
        return response
    return render(
        request,
        "reports/progress.html",
        {
            **progress_formats.context(report),
            "project": project,
            "form": form,
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
        },
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """List "my reports": the jobs the user asked for (administrators: everyone's)."""
    jobs = ReportJob.objects.select_related("requested_by")
    if not access.is_administrator(request.user):
        jobs = jobs.filter(requested_by=request.user)
    return render(request, "reports/jobs.html", {"jobs": jobs[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request: HttpRequest) -> HttpResponse:
    """Ask for a progress report in the background."""
    projects = access.scoped(request.user, Project.objects.order_by("code"))
    initial: dict[str, Any] = {"format": "pdf"}
    if request.method == "POST":
        form = ProgressJobForm(request.POST)
        form.fields["project"].queryset = projects
        if form.is_valid():
            d = form.cleaned_data
            try:
                job = services.report_job_request(
                    request.user,
                    ReportKind.PROGRESS,
                    {
                        "project": d["project"].code,
                        "start": d["start"].isoformat(),
                        "end": d["end"].isoformat(),
                        "format": d["format"],
                    },
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("reports:job_detail", pk=job.pk)
    else:
        code = request.GET.get("project", "")
        project = projects.filter(code=code).first() if code else None
        if project is not None:
            start, end = _default_period(project)
            initial.update(project=project.code, start=start, end=end)
        form = ProgressJobForm(initial=initial)
        form.fields["project"].queryset = projects
    return render(request, "reports/job_new.html", {"form": form})


def _job(request: HttpRequest, pk: int) -> ReportJob:
    """Load a job of the requester (any job for an administrator); 404 otherwise."""
    jobs = ReportJob.objects.select_related("requested_by")
    if not access.is_administrator(request.user):
        jobs = jobs.filter(requested_by=request.user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


JOB_REASON = "a report job belongs to its requester: looked up with requested_by=user (or admin)"


@login_required
@access.no_object_view(JOB_REASON)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one job; its status part polls every 2 s until the job is done or failed."""
    job = _job(request, pk)
    return render(request, "reports/job_detail.html", {"job": job})


@login_required
@access.no_object_view(JOB_REASON)
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the status part of a job page (htmx polling)."""
    job = _job(request, pk)
    response = render(request, "reports/_job_status.html", {"job": job})
    if job.is_finished and request.headers.get("HX-Request"):
        response.status_code = 286  # htmx: stop polling
    return response


@login_required
@access.no_object_view(JOB_REASON)
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send a finished job's file (only to its requester or an administrator)."""
    job = _job(request, pk)
    if not job.result:
        raise Http404
    response = FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name or "report"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Organisation, Action.CHANGE, methods=("GET", "POST"))
def template_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload (or remove) an organisation's own DOCX template of the progress report."""
    organisation = access.get_object_or_404(request.user, Organisation, Action.CHANGE, pk=pk)
    current = ReportTemplate.objects.filter(
        organisation=organisation, kind=ReportKind.PROGRESS
    ).first()
    form = TemplateForm()
    if request.method == "POST":
        if request.POST.get("remove") and current is not None:
            template_delete(current)
            messages.success(request, _("The template was removed; the built-in one is used."))
            return redirect(reverse("reports:template_upload", kwargs={"pk": organisation.pk}))
        form = TemplateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                template_save(organisation, form.cleaned_data["file"], user=request.user)
            except ValidationError as exc:
                form.add_error("file", exc)
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("The template was saved."))
                return redirect(reverse("reports:template_upload", kwargs={"pk": organisation.pk}))
    return render(
        request,
        "reports/template_upload.html",
        {
            "organisation": organisation,
            "current": current,
            "form": form,
            "variables": CONTEXT_VARIABLES,
        },
    )

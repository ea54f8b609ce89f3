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
from tidtam.accounts.access import Action, DataKind
from tidtam.areas.models import Region
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Programme, Project
from tidtam.reports import progress_formats, services
from tidtam.reports.models import ReportJob, ReportKind, ReportTemplate
from tidtam.reports.progress import progress_report
from tidtam.reports.progress_docx import CONTEXT_VARIABLES
from tidtam.reports.templates_docx import template_delete, template_for, template_save
from tidtam.thai import format_date
from tidtam.thai.forms import BEDateField

FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (Word)"), ("json", "JSON"), ("html", "HTML")]
KPI_FORMAT_CHOICES = [
    ("xlsx", "XLSX (Excel)"),
    ("docx", "DOCX (Word)"),
    ("json", "JSON"),
    ("html", "HTML"),
]
BUDGET_STATUS_FORMAT_CHOICES = [
    ("pdf", "PDF"),
    ("xlsx", "XLSX (Excel)"),
    ("json", "JSON"),
    ("html", "HTML"),
]
QUARTER_CHOICES = [
    (1, gettext_lazy("Quarter 1 (October–December)")),
    (2, gettext_lazy("Quarter 2 (January–March)")),
    (3, gettext_lazy("Quarter 3 (April–June)")),
    (4, gettext_lazy("Quarter 4 (July–September)")),
]


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


def _regions() -> Any:
    return Region.objects.filter(grouping__is_default=True).order_by("order", "code")


class KpiJobForm(forms.Form):
    """The quarterly KPI report: a BE fiscal year, a quarter, the country or one region."""

    fiscal_year = forms.IntegerField(
        label=gettext_lazy("Fiscal year (BE)"), min_value=2400, max_value=2700
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), choices=QUARTER_CHOICES, coerce=int
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All regions"),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=KPI_FORMAT_CHOICES)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tidtam.results.selectors import user_region_ids

        regions = _regions()
        covered = user_region_ids(user)
        if covered is not None:  # only the regions the user's grants cover
            regions = regions.filter(pk__in=covered)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = regions


class BudgetStatusJobForm(forms.Form):
    """The budget-status report: a programme, the country or one region, "as of" a BE date."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.none(), to_field_name="code"
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All regions"),
    )
    as_of = BEDateField(label=gettext_lazy("As of"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=BUDGET_STATUS_FORMAT_CHOICES)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        region = self.fields["region"]
        assert isinstance(programme, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(region, forms.ModelChoiceField)  # noqa: S101 - declared above
        programme.queryset = access.scoped(
            user, Programme.objects.order_by("-code"), Action.VIEW, kind=DataKind.FINANCE
        )
        region.queryset = _regions()


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
    return render(
        request,
        "reports/job_new.html",
        {"form": form, "heading": _("Prepare a progress report")},
    )


def _ask(request: HttpRequest, form: forms.Form, kind: str, heading: str) -> HttpResponse:
    """Queue the job of a valid posted ``form`` and go to its page; else show the form."""
    if request.method == "POST" and form.is_valid():
        parameters = {
            k: (v.code if hasattr(v, "code") else v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in form.cleaned_data.items()
            if v is not None
        }
        try:
            job = services.report_job_request(request.user, kind, parameters)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("reports:job_detail", pk=job.pk)
    return render(request, "reports/job_new.html", {"form": form, "heading": heading})


@login_required
@require_http_methods(["GET", "POST"])
def job_new_kpi(request: HttpRequest) -> HttpResponse:
    """Ask for the quarterly KPI report in the background."""
    from tidtam.results.selectors import default_period

    if not access.may_anywhere(request.user, Action.VIEW):
        raise PermissionDenied
    if request.method == "POST":
        form = KpiJobForm(request.POST, user=request.user)
    else:
        year, quarter = default_period(request.user)
        form = KpiJobForm(
            initial={"fiscal_year": year, "quarter": quarter, "format": "xlsx"}, user=request.user
        )
    return _ask(request, form, ReportKind.KPI, _("Prepare a KPI report"))


@login_required
@require_http_methods(["GET", "POST"])
def job_new_budget_status(request: HttpRequest) -> HttpResponse:
    """Ask for a programme's budget-status report in the background."""
    if request.method == "POST":
        form = BudgetStatusJobForm(request.POST, user=request.user)
    else:
        initial: dict[str, Any] = {"as_of": timezone.localdate(), "format": "pdf"}
        if request.GET.get("programme"):
            initial["programme"] = request.GET["programme"]
        form = BudgetStatusJobForm(initial=initial, user=request.user)
    return _ask(request, form, ReportKind.BUDGET_STATUS, _("Prepare a budget-status report"))


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

"""Writes of the reports app: background report jobs (ask, run, fail) in one place."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidtam.accounts import access
from tidtam.reports.models import JobStatus, ReportJob, ReportKind

log = logging.getLogger(__name__)


def _progress_parameters(user: Any, parameters: dict[str, Any]) -> dict[str, Any]:
    from tidtam.projects.models import Project

    project = access.get_object_or_404(
        user, Project, access.Action.VIEW, code=str(parameters.get("project", ""))
    )
    start = dt.date.fromisoformat(str(parameters["start"]))
    end = dt.date.fromisoformat(str(parameters["end"]))
    if end < start:
        raise ValidationError(_("The period ends before it starts."))
    fmt = _format(parameters, PROGRESS_FORMATS)
    return {
        "project": project.code,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "format": fmt,
    }


PROGRESS_FORMATS = ("pdf", "docx", "json", "html")
KPI_FORMATS = ("xlsx", "docx", "json", "html")  # what ``results.report_cli.render`` writes
BUDGET_STATUS_FORMATS = ("pdf", "xlsx", "json", "html")  # ``finance.report_formats.render``


def _format(parameters: dict[str, Any], allowed: tuple[str, ...]) -> str:
    fmt = str(parameters.get("format") or allowed[0])
    if fmt not in allowed:
        raise ValidationError(_("Unknown format."))
    return fmt


def _region(code: Any) -> Any:
    """Return the region of the default grouping with ``code`` (None for none asked)."""
    from tidtam.areas.models import Region

    if not code:
        return None
    region = Region.objects.filter(grouping__is_default=True, code=str(code)).first()
    if region is None:
        raise ValidationError(_("Unknown region."))
    return region


def _kpi_parameters(user: Any, parameters: dict[str, Any]) -> dict[str, Any]:
    """Check a KPI-report request: a BE fiscal year, a quarter, a region the user covers."""
    from tidtam.results.selectors import user_region_ids

    if not access.may_anywhere(user, access.Action.VIEW):
        raise PermissionDenied
    try:
        fiscal_year = int(parameters["fiscal_year"])
        quarter = int(parameters["quarter"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("Choose a fiscal year and a quarter.")) from exc
    if not 2400 <= fiscal_year <= 2700 or quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a fiscal year and a quarter."))
    fmt = _format(parameters, KPI_FORMATS)
    region = _region(parameters.get("region"))
    covered = user_region_ids(user)
    if region is not None and covered is not None and region.pk not in covered:
        raise PermissionDenied
    return {
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "region": region.code if region else "",
        "region_name": str(region) if region else "",
        "format": fmt,
    }


def _budget_status_parameters(user: Any, parameters: dict[str, Any]) -> dict[str, Any]:
    """Check a budget-status request: a programme whose money the user may see, a date."""
    from tidtam.projects.models import Programme

    programme = access.get_object_or_404(
        user,
        Programme,
        access.Action.VIEW,
        kind=access.DataKind.FINANCE,
        code=str(parameters.get("programme", "")),
    )
    try:
        as_of = dt.date.fromisoformat(str(parameters["as_of"]))
    except (KeyError, ValueError) as exc:
        raise ValidationError(_("Give the date the report is as of.")) from exc
    region = _region(parameters.get("region"))
    return {
        "programme": programme.code,
        "as_of": as_of.isoformat(),
        "region": region.code if region else "",
        "region_name": str(region) if region else "",
        "format": _format(parameters, BUDGET_STATUS_FORMATS),
    }


def report_job_request(user: Any, kind: str, parameters: dict[str, Any]) -> ReportJob:
    """Record a report job asked for by ``user`` and queue it on the "reports" queue.

    Checks that the user may see what the report is about (404/403 through ``access``).
    """
    if kind == ReportKind.PROGRESS:
        clean = _progress_parameters(user, parameters)
    elif kind == ReportKind.KPI:
        clean = _kpi_parameters(user, parameters)
    elif kind == ReportKind.BUDGET_STATUS:
        clean = _budget_status_parameters(user, parameters)
    else:
        raise ValidationError(_("This kind of report cannot run in the background."))
    from tidtam.reports.tasks import run_report_job

    with transaction.atomic():
        job = ReportJob.objects.create(
            requested_by=user,
            kind=kind,
            parameters={**clean, "language": translation.get_language() or "th"},
            message=str(_("Waiting for the worker")),
        )
    run_report_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _step(job: ReportJob, progress: int, message: str) -> None:
    job.progress = progress
    job.message = message[:300]
    ReportJob.objects.filter(pk=job.pk).update(progress=progress, message=job.message)


def _generate(job: ReportJob) -> tuple[bytes, str]:
    """Return the file and its name for the job (as the requester)."""
    user = job.requested_by
    params = job.parameters
    fmt = params.get("format", "pdf")
    if job.kind == ReportKind.PROGRESS:
        from tidtam.projects.models import Project
        from tidtam.reports import progress_formats
        from tidtam.reports.progress import progress_report
        from tidtam.reports.templates_docx import template_for

        project = access.get_object_or_404(
            user, Project, access.Action.VIEW, code=params["project"]
        )
        _step(job, 20, _("Reading the project's data"))
        report = progress_report(
            user,
            project,
            dt.date.fromisoformat(params["start"]),
            dt.date.fromisoformat(params["end"]),
        )
        _step(job, 50, _("Writing the %(format)s file") % {"format": fmt.upper()})
        template = template_for(project) if fmt == "docx" else None
        body = progress_formats.render(report, fmt, template=template)
        return body, progress_formats.filename(report, fmt)
    if job.kind == ReportKind.KPI:
        from tidtam.results import report_cli
        from tidtam.results.selectors import kpi_report

        region = _region(params.get("region"))
        _step(job, 20, _("Reading the indicators"))
        kpi = kpi_report(
            user,
            int(params["fiscal_year"]),
            int(params["quarter"]),
            region_id=region.pk if region else None,
        )
        _step(job, 50, _("Writing the %(format)s file") % {"format": fmt.upper()})
        body = report_cli.render(kpi, fmt)
        suffix = f"-{region.code}" if region else ""
        return body, f"kpi-{params['fiscal_year']}-q{params['quarter']}{suffix}.{fmt}"
    if job.kind == ReportKind.BUDGET_STATUS:
        from tidtam.finance import report_formats
        from tidtam.finance.selectors import budget_status
        from tidtam.projects.models import Programme

        programme = access.get_object_or_404(
            user,
            Programme,
            access.Action.VIEW,
            kind=access.DataKind.FINANCE,
            code=params["programme"],
        )
        _step(job, 20, _("Reading the budget figures"))
        status = budget_status(
            programme,
            region=_region(params.get("region")),
            as_of=dt.date.fromisoformat(params["as_of"]),
        )
        _step(job, 50, _("Writing the %(format)s file") % {"format": fmt.upper()})
        body = report_formats.render(status, fmt)
        return body, report_formats.filename(status, fmt)
    raise ValidationError(_("This kind of report cannot run in the background."))


def report_job_run(job_id: int) -> ReportJob:
    """Run a queued job: queued → running → done (file saved) or failed (error kept)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("requested_by").get(pk=job_id)
        if job.status != JobStatus.QUEUED:
            return job
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.progress = 5
        job.message = str(_("Started"))
        job.save(update_fields=["status", "started_at", "progress", "message"])
    try:
        with translation.override(job.parameters.get("language") or "th"):
            body, name = _generate(job)
            job.result.save(name, ContentFile(body), save=False)
            job.result_name = name
            job.status = JobStatus.DONE
            job.progress = 100
            job.message = str(_("Ready"))
    except Exception as exc:  # a failed report says why instead of vanishing
        log.exception("report job %s failed", job_id)
        job.status = JobStatus.FAILED
        job.error = _error_text(exc)
        job.message = str(_("Failed"))
    job.finished_at = timezone.now()
    job.save()
    return job


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(_("You may no longer see what this report is about."))
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return f"{exc.__class__.__name__}: {exc}"[:2000] if str(exc) else detail[:2000]

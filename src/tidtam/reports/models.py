"""Reports: organisations' DOCX templates and background report jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def template_upload_to(instance: ReportTemplate, filename: str) -> str:
    return f"reports/templates/{uuid.uuid4().hex}.docx"


def job_upload_to(instance: ReportJob, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reports/jobs/{uuid.uuid4().hex}.{ext}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("progress report")
    BUDGET_STATUS = "budget-status", _("budget status")
    KPI = "kpi", _("KPI report")


class ReportTemplate(models.Model):
    """An organisation's own DOCX (docxtpl) template for a kind of report; one per kind."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="report_templates",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=ReportKind.choices, default=ReportKind.PROGRESS
    )
    file = models.FileField(_("file"), upload_to=template_upload_to, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="reporttemplate_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind}: {self.original_name}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ReportJob(models.Model):
    """A report asked for in the background: who, when, what, and how it went."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    result = models.FileField(_("result"), upload_to=job_upload_to, max_length=200, blank=True)
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reportjob_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def period_text(self) -> str:
        """Return the period of a progress-report job in BE ("1 ก.พ.-30 ก.ย. 2566"), else ""."""
        import datetime as dt

        from tidtam.thai import format_date_range

        try:
            start = dt.date.fromisoformat(str(self.parameters["start"]))
            end = dt.date.fromisoformat(str(self.parameters["end"]))
        except (KeyError, ValueError):
            return ""
        return format_date_range(start, end)

    @property
    def parameters_text(self) -> str:
        """Return the parameters as a person reads them, e.g. "ปีงบประมาณ 2568 ไตรมาส 2 · XLSX"."""
        import datetime as dt

        from django.utils.translation import gettext

        from tidtam.thai import format_date

        p = self.parameters
        parts: list[str] = []
        if self.kind == ReportKind.PROGRESS:
            parts = [str(p.get("project", "")), self.period_text]
        elif self.kind == ReportKind.KPI:
            parts = [
                gettext("fiscal year %(year)s, quarter %(quarter)s")
                % {"year": p.get("fiscal_year", ""), "quarter": p.get("quarter", "")}
            ]
        elif self.kind == ReportKind.BUDGET_STATUS:
            try:
                as_of = format_date(dt.date.fromisoformat(str(p.get("as_of", ""))))
            except ValueError:
                as_of = str(p.get("as_of", ""))
            parts = [str(p.get("programme", "")), gettext("as of %(date)s") % {"date": as_of}]
        if self.kind in (ReportKind.KPI, ReportKind.BUDGET_STATUS):
            parts.append(str(p.get("region_name") or gettext("all regions")))
        parts.append(str(p.get("format", "")).upper())
        return " · ".join(part for part in parts if part)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

"""One spreadsheet import: who, what file (kept), what it did; the audit trail's "one import"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidtam.audit.history import audited


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    CHECKING = "checking", _("checking the file")
    CHECKED = "checked", _("checked: waiting for confirmation")
    APPLYING = "applying", _("importing")
    APPLIED = "applied", _("imported")
    REFUSED = "refused", _("refused: nothing imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


def import_upload_to(instance: ImportRun, filename: str) -> str:
    when = instance.requested_at or timezone.now()
    return f"imports/{when:%Y/%m}/{filename}"


class ImportRun(models.Model):
    """A file given to ``tidtam import KIND`` or the import page, and what came of it."""

    kind = models.CharField(_("kind"), max_length=30)
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    good_rows_only = models.BooleanField(_("import only the good rows"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    # Outcome.summary() of the check (preview) and of the import
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    error_file = models.FileField(_("file of refused rows"), upload_to=import_upload_to, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.original_name}"

    @property
    def progress(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def reason(self) -> str:
        """The reason written on every audit row of this import."""
        return f"นำเข้าไฟล์ #{self.pk} {self.original_name}"

    def counts(self, which: str = "outcome") -> dict[str, Any]:
        data = getattr(self, which) or {}
        return data.get("counts", {})

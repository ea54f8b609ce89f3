"""The audit trail's storage: django-simple-history with "from where" added.

Every domain model declares ``history = audited()``. Each create, change and delete then
leaves a historical row with who (history_user), when (history_date), what (the full row, so
old → new can be diffed), why (history_change_reason) and from where (ip_address).
Bulk paths must use ``simple_history.utils.bulk_create_with_history`` /
``bulk_update_with_history`` so they do not bypass it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from tidtam.audit.middleware import current_ip


class AuditedHistoryModel(models.Model):
    """Fields added to every historical table."""

    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        abstract = True


def audited(**kwargs: Any) -> HistoricalRecords:
    """Return the HistoricalRecords every Tidtam domain model uses."""
    kwargs.setdefault("bases", [AuditedHistoryModel])
    kwargs.setdefault("cascade_delete_history", False)
    return HistoricalRecords(**kwargs)


@receiver(pre_create_historical_record)
def _stamp_ip(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if getattr(history_instance, "ip_address", None) is None:
        history_instance.ip_address = current_ip.get()

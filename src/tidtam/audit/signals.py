"""Connect saves to the audit rules (reason guard, reason stamping); the rules live in services."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from tidtam.audit import services


@receiver(pre_save)
def _guard_reason_on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        services.check_reason_before_save(instance)


@receiver(pre_delete)
def _guard_reason_on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.check_reason_before_delete(instance)


@receiver(post_save)
def _forget_reason(sender: Any, instance: Any, **kwargs: Any) -> None:
    # simple-history has read it by now; a reused instance must give a new reason next time.
    if services.reason_rule(sender)[0] and hasattr(instance, "_change_reason"):
        del instance._change_reason


@receiver(pre_create_historical_record)
def _stamp_reason(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if not history_instance.history_change_reason:
        reason = services.current_reason()
        if reason:
            history_instance.history_change_reason = reason

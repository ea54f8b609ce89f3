"""Reasons for changes: budgets, targets and approvals may only change with a reason.

Services written by other apps use either form::

    reason_required(budget, reason)      # refuses a blank reason, stamps it on the audit row
    budget.save()

    with with_reason(reason):            # every audited save inside gets the reason
        approval_record(...)

A model declared with ``require_reason_for(Model)`` (in its app's ``access.py`` or
``apps.ready``) cannot be changed or deleted without a reason from any path (views, admin,
shell): the save is refused with ``ReasonRequired`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _

_current_reason: ContextVar[str | None] = ContextVar("tidtam_audit_reason", default=None)
# model -> the fields whose change needs a reason (None = any field)
_REASON_MODELS: dict[type[models.Model], frozenset[str] | None] = {}


class ReasonRequired(Exception):
    """A change that needs a reason was attempted without one; nothing was saved."""

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or _("A reason is required for this change."))
        super().__init__(self.message)


def _clean_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise ReasonRequired
    return text


@contextmanager
def with_reason(reason: str | None) -> Iterator[str]:
    """Run the block with ``reason`` recorded on every audit row it writes; refuse a blank one."""
    text = _clean_reason(reason)
    token = _current_reason.set(text)
    try:
        yield text
    finally:
        _current_reason.reset(token)


def reason_required(instance: models.Model, reason: str | None) -> str:
    """Refuse a blank ``reason``; otherwise stamp it on ``instance``'s next audit row."""
    text = _clean_reason(reason)
    instance._change_reason = text  # type: ignore[attr-defined]  # read by simple-history
    return text


def current_reason(instance: models.Model | None = None) -> str:
    """Return the reason given for the change being saved ("" when none)."""
    if instance is not None:
        own = getattr(instance, "_change_reason", None)
        if own:
            return str(own)
    return _current_reason.get() or ""


def require_reason_for(model: type[models.Model], fields: Iterable[str] | None = None) -> None:
    """Refuse any change (or only a change of ``fields``) or deletion of ``model`` without a reason."""
    _REASON_MODELS[model] = frozenset(fields) if fields is not None else None


def reason_rule(model: type[models.Model]) -> tuple[bool, frozenset[str] | None]:
    """Return (whether ``model`` needs a reason, the fields concerned or None for all)."""
    if model in _REASON_MODELS:
        return True, _REASON_MODELS[model]
    return False, None


def check_reason_before_save(instance: models.Model) -> None:
    """Raise ReasonRequired if saving ``instance`` changes a reason-bound field without a reason."""
    needed, fields = reason_rule(type(instance))
    if not needed or instance._state.adding or instance.pk is None or current_reason(instance):
        return
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).values().first()
    if stored is None:
        return
    for field in model._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.attname in stored and stored[field.attname] != getattr(instance, field.attname):
            raise ReasonRequired


def check_reason_before_delete(instance: models.Model) -> None:
    """Raise ReasonRequired if deleting ``instance`` needs a reason and none was given."""
    needed, _fields = reason_rule(type(instance))
    if needed and not current_reason(instance):
        raise ReasonRequired

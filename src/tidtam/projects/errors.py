"""Domain errors of the projects core. All are ValidationError so forms can show them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tidtam.audit.services import ReasonRequired as AuditReasonRequired
from tidtam.projects.review import TransitionNotAllowed

__all__ = [
    "EvidenceRefused",
    "PlanLocked",
    "ReasonRequired",
    "SessionLocked",
    "TransitionNotAllowed",
]


class SessionLocked(ValidationError):
    """The session belongs to an approved (locked) reporting period; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This session is in an approved reporting period and is locked. "
                "A reviewer must unlock the period first."
            ),
            code="session_locked",
        )


class PlanLocked(ValidationError):
    """The project is approved: plans change only through an approved change request."""

    def __init__(self) -> None:
        super().__init__(
            _("The project is approved: change the plan through a change request."),
            code="plan_locked",
        )


class ReasonRequired(AuditReasonRequired, ValidationError):  # type: ignore[misc]
    """An action that must say why (unlock, reject) was called without a reason.

    Both the audit app's ``ReasonRequired`` and a ``ValidationError`` (for forms).
    """

    def __init__(self) -> None:
        ValidationError.__init__(self, _("Please give a reason."), code="reason_required")


class EvidenceRefused(ValidationError):
    """An uploaded file that is too large or of a type we do not keep."""

"""The one review transition table: sessions, reporting periods (and, reused, indicator results).

draft ──submit──▶ submitted ──approve──▶ approved (locked)
  ▲                   │                        │
  │                 return                   unlock (reviewer, reason)
  │                   ▼                        │
  └──── submit ◀── returned         draft ◀────┘
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tidtam.projects.models import ReviewStatus

__all__ = ["REVIEW_TRANSITIONS", "ReviewStatus", "TransitionNotAllowed", "check_transition"]

REVIEW_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ReviewStatus.DRAFT: frozenset({ReviewStatus.SUBMITTED}),
    ReviewStatus.SUBMITTED: frozenset({ReviewStatus.RETURNED, ReviewStatus.APPROVED}),
    ReviewStatus.RETURNED: frozenset({ReviewStatus.SUBMITTED}),
    ReviewStatus.APPROVED: frozenset({ReviewStatus.DRAFT}),
}


class TransitionNotAllowed(ValidationError):
    """A status change that the transition table does not allow; nothing was changed."""

    def __init__(self, current: str, target: str) -> None:
        self.current = current
        self.target = target
        super().__init__(
            _("Cannot change the status from “%(current)s” to “%(target)s”."),
            code="transition_not_allowed",
            params={"current": _label(current), "target": _label(target)},
        )


def _label(value: str) -> str:
    for status in ReviewStatus:
        if status.value == value:
            return str(status.label)
    return value


def check_transition(
    current: str, target: str, table: Mapping[str, frozenset[str]] = REVIEW_TRANSITIONS
) -> None:
    """Raise ``TransitionNotAllowed`` unless ``table`` allows ``current`` → ``target``."""
    if target not in table.get(current, frozenset()):
        raise TransitionNotAllowed(current, target)

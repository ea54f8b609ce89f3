"""Domain errors of the money services: a clear message for the person, a code for the code."""

from __future__ import annotations

from typing import Any

from tidtam.audit.services import ReasonRequired


class FinanceError(Exception):
    """A money action refused by a rule; ``message`` is translated, ``code`` says which rule."""

    def __init__(self, message: Any, code: str) -> None:
        self.message = message
        self.code = code
        super().__init__(str(message))

    def __str__(self) -> str:
        return str(self.message)


class TransferRefused(FinanceError):
    """A transfer (or reversal) that would break a money rule."""


class ApprovalRefused(FinanceError):
    """An approval or decision that would break a rule (frame, amount, status)."""


class TrancheRefused(FinanceError):
    """A tranche schedule or amount that would break its cap."""


class FrameRefused(FinanceError):
    """A frame change without a reason or with an impossible amount."""


class FrameReasonRequired(FrameRefused, ReasonRequired):
    """A frame revision without a reason (also an audit ``ReasonRequired``)."""

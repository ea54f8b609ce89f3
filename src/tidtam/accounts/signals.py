"""Connect Django's login signals to the lock-out counter (no business rules here)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from tidtam.accounts import services


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = credentials.get("username")
    if username:
        services.account_login_failed(str(username))


@receiver(user_logged_in)
def _clear_failures(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.account_login_succeeded(user)
    if request is not None and hasattr(request, "session"):
        request.session[services.SESSION_EPOCH_KEY] = user.session_epoch

"""Writes to accounts: failed logins, lock-out, logging out everywhere."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tidtam.accounts.models import Grant, User

SESSION_EPOCH_KEY = "tidtam_session_epoch"


def account_is_locked(user: User) -> bool:
    """Return True while the account is locked after too many wrong passwords."""
    return user.locked_until is not None and user.locked_until > timezone.now()


def account_login_failed(username: str) -> None:
    """Count a wrong password for ``username``; lock the account when the limit is reached."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username__iexact=username).first()
        if user is None:
            return
        user.failed_login_count = F("failed_login_count") + 1
        user.save(update_fields=["failed_login_count"])
        user.refresh_from_db(fields=["failed_login_count"])
        if user.failed_login_count >= settings.LOCKOUT_FAILURES:
            user.locked_until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
            user.failed_login_count = 0
            user.save(update_fields=["locked_until", "failed_login_count"])


def account_login_succeeded(user: User) -> None:
    """Clear the failure count after a correct password."""
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)


def account_logout_everywhere(user: User) -> None:
    """End every session of ``user`` on every device, including the current one."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


def grant_create(*, by: User | None, user: User, role: str, **scope: object) -> Grant:
    """Give ``user`` the ``role`` in one scope (region=, province=, ... or none for the country).

    The grant is audited (who gave it, when, from where).
    """
    grant = Grant(user=user, role=role, granted_by=by, **scope)
    grant.full_clean()
    grant.save()
    return grant


def grant_revoke(*, by: User | None, grant: Grant) -> None:
    """Take a grant away; the audit trail keeps who had it and who removed it."""
    if by is not None:
        grant._history_user = by  # type: ignore[attr-defined]
    grant.delete()

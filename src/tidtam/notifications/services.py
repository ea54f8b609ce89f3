"""Create and mark notifications. Callers queue ``notify`` with ``transaction.on_commit``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from tidtam.notifications.models import Notification


def notify(users: Any | Iterable[Any], text: str, url: str = "") -> list[Notification]:
    """Create one unread notification per user (duplicates in ``users`` get one each)."""
    if not isinstance(users, Iterable) or isinstance(users, str):
        users = [users]
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, text=text[:500], url=url[:500]))
    return Notification.objects.bulk_create(rows)


def notify_on_commit(users: Any | Iterable[Any], text: str, url: str = "") -> None:
    """Queue ``notify`` to run after the current transaction commits (nothing if it rolls back)."""
    users = list(users) if isinstance(users, Iterable) and not isinstance(users, str) else [users]
    transaction.on_commit(lambda: notify(users, text, url))


def notification_mark_read(user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or only ``notification_ids``)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())

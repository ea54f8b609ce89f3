"""Create and mark notifications. Callers queue ``notify`` with ``transaction.on_commit``.

Every notification links to the record it is about: ``url`` is required (a path in Tidtam).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from tidtam.notifications.models import Notification


def _check_url(url: str) -> str:
    """Refuse a notification without a link, or with a link that leaves Tidtam."""
    if not url or not url.startswith("/") or url.startswith("//") or len(url) > 500:
        raise ValueError(f"a notification links to its record by a path in Tidtam, not {url!r}")
    return url


def notify(users: Any | Iterable[Any], text: str, url: str) -> list[Notification]:
    """Create one unread notification per user (duplicates in ``users`` get one each)."""
    _check_url(url)
    if not isinstance(users, Iterable) or isinstance(users, str):
        users = [users]
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, text=text[:500], url=url))
    return Notification.objects.bulk_create(rows)


def notify_on_commit(users: Any | Iterable[Any], text: str, url: str) -> None:
    """Queue ``notify`` to run after the current transaction commits (nothing if it rolls back).

    The link is checked now, so a caller's mistake fails inside its own transaction.
    """
    _check_url(url)
    users = list(users) if isinstance(users, Iterable) and not isinstance(users, str) else [users]
    transaction.on_commit(lambda: notify(users, text, url))


def notification_mark_read(user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or only ``notification_ids``).

    Another user's notification ids are ignored: nothing of theirs changes.
    """
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())

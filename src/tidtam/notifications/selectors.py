"""Reads of notifications: always the user's own, nobody else's."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from tidtam.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    """Return the user's notifications, unread first, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def unread_for(user: Any, limit: int = 10) -> tuple[list[Notification], int]:
    """Return the user's newest unread notifications (at most ``limit``) and how many are unread."""
    if not getattr(user, "is_authenticated", False):
        return [], 0
    qs = Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-pk")
    rows = list(qs[:limit])
    return rows, len(rows) if len(rows) < limit else qs.count()


def notification_of(user: Any, pk: int) -> Notification:
    """Return the user's own notification ``pk``; 404 for anyone else's (existence not revealed)."""
    try:
        return notifications_for(user).get(pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc


def unread_count(user: Any) -> int:
    """Return how many unread notifications the user has (0 when signed out or not saved)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

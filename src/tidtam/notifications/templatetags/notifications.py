"""``{% load notifications %}{% unread_notifications_count %}``: the badge in the header."""

from __future__ import annotations

from typing import Any

from django import template

from tidtam.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context: dict[str, Any]) -> int:
    """Return the signed-in user's unread notifications count (one query; 0 when signed out)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return unread_count(user)

"""Template helpers of the access module: ``{% load access %}{% can "change" obj as allowed %}``."""

from __future__ import annotations

from typing import Any

from django import template

from tidtam.accounts import access as access_module

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: Any) -> bool:
    """Return whether the request's user may do ``action`` ("view", "change"...) on ``obj``."""
    user = context.get("user")
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    if obj is None or user is None:
        return False
    return access_module.can(user, action, obj)

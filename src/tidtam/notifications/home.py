"""The home page's panel of unread notifications (registered from ``NotificationsConfig.ready``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from tidtam.common.views import home_panel
from tidtam.notifications.selectors import unread_for


@home_panel("notifications", order=10, template="notifications/_home_panel.html")
def unread_notifications(request: HttpRequest) -> Mapping[str, Any]:
    rows, unread = unread_for(request.user, limit=10)
    return {"rows": rows, "unread": unread}

"""End sessions that "log out everywhere" has revoked."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from tidtam.accounts.services import SESSION_EPOCH_KEY


class SessionEpochMiddleware:
    """Log out a request whose session was started before the user's current session epoch."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(SESSION_EPOCH_KEY, 0) != user.session_epoch  # type: ignore[union-attr]
        ):
            logout(request)
        return self.get_response(request)

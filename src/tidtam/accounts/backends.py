"""Authentication that refuses locked accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tidtam.accounts.models import User
from tidtam.accounts.services import account_is_locked


class LockoutModelBackend(ModelBackend):
    """Django's model backend, except that a locked account cannot sign in even with the right password."""

    def user_can_authenticate(self, user: Any) -> bool:
        if isinstance(user, User) and account_is_locked(user):
            return False
        return super().user_can_authenticate(user)

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        return super().authenticate(request, username=username, password=password, **kwargs)

"""The system user: who the command line and background jobs without a requester act as."""

from __future__ import annotations

from typing import Any

SYSTEM_USERNAME = "tidtam-system"


def system_user() -> Any:
    """Return an unsaved, active superuser: ``tidtam.accounts.access`` lets it read everything.

    It is never saved, so it owns no row and cannot sign in; services that stamp the acting
    user are never called with it (reports only read).
    """
    from django.contrib.auth import get_user_model

    user = get_user_model()(username=SYSTEM_USERNAME, is_superuser=True, is_active=True)
    return user

"""``rules`` permissions that delegate to ``tidtam.accounts.access.can``.

With ``rules.permissions.ObjectPermissionBackend`` in AUTHENTICATION_BACKENDS,
``user.has_perm("tidtam.change", obj)`` and ``{% has_perm "tidtam.change" user obj as ok %}``
give the same answer as ``access.can(user, Action.CHANGE, obj)``. One permission per Action:
``tidtam.view``, ``tidtam.change``, ``tidtam.submit``, ``tidtam.review``, ``tidtam.transfer``,
``tidtam.decide``, ``tidtam.manage_indicators``, ``tidtam.view_personal``, ``tidtam.view_history``.
"""

from __future__ import annotations

from typing import Any

import rules

from tidtam.accounts import access

PERMISSION_PREFIX = "tidtam"


def _predicate_for(action: access.Action) -> Any:
    @rules.predicate(name=f"can_{action.value}")
    def check(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return False
        return access.can(user, action, obj)

    return check


def register_permissions() -> None:
    """Register one ``tidtam.<action>`` permission per access Action (idempotent)."""
    for action in access.Action:
        name = f"{PERMISSION_PREFIX}.{action.value}"
        if rules.perm_exists(name):
            rules.remove_perm(name)
        rules.add_perm(name, _predicate_for(action))

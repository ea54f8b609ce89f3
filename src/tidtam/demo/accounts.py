"""Demo step: the administrator account (role accounts are added by the access step)."""

from __future__ import annotations

from tidtam.accounts.models import User
from tidtam.demo.steps import DemoLogin

ADMIN_PASSWORD = "tidtam-admin-2568"


def load() -> list[DemoLogin]:
    """Create (once) the demo administrator."""
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"display_name": "ผู้ดูแลระบบ", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
    return [DemoLogin("ผู้ดูแลระบบ (administrator)", "admin", ADMIN_PASSWORD, "ทั้งประเทศ")]

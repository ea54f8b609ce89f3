"""People who sign in to Tidtam, and the lock-out and session state of their accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. What it may see and do comes from its grants (see ``tidtam.accounts.access``)."""

    display_name = models.CharField(_("ชื่อที่แสดง"), max_length=200, blank=True)
    # Bumped by "log out everywhere": sessions created under an older epoch are ended.
    session_epoch = models.PositiveIntegerField(default=0)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("บัญชีผู้ใช้")
        verbose_name_plural = _("บัญชีผู้ใช้")

    def __str__(self) -> str:
        return self.display_name or self.get_username()

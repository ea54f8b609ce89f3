from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tidtam.audit"
    label = "audit"
    verbose_name = _("audit trail")

    def ready(self) -> None:
        from tidtam.audit import signals  # noqa: F401

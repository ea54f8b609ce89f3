from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tidtam.accounts"
    label = "accounts"
    verbose_name = _("accounts and access")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from tidtam.accounts import signals  # noqa: F401
        from tidtam.accounts.core_access import register_defaults
        from tidtam.accounts.predicates import register_permissions

        # Every app's access.py declares how its models are scoped (like admin.py).
        autodiscover_modules("access")
        register_defaults()
        register_permissions()

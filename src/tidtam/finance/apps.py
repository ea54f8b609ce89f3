from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "tidtam.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from tidtam.finance import access  # noqa: F401 - registers the models with access

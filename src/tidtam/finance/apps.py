from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "tidtam.finance"
    label = "finance"

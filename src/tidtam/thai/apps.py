from django.apps import AppConfig


class ThaiConfig(AppConfig):
    name = "tidtam.thai"
    label = "thai"

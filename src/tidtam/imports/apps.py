from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tidtam.imports"
    label = "imports"

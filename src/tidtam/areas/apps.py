from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "tidtam.areas"
    label = "areas"

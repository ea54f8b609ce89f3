from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tidtam.common"
    label = "common"

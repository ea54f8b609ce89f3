from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tidtam.demo"
    label = "demo"

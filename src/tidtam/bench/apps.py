from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "tidtam.bench"
    label = "bench"

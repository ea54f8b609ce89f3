from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "tidtam.results"
    label = "results"

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tidtam.news"
    label = "news"

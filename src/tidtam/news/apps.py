from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tidtam.news"
    label = "news"

    def ready(self) -> None:
        from tidtam.news import access  # noqa: F401

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tidtam.notifications"
    label = "notifications"

    def ready(self) -> None:
        from tidtam.notifications import home  # noqa: F401  (registers the home page panel)

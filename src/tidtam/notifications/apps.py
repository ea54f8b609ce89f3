from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tidtam.notifications"
    label = "notifications"

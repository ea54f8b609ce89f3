from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tidtam.audit"
    label = "audit"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tidtam.accounts"
    label = "accounts"
    verbose_name = "บัญชีผู้ใช้และสิทธิ์"

    def ready(self) -> None:
        from tidtam.accounts import signals  # noqa: F401

"""Users, roles and their data scopes."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gaoqi.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        """Connect the login throttling signals."""
        from gaoqi.accounts import signals  # noqa: F401

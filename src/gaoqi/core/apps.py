"""Shared foundations: base models, data scopes, audit, generic views, jobs."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gaoqi.core"
    verbose_name = "基础"

    def ready(self) -> None:
        """Register the audit model and connect the audit signals."""
        from gaoqi.core import audit_models, signals  # noqa: F401

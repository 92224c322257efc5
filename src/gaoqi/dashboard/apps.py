"""The dashboard app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "gaoqi.dashboard"
    label = "dashboard"
    verbose_name = _("驾驶舱与报表")

    def ready(self) -> None:
        """Refresh the cached aggregates after the jobs that change what they count."""
        from gaoqi.dashboard import signals  # noqa: F401

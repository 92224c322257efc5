"""The background jobs app."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "gaoqi.jobs"
    label = "jobs"
    verbose_name = _("后台任务")

    def ready(self) -> None:
        """Register every app's job kinds (``<app>/tasks.py``), so any process can start or re-run them,
        then every app's daily jobs (``<app>/schedule.py``), which name those kinds."""
        autodiscover_modules("tasks")
        autodiscover_modules("schedule")

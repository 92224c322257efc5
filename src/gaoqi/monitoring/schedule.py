"""The monitoring app's daily job: the alert run (the job kind ``raise_alerts``, which also queues the
district re-screening when the parameters in force changed), for the day it is due."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gaoqi.jobs.scheduler import daily_job

DAILY_ALERTS = daily_job(
    "daily_alerts",
    gettext_lazy("每日预警"),
    "raise_alerts",
    at="02:00",
    params=lambda day: {"today": day.isoformat()},
)

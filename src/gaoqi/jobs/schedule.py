"""The jobs app's daily job: the cleanup of old finished rows of the task queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gaoqi.jobs.scheduler import daily_job
from gaoqi.jobs.tasks import KEEP_TASK_RESULTS_DAYS

QUEUE_CLEANUP = daily_job(
    "queue_cleanup",
    gettext_lazy("清理任务队列"),
    "prune_task_results",
    at="03:00",
    params=lambda day: {"min_age_days": KEEP_TASK_RESULTS_DAYS},
)

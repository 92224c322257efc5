"""Refresh the dashboard's snapshots when a job that changes what they count has finished."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)

# Tasks (module paths) after which the aggregates are recomputed: the district evaluation and the
# screening run of gaoqi.cultivation (a path that does not exist is simply never matched).
REFRESH_AFTER = frozenset(
    {
        "gaoqi.jobs.tasks.evaluate_district",
        "gaoqi.cultivation.tasks.screen_district",
    }
)


@receiver(task_finished)
def refresh_after_job(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Recompute every snapshot after a finished evaluation or screening task."""
    if task_result.task.module_path not in REFRESH_AFTER:
        return
    from gaoqi.dashboard.snapshots import refresh_all

    refresh_all()
    logger.info("dashboard snapshots refreshed after %s", task_result.task.module_path)

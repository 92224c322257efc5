"""Recovery of jobs whose worker died: a running job whose heartbeat stopped is marked interrupted.

A live job's ``JobProgress`` writes a heartbeat every few seconds, so a heartbeat older than
``GAOQI_JOB_STALE_SECONDS`` (default 60) means its worker is gone (killed, out of memory, machine
lost). The sweep runs when a worker starts and whenever the job pages are shown; it also closes the
task framework's result row, which a dead worker left "running".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoqi.jobs.framework import INTERRUPTED_MESSAGE
from gaoqi.jobs.models import Job

WORKER_LOST = "gaoqi.jobs.errors.WorkerLost"


def stale_seconds() -> float:
    """After how many seconds without a heartbeat a running job counts as interrupted."""
    return float(getattr(settings, "GAOQI_JOB_STALE_SECONDS", 60))


def sweep_interrupted(now: dt.datetime | None = None) -> int:
    """Mark running jobs without a recent heartbeat as interrupted; return how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=stale_seconds())
    candidates = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
    if not candidates.exists():  # the usual case: no write transaction at all
        return 0
    with transaction.atomic():
        stale = candidates.select_for_update()
        result_ids = [rid for rid in stale.values_list("task_result_id", flat=True) if rid]
        count = stale.update(status=Job.Status.INTERRUPTED, finished_at=now, error=str(INTERRUPTED_MESSAGE))
        DBTaskResult.objects.filter(id__in=result_ids, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=WORKER_LOST
        )
    return count

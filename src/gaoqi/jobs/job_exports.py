"""The job list as its page shows it (the user's own jobs, every job for the bureau admin) and as Excel
(the list source ``jobs``, downloaded directly or written by the background export job)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gaoqi.core.excel import Column
from gaoqi.jobs.exports import ExportSpec, export_source, resolved
from gaoqi.jobs.models import Job

EXPORT_LABEL = gettext_lazy("后台任务")
EXPORT_COLUMNS = (
    Column(gettext_lazy("任务"), width=30),
    Column(gettext_lazy("发起人")),
    Column(gettext_lazy("提交时间"), width=20),
    Column(gettext_lazy("结束时间"), width=20),
    Column(gettext_lazy("状态")),
    Column(gettext_lazy("进度（%）"), "int"),
    Column(gettext_lazy("错误信息"), width=40),
)


def visible_jobs(user: Any) -> QuerySet[Job]:
    """The jobs ``user`` may see, newest first, with their requester (and schedule claim, for system jobs)."""
    return Job.objects.for_user(user).select_related("requested_by", "scheduled_run")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def export_rows(jobs: QuerySet[Job]) -> Iterator[list[Any]]:
    """One row per job, in ``EXPORT_COLUMNS`` order."""
    for job in jobs.iterator(chunk_size=2000):
        yield [
            job.label,
            job.requester,
            _when(job.created_at),
            _when(job.finished_at),
            str(job.get_status_display()),
            job.percent,
            job.error,
        ]


@export_source("jobs", EXPORT_LABEL)
def job_list(user: Any, query: QueryDict) -> ExportSpec:
    """The jobs ``user`` sees on the job list (the list has no filters)."""
    jobs = visible_jobs(user)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(jobs),
        total=jobs.count(),
    )

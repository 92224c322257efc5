"""Job kinds, starting a job and running one inside a worker.

A job kind is a function ``handler(job, progress) -> summary`` registered with ``@job_kind(...)``; the
decorator turns it into a task of the task framework whose only argument is the job's id, so the
worker imports it by its dotted path like any other task.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from django_tasks.base import Task

from gaoqi.core.audit import acting_as
from gaoqi.jobs.errors import JobCancelled, JobError, JobNotAllowed, UnknownJobKind
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress

logger = logging.getLogger(__name__)

INTERRUPTED_MESSAGE = gettext_lazy(
    "执行该任务的后台进程已中断，未完成的写入已撤销。可点击“重新运行”再次执行。"
)

FINAL_STAGES = {Job.Status.SUCCEEDED: gettext_lazy("已完成"), Job.Status.CANCELLED: gettext_lazy("已取消")}

Handler = Callable[[Job, JobProgress], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job: its Chinese name, its task and who may start it."""

    name: str
    label: Any
    task: Task
    may_start: Callable[[Any], bool]
    describe: Callable[[dict[str, Any]], str] | None = None
    summary_labels: Mapping[str, Any] = field(default_factory=dict)

    def job_label(self, params: dict[str, Any]) -> str:
        """The Chinese name of one job of this kind with ``params``."""
        return self.describe(params) if self.describe else str(self.label)


_KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    label: Any,
    *,
    may_start: Callable[[Any], bool],
    describe: Callable[[dict[str, Any]], str] | None = None,
    summary_labels: Mapping[str, Any] | None = None,
    queue_name: str = "default",
) -> Callable[[Handler], Task]:
    """Register ``handler`` as the job kind ``name`` and return its task (bind it to the handler's name)."""

    def register(handler: Handler) -> Task:
        @functools.wraps(handler)
        def run(job_id: int) -> dict[str, Any]:
            return execute(handler, job_id)

        job_task = task(queue_name=queue_name)(run)
        _KINDS[name] = JobKind(name, label, job_task, may_start, describe, dict(summary_labels or {}))
        return job_task

    return register


def get_kind(name: str) -> JobKind:
    """The registered kind ``name``; ``UnknownJobKind`` if there is none."""
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownJobKind(name) from None


def run_job(kind: str, params: dict[str, Any], user: Any, *, rerun_of: Job | None = None) -> Job:
    """Record a queued job of ``kind`` for ``user`` and enqueue it once the record is committed.

    Raises ``JobNotAllowed`` when ``user`` may not start this kind.
    """
    spec = get_kind(kind)
    if not spec.may_start(user):
        raise JobNotAllowed(_("您无权发起此类后台任务。"))
    return _queue(spec, params, user, rerun_of)


def run_system_job(kind: str, params: dict[str, Any]) -> Job:
    """Queue a job the platform starts by itself (a scheduled check): no requesting user, so no
    permission check; its handler decides what a job without a user covers."""
    return _queue(get_kind(kind), params, None, None)


def _queue(spec: JobKind, params: dict[str, Any], user: Any, rerun_of: Job | None) -> Job:
    clean = _as_json(params)
    job = Job.objects.create(
        kind=spec.name, label=spec.job_label(clean)[:200], requested_by=user, params=clean, rerun_of=rerun_of
    )
    transaction.on_commit(functools.partial(_enqueue, spec, job.pk))
    return job


def _enqueue(spec: JobKind, job_id: int) -> None:
    result = spec.task.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))


def rerun(job: Job, user: Any) -> Job:
    """A new job of the same kind with the same parameters, started by ``user``."""
    return run_job(job.kind, job.params, user, rerun_of=job)


def request_cancel(job: Job) -> None:
    """Cancel a queued job now; ask a running one to stop at its next progress report."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, finished_at=now, cancel_requested=True
    )
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True)


def execute(handler: Handler, job_id: int) -> dict[str, Any]:
    """Run one job inside a worker: claim it, run ``handler`` with progress, record how it ended.

    A failure is recorded on the job (a ``JobError``'s Chinese message as it is) and raised again so
    the task framework records it too.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return {"skipped": True}
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    status, fields, failure = Job.Status.SUCCEEDED, {}, None
    with JobProgress(job_id) as progress:
        try:
            with acting_as(job.requested_by, request_id=f"job-{job_id}"):
                fields["summary"] = _as_json(handler(job, progress) or {})
        except JobCancelled:
            status = Job.Status.CANCELLED
        except (KeyboardInterrupt, SystemExit) as exc:
            status, failure = Job.Status.INTERRUPTED, exc
            fields["error"] = str(INTERRUPTED_MESSAGE)
        except BaseException as exc:
            status, failure = Job.Status.FAILED, exc
            fields["error"] = failure_message(exc)
    _finish(job_id, status, progress, **fields)
    if failure is not None:
        raise failure
    return fields.get("summary", {"cancelled": True})


def _as_json(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as plain JSON values (dates as ISO text, decimals as text)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _finish(job_id: int, status: str, progress: JobProgress, **fields: Any) -> None:
    done = progress.total if status == Job.Status.SUCCEEDED and progress.total else progress.done
    if status in FINAL_STAGES:
        fields["stage"] = str(FINAL_STAGES[status])
    Job.objects.filter(pk=job_id).update(
        status=status, finished_at=timezone.now(), done=done, total=progress.total, **fields
    )


def failure_message(exc: BaseException) -> str:
    """The Chinese message recorded for a failed job."""
    if isinstance(exc, JobError):
        return exc.message
    logger.exception("job failed", exc_info=exc)
    return _("任务执行时发生内部错误（%(error)s），请联系系统管理员。") % {"error": type(exc).__name__}

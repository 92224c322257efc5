"""The job kinds of the platform core: district-wide evaluation, large list exports (the list sources
of the enterprise list, the audit log and the job list are registered on import) and the cleanup of
the task queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from gaoqi.accounts.models import Role
from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise
from gaoqi.jobs.audit_export import audit_list
from gaoqi.jobs.errors import JobError
from gaoqi.jobs.exports import ExportSpec, get_source, write_export
from gaoqi.jobs.framework import job_kind
from gaoqi.jobs.job_exports import job_list
from gaoqi.jobs.models import Job, sees_every_job
from gaoqi.jobs.progress import JobProgress

EVALUATION_CHUNK = 200
KEEP_TASK_RESULTS_DAYS = 30
__all__ = [
    "audit_list",
    "evaluate_district",
    "export_list",
    "job_list",
    "may_evaluate_district",
    "may_export",
    "prune_task_results",
]
EVALUATING_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_OFFICER})


def may_evaluate_district(user: Any) -> bool:
    """Bureau admins and officers start district-wide evaluations."""
    active = getattr(user, "is_authenticated", False) and user.is_active
    return bool(active and (user.is_superuser or user.role in EVALUATING_ROLES))


def may_export(user: Any) -> bool:
    """Whoever may export lists may export them in the background."""
    return has_perm(user, Perm.EXPORT)


def _describe_evaluation(params: dict[str, Any]) -> str:
    as_of = params.get("as_of") or timezone.localdate().isoformat()
    return _("全区企业评价（评价日 %(date)s）") % {"date": as_of}


@job_kind(
    "evaluate_district",
    gettext_lazy("全区企业评价"),
    may_start=may_evaluate_district,
    describe=_describe_evaluation,
    summary_labels={
        "as_of": gettext_lazy("评价日"),
        "enterprises": gettext_lazy("企业数"),
        "evaluated": gettext_lazy("本次评价"),
        "unchanged": gettext_lazy("数据未变（跳过）"),
    },
)
def evaluate_district(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Evaluate every enterprise the requester may see, in chunks that each commit on their own.

    Each chunk is one transaction inside ``evaluate_enterprises`` (which waits for a concurrent
    evaluation of the same enterprises, e.g. an edit's, rather than failing), and an enterprise whose
    inputs did not change is skipped, so a re-run after an interruption finishes the remaining chunks only.
    Parameters: ``as_of`` (ISO date, default today), ``force`` (bool), ``chunk_size`` (int).
    """
    as_of = _as_of(job.params.get("as_of"))
    force = bool(job.params.get("force", False))
    chunk_size = int(job.params.get("chunk_size") or EVALUATION_CHUNK)
    ids = list(Enterprise.objects.for_user(job.requested_by).order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    progress.update(0, total, _("正在评价企业"))
    evaluated = 0
    for chunk in _chunks(ids, chunk_size):
        evaluated += evaluate_enterprises(Enterprise.objects.filter(pk__in=chunk), as_of, force=force)
        progress.update(progress.done + len(chunk))
    return {
        "as_of": as_of.isoformat(),
        "enterprises": total,
        "evaluated": evaluated,
        "unchanged": total - evaluated,
    }


def _as_of(value: Any) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        message = _("评价日“%(value)s”不是有效日期（应为 2026-05-31 的形式）。") % {"value": value}
        raise JobError(message) from None


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _describe_export(params: dict[str, Any]) -> str:
    source = get_source(params.get("source", ""))
    return _("导出：%(source)s") % {"source": source.label if source else params.get("source", "")}


@job_kind(
    "export_list",
    gettext_lazy("列表导出"),
    may_start=may_export,
    describe=_describe_export,
    summary_labels={"rows": gettext_lazy("导出行数")},
)
def export_list(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Write a registered list (``source``) for the requester with the page's ``query`` to an .xlsx file
    (``write_export``: also recorded in the audit log) and attach it to the job once complete.
    """
    source = get_source(job.params.get("source", ""))
    if source is None:
        raise JobError(_("未知的导出内容“%(source)s”。") % {"source": job.params.get("source", "")})
    user = job.requested_by
    if not source.allows(user):
        raise JobError(_("发起人已无导出权限，任务未执行。"))
    query = QueryDict(mutable=True)
    for key, values in (job.params.get("query") or {}).items():
        query.setlist(key, values if isinstance(values, list) else [values])

    def watch(spec: ExportSpec) -> Iterator[Sequence[Any]]:
        progress.update(0, spec.total, _("正在生成 Excel 文件"))
        for count, row in enumerate(spec.rows, start=1):
            progress.update(count)
            yield row

    written = write_export(source, user, query, watch)
    progress.update(written.rows, None, _("正在保存文件"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.file.save(f"export-{job.pk}-{stamp}.xlsx", ContentFile(written.content), save=False)
    Job.objects.filter(pk=job.pk).update(file=job.file.name, file_name=f"{written.label}-{stamp}.xlsx")
    return {"rows": written.rows}


def _describe_pruning(params: dict[str, Any]) -> str:
    days = params.get("min_age_days", KEEP_TASK_RESULTS_DAYS)
    return _("清理任务队列（%(days)s 天前结束的记录）") % {"days": days}


@job_kind(
    "prune_task_results",
    gettext_lazy("清理任务队列"),
    may_start=sees_every_job,
    describe=_describe_pruning,
    summary_labels={"deleted": gettext_lazy("删除的队列记录")},
)
def prune_task_results(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Delete the task queue's rows of tasks that finished ``min_age_days`` ago or earlier (default 30),
    in every queue, as ``gaoqi prune_db_task_results`` does; our ``Job`` rows are kept."""
    days = int(job.params.get("min_age_days", KEEP_TASK_RESULTS_DAYS))
    progress.update(0, 1, _("正在清理任务队列"))
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    progress.update(1, 1)
    return {"deleted": deleted}

"""The import job: a large file is committed by a background worker, with progress; and the list source
of the import list (``imports``, in ``import_exports``), registered with ``gaoqi.jobs``.

The commit is one transaction (``pipeline.commit``): a worker killed while writing leaves nothing
written, and the job can be re-run (a re-run of a committed file changes nothing).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.exchange import conf
from gaoqi.exchange.import_exports import import_list
from gaoqi.exchange.models import ImportBatch
from gaoqi.exchange.pipeline import ImportRefused, commit, preview
from gaoqi.jobs.errors import JobError
from gaoqi.jobs.framework import job_kind, run_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress

__all__ = ["commit_or_queue", "import_file", "import_list", "may_import", "preview_file", "preview_or_queue"]


def preview_or_queue(batch: ImportBatch, user: Any) -> Job | None:
    """Preview a small file now; queue a large one as a background job and return the job."""
    if batch.size <= conf.background_bytes():
        preview(batch, user)
        return None
    with transaction.atomic():
        job = run_job("preview_file", {"batch_id": batch.pk, "file_name": batch.file_name}, user)
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING, job=job)
    return job


def commit_or_queue(batch: ImportBatch, user: Any) -> Job | None:
    """Commit a small previewed file now; queue a large one as a background job and return the job.
    ``ImportRefused`` when the file has problems (nothing is written)."""
    if batch.preview.get("rows", 0) <= conf.background_rows():
        commit(batch, user)
        return None
    with transaction.atomic():
        job = run_job("import_file", {"batch_id": batch.pk, "file_name": batch.file_name}, user)
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED, job=job)
    return job


def may_import(user: Any) -> bool:
    """Whoever may import data may run an import in the background."""
    return has_perm(user, Perm.IMPORT_DATA)


def _describe(params: dict[str, Any]) -> str:
    return _("数据导入：%(name)s") % {"name": params.get("file_name", "")}


def _describe_preview(params: dict[str, Any]) -> str:
    return _("导入检查：%(name)s") % {"name": params.get("file_name", "")}


def _job_batch(job: Job) -> ImportBatch:
    batch = ImportBatch.objects.for_user(job.requested_by).filter(pk=job.params.get("batch_id")).first()
    if batch is None:
        raise JobError(_("找不到要导入的文件（批次 #%(id)s）。") % {"id": job.params.get("batch_id")})
    return batch


@job_kind(
    "preview_file",
    gettext_lazy("导入检查"),
    may_start=may_import,
    describe=_describe_preview,
    summary_labels={
        "rows": gettext_lazy("数据行数"),
        "created": gettext_lazy("将新增"),
        "updated": gettext_lazy("将更新"),
        "unchanged": gettext_lazy("不变"),
        "errors": gettext_lazy("错误"),
    },
)
def preview_file(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Check and preview the batch ``batch_id`` (writes only the batch's preview and report)."""
    result = preview(_job_batch(job), job.requested_by, progress=progress.update)
    if result.get("rejected"):
        raise JobError(result["rejected"])
    return {key: result[key] for key in ("rows", "created", "updated", "unchanged", "errors")}


@job_kind(
    "import_file",
    gettext_lazy("数据导入"),
    may_start=may_import,
    describe=_describe,
    summary_labels={
        "rows": gettext_lazy("数据行数"),
        "created": gettext_lazy("新增"),
        "updated": gettext_lazy("更新"),
        "unchanged": gettext_lazy("未变化"),
        "conflicts": gettext_lazy("来源冲突"),
        "enterprises": gettext_lazy("涉及企业"),
    },
)
def import_file(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Commit the batch ``batch_id`` for the job's requester (all rows or none)."""
    batch = _job_batch(job)
    try:
        result = commit(batch, job.requested_by, progress=progress.update)
    except ImportRefused as refused:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, error=refused.message
        )
        raise JobError(refused.message) from refused
    return {
        key: result[key] for key in ("rows", "created", "updated", "unchanged", "conflicts", "enterprises")
    }

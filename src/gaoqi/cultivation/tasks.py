"""The district screening job (``screen_district``), queued by the daily check when the parameters in
force change, and the list sources of the screening list (``screening``, defined in ``exports``), the
pool (``pool``, in ``pool_exports``) and the 双倍增 targets (``doubling_targets``, in
``target_exports``), registered with ``gaoqi.jobs``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.cultivation.exports import screening_list
from gaoqi.cultivation.permissions import may_run_screening
from gaoqi.cultivation.pool_exports import pool_list
from gaoqi.cultivation.screening import current_version, latest_run, run_screening
from gaoqi.cultivation.target_exports import doubling_list
from gaoqi.enterprises.models import Enterprise
from gaoqi.jobs.errors import JobError
from gaoqi.jobs.framework import job_kind, run_system_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress

STAGES = {
    "read": gettext_lazy("正在读取企业档案"),
    "evaluate": gettext_lazy("正在批量测评"),
    "inputs": gettext_lazy("正在整理输入记录"),
    "compare": gettext_lazy("正在与上次筛选比对"),
    "write": gettext_lazy("正在写入筛选结果"),
}
STEPS = tuple(STAGES)

__all__ = ["doubling_list", "pool_list", "queue_rescreening", "screen_district", "screening_list"]


def _describe(params: dict[str, Any]) -> str:
    as_of = params.get("as_of") or timezone.localdate().isoformat()
    return _("全区高企培育筛选（评价日 %(date)s）") % {"date": as_of}


def _as_of(value: Any) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise JobError(_("评价日“%(value)s”不是有效日期。") % {"value": value}) from None


@job_kind(
    "screen_district",
    gettext_lazy("全区高企培育筛选"),
    may_start=may_run_screening,
    describe=_describe,
    summary_labels={
        "run": gettext_lazy("筛选批次"),
        "enterprises": gettext_lazy("企业数"),
        "hnte_pass": gettext_lazy("符合高企条件"),
        "flipped": gettext_lazy("结论变化"),
        "seconds": gettext_lazy("用时（秒）"),
    },
)
def screen_district(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Screen every enterprise the requester may see (one transaction) and compare with the last run;
    a system job (no requester: the daily re-screening) screens the whole district."""
    as_of = _as_of(job.params.get("as_of"))
    progress.update(0, len(STEPS), str(STAGES["read"]))

    def report(stage: str) -> None:
        progress.update(STEPS.index(stage), len(STEPS), str(STAGES[stage]))

    requester = job.requested_by
    enterprises = Enterprise.objects.all() if requester is None else Enterprise.objects.for_user(requester)
    run = run_screening(enterprises, as_of, user=requester, job=job, report=report)
    return {
        "run": run.pk,
        "enterprises": run.enterprises,
        "hnte_pass": run.counts.get("hnte_verdict", {}).get("pass", 0),
        "flipped": run.flipped,
        "seconds": run.seconds,
    }


def queue_rescreening(today: dt.date) -> Job | None:
    """Queue a district screening as a system job when the parameters in force on ``today`` differ
    from those of the last finished run (none before a first run, none while one is queued or running)."""
    last = latest_run()
    if last is None or last.params_version == current_version(today):
        return None
    pending = Job.objects.filter(kind="screen_district", status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
    if pending.exists():
        return None
    return run_system_job("screen_district", {"as_of": today.isoformat()})

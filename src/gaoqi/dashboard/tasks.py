"""The dashboard's job kinds: refreshing the cached aggregates, and the district policy impact."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.dashboard.impact import run_impact
from gaoqi.dashboard.snapshots import refresh_all, scopes_to_refresh
from gaoqi.jobs.framework import job_kind
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress


def may_view_dashboard(user: Any) -> bool:
    """Whoever sees a dashboard may refresh it or simulate a parameter change."""
    return has_perm(user, Perm.VIEW_DASHBOARD)


@job_kind(
    "refresh_dashboard",
    gettext_lazy("驾驶舱数据汇总"),
    may_start=may_view_dashboard,
    summary_labels={"scopes": gettext_lazy("汇总范围数")},
)
def refresh_dashboard(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Recompute the snapshots of the district and of every town (each stored on its own)."""
    total = len(scopes_to_refresh())
    progress.update(0, total, _("正在汇总"))
    snapshots = refresh_all()
    progress.update(len(snapshots), total)
    return {"scopes": len(snapshots)}


@job_kind(
    "policy_impact",
    gettext_lazy("政策影响模拟"),
    may_start=may_view_dashboard,
    describe=lambda params: _("政策影响模拟：%(label)s，调整为 %(new)s") % params,
    summary_labels={
        "as_of": gettext_lazy("生效日期"),
        "evaluated": gettext_lazy("评价企业数"),
        "flipped": gettext_lazy("结论变化企业数"),
    },
)
def policy_impact(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Simulate a parameter change over the requester's scope (``gaoqi.dashboard.impact``)."""
    return run_impact(job, progress)

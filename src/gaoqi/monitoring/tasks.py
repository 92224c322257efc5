"""Background job kinds of the monitoring app and its list sources ``alerts`` (defined in
``alert_exports``) and ``double_zero`` (in ``double_zero_exports``), loaded in every process by
``gaoqi.jobs``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.cultivation.tasks import queue_rescreening
from gaoqi.jobs.framework import job_kind
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress
from gaoqi.monitoring.alert_exports import alert_list
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.double_zero_exports import double_zero_overview
from gaoqi.monitoring.models import Alert

__all__ = ["alert_list", "double_zero_overview", "may_raise_alerts", "raise_alerts_job"]


def may_raise_alerts(user: Any) -> bool:
    """Who may run the alert check by hand: the bureau roles that edit files and import data."""
    return has_perm(user, Perm.EDIT_ENTERPRISES) and has_perm(user, Perm.IMPORT_DATA)


def _describe(params: dict[str, Any]) -> str:
    return _("每日预警：%(today)s") % {"today": params.get("today") or _("今天")}


@job_kind(
    "raise_alerts",
    gettext_lazy("每日预警"),
    may_start=may_raise_alerts,
    describe=_describe,
    summary_labels={**dict(Alert.Kind.choices), "rescreening": gettext_lazy("参数变更后重新筛选")},
)
def raise_alerts_job(job: Job, progress: JobProgress) -> dict[str, int]:
    """Raise the alerts due on ``params["today"]`` (ISO date; default today), each once, and queue a
    district screening when the parameters in force have changed since the last one."""
    text = job.params.get("today")
    today = dt.date.fromisoformat(text) if text else timezone.localdate()
    progress.update(0, 1, _("正在检查预警条件"))
    summary = raise_alerts(today)
    if queue_rescreening(today):
        summary["rescreening"] = 1
    progress.update(1, 1, _("已完成"))
    return summary

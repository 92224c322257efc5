"""The alert inbox as the page lists it (kind and read-state filters) and as Excel (the list source
``alerts``, downloaded directly or written by the background export job)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.core.excel import Column
from gaoqi.jobs.exports import ExportSpec, export_source, resolved
from gaoqi.monitoring.alerts import inbox
from gaoqi.monitoring.models import Alert

EXPORT_LABEL = gettext_lazy("预警消息")
EXPORT_COLUMNS = (
    Column(gettext_lazy("预警日期"), "date"),
    Column(gettext_lazy("类型")),
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("标题")),
    Column(gettext_lazy("内容"), width=60),
    Column(gettext_lazy("到期或截止日期"), "date"),
    Column(gettext_lazy("期间")),
    Column(gettext_lazy("状态")),
)
KINDS = dict(Alert.Kind.choices)


def inbox_filters(query: QueryDict) -> tuple[str, str]:
    """The valid ``kind`` and ``state`` (unread/read) of the query, blank when absent or unknown."""
    kind, state = query.get("kind", ""), query.get("state", "")
    return (kind if kind in Alert.Kind.values else "", state if state in ("unread", "read") else "")


def filtered_inbox(user: Any, query: QueryDict) -> QuerySet[Alert]:
    """``user``'s alerts with the query's filters: unread first, newest, nearest due date."""
    alerts = inbox(user)
    kind, state = inbox_filters(query)
    if kind:
        alerts = alerts.filter(kind=kind)
    if state:
        alerts = alerts.filter(is_read=state == "read")
    return alerts.order_by("is_read", "-raised_on", F("due_on").asc(nulls_last=True), "-pk")


def export_rows(alerts: QuerySet[Alert]) -> Iterator[list[Any]]:
    """One row per alert, in ``EXPORT_COLUMNS`` order."""
    for alert in alerts.iterator(chunk_size=2000):
        yield [
            alert.raised_on,
            str(KINDS.get(alert.kind, alert.kind)),
            alert.enterprise.name,
            alert.enterprise.uscc,
            alert.title,
            alert.message,
            alert.due_on,
            alert.period,
            _("已读") if alert.is_read else _("未读"),
        ]


@export_source("alerts", EXPORT_LABEL)
def alert_list(user: Any, query: QueryDict) -> ExportSpec:
    """``user``'s inbox as the page shows it with ``query``."""
    alerts = filtered_inbox(user, query)
    kind, state = inbox_filters(query)
    shown = {_("类型"): str(KINDS[kind])} if kind else {}
    if state:
        shown[_("状态")] = _("已读") if state == "read" else _("未读")
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(alerts),
        total=alerts.count(),
        filters=shown,
    )

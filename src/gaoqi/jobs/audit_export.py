"""The audit log as Excel (the list source ``audit``, for those who may read the log): the entries the
log page selects with the same filters, one row each, the changes spelled out for people."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm
from gaoqi.core.audit import describe_changes, model_title
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.core.audit_views import AuditFilterForm, audit_entries
from gaoqi.core.excel import Column
from gaoqi.jobs.exports import ExportSpec, export_source, resolved

EXPORT_LABEL = gettext_lazy("审计日志")
EXPORT_COLUMNS = (
    Column(gettext_lazy("时间"), width=20),
    Column(gettext_lazy("用户")),
    Column(gettext_lazy("IP 地址")),
    Column(gettext_lazy("操作")),
    Column(gettext_lazy("对象类型")),
    Column(gettext_lazy("对象ID")),
    Column(gettext_lazy("对象")),
    Column(gettext_lazy("企业ID"), "int"),
    Column(gettext_lazy("变更内容"), width=60),
    Column(gettext_lazy("请求ID")),
)
ACTIONS = dict(AuditAction.choices)


def _changes_text(entry: AuditEntry) -> str:
    """What the entry changed, one ``label：before → after`` per line (an export: rows and filters)."""
    if entry.action == AuditAction.EXPORT:
        after = entry.after or {}
        filters = "；".join(f"{name}：{value}" for name, value in (after.get("filters") or {}).items())
        rows = _("共 %(rows)s 行") % {"rows": after.get("rows", "")}
        return f"{rows}（{filters}）" if filters else rows
    empty = _("（空）")
    return "\n".join(
        f"{change.label}：{empty if change.before is None else change.before} → "
        f"{empty if change.after is None else change.after}"
        for change in describe_changes(entry)
    )


def export_rows(entries: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    """One row per entry, in ``EXPORT_COLUMNS`` order."""
    for entry in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            str(entry.user) if entry.user_id else entry.username,
            entry.ip,
            str(ACTIONS.get(entry.action, entry.action)),
            model_title(entry.model_label) if entry.model_label else "",
            entry.object_id,
            entry.object_repr,
            entry.enterprise_id,
            _changes_text(entry),
            entry.request_id,
        ]


def _active_filters(form: AuditFilterForm) -> dict[str, str]:
    if not form.is_bound or not form.is_valid():
        return {}
    return {str(form.fields[name].label): str(value) for name, value in form.cleaned_data.items() if value}


@export_source("audit", EXPORT_LABEL, perm=Perm.VIEW_AUDIT)
def audit_list(user: Any, query: QueryDict) -> ExportSpec:
    """The audit log as its page lists it with ``query``'s filters (the log is not scoped: its readers
    are bureau admins, checked by the source's permission)."""
    form, entries = audit_entries(query)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(entries),
        total=entries.count(),
        filters=_active_filters(form),
    )

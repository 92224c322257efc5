"""The pool of a year as the pool page lists it, and as Excel (the list source ``pool``, downloaded
directly or written by the background export job)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.core.excel import Column
from gaoqi.cultivation.models import PlanAction, PoolEntry
from gaoqi.enterprises.models import Evaluation
from gaoqi.jobs.exports import ExportSpec, export_source, resolved

EXPORT_LABEL = gettext_lazy("培育库")
EXPORT_COLUMNS = (
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("镇街")),
    Column(gettext_lazy("培育目标")),
    Column(gettext_lazy("负责人")),
    Column(gettext_lazy("入库日期"), "date"),
    Column(gettext_lazy("入库理由")),
    Column(gettext_lazy("措施数"), "int"),
    Column(gettext_lazy("已完成措施"), "int"),
    Column(gettext_lazy("走访次数"), "int"),
    Column(gettext_lazy("状态")),
    Column(gettext_lazy("出库日期"), "date"),
    Column(gettext_lazy("出库理由")),
)
TIERS = dict(Evaluation.Tier.choices)


def pool_year(query: QueryDict) -> int:
    """The year the query asks for (``year``), this year by default."""
    asked = query.get("year", "")
    return int(asked) if asked.isdigit() else timezone.localdate().year


def pool_entries(user: Any, year: int) -> QuerySet[PoolEntry]:
    """``user``'s scoped entries of ``year`` with their plan and visit counts, active ones first."""
    return (
        PoolEntry.objects.for_user(user)
        .filter(year=year)
        .select_related("enterprise__town", "owner")
        .annotate(
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status=PlanAction.Status.DONE), distinct=True),
            visit_count=Count("visits", distinct=True),
        )
        .order_by("exited_on", "enterprise__name")
    )


def export_rows(entries: QuerySet[PoolEntry]) -> Iterator[list[Any]]:
    """One row per entry, in ``EXPORT_COLUMNS`` order."""
    for entry in entries.iterator(chunk_size=2000):
        status = _("培育中") if entry.is_active else f"{_('已出库')} · {entry.get_exit_kind_display()}"
        yield [
            entry.enterprise.name,
            entry.enterprise.uscc,
            entry.enterprise.town.name,
            str(TIERS.get(entry.target_tier, "")),
            str(entry.owner) if entry.owner else "",
            entry.entered_on,
            entry.entry_reason,
            entry.action_count,
            entry.done_count,
            entry.visit_count,
            status,
            entry.exited_on,
            entry.exit_reason,
        ]


@export_source("pool", EXPORT_LABEL)
def pool_list(user: Any, query: QueryDict) -> ExportSpec:
    """The pool of the query's year as the pool page shows it to ``user``."""
    year = pool_year(query)
    entries = pool_entries(user, year)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(entries),
        total=entries.count(),
        filters={_("培育年度"): year},
    )

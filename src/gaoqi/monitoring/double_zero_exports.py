"""The 双清零 overview table (each town's baseline, count now and cleared, per list) as the page shows it
and as Excel (the list source ``double_zero``, downloaded directly or written by the export job)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.core.excel import Column
from gaoqi.jobs.exports import ExportSpec, export_source, resolved
from gaoqi.monitoring.double_zero import TownProgress, town_progress
from gaoqi.monitoring.views.common import query_year

EXPORT_LABEL = gettext_lazy("双清零进展")
EXPORT_COLUMNS = (
    Column(gettext_lazy("镇街")),
    Column(gettext_lazy("清零类型")),
    Column(gettext_lazy("基线"), "int"),
    Column(gettext_lazy("当前"), "int"),
    Column(gettext_lazy("已清零"), "int"),
    Column(gettext_lazy("清零进度"), "ratio"),
)


def overview_progress(user: Any, year: int) -> list[TownProgress]:
    """Each town of ``user``'s scope with its ``year`` baseline and its lists now."""
    return town_progress(year, user=user)


def export_rows(progress: list[TownProgress]) -> Iterator[list[Any]]:
    """One row per town and list, in ``EXPORT_COLUMNS`` order."""
    for town in progress:
        for row in town.rows:
            yield [
                town.town.name,
                str(row["label"]),
                row["baseline"],
                row["now"],
                row["cleared"],
                row["progress"],
            ]


@export_source("double_zero", EXPORT_LABEL)
def double_zero_overview(user: Any, query: QueryDict) -> ExportSpec:
    """The overview table of the query's year, within ``user``'s towns."""
    year = query_year(query)
    progress = overview_progress(user, year)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(progress),
        total=sum(len(town.rows) for town in progress),
        filters={_("年度"): year},
    )

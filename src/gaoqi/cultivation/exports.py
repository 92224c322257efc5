"""The screening list as Excel: the same scoped, filtered, ranked rows as the page, downloaded directly
or written by the background export job (registered as the list source ``screening``); a run's changes
(who flipped and why, the list source ``run_changes``); the tiers table's columns and rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm
from gaoqi.core.excel import Column
from gaoqi.cultivation.forms import ScreeningFilterForm
from gaoqi.cultivation.labels import TRANSITION_LABELS, conditions_text
from gaoqi.cultivation.models import ScreeningResult, ScreeningRun
from gaoqi.cultivation.screening import latest_run
from gaoqi.enterprises.models import Evaluation
from gaoqi.jobs.exports import ExportSpec, export_source, resolved

EXPORT_LABEL = gettext_lazy("高企培育筛选结果")
EXPORT_COLUMNS = (
    Column(gettext_lazy("距认定排序"), "int"),
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("镇街")),
    Column(gettext_lazy("细分领域")),
    Column(gettext_lazy("梯队")),
    Column(gettext_lazy("高企测评结论")),
    Column(gettext_lazy("未达标条件数"), "int"),
    Column(gettext_lazy("未达标条件")),
    Column(gettext_lazy("相对差距"), "ratio"),
    Column(gettext_lazy("创新评分下限"), "int"),
    Column(gettext_lazy("创新评分上限"), "int"),
    Column(gettext_lazy("较上次结论变化")),
)
TIERS = dict(Evaluation.Tier.choices)
VERDICTS = dict(Evaluation.Verdict.choices)


def filtered_results(
    user: Any, query: QueryDict, run: ScreeningRun | None
) -> tuple[ScreeningFilterForm, QuerySet[ScreeningResult]]:
    """The filter form and ``user``'s scoped, filtered results of ``run`` in rank order."""
    form = ScreeningFilterForm(query)
    if run is None:
        return form, ScreeningResult.objects.none()
    scoped = ScreeningResult.objects.for_user(user).filter(run=run)
    return form, form.apply(scoped).select_related("enterprise__town", "enterprise__segment").order_by("rank")


def export_rows(results: QuerySet[ScreeningResult]) -> Iterator[list[Any]]:
    """One row per result, in ``EXPORT_COLUMNS`` order."""
    for result in results.iterator(chunk_size=2000):
        enterprise = result.enterprise
        yield [
            result.rank,
            enterprise.name,
            enterprise.uscc,
            enterprise.town.name,
            enterprise.segment.name if enterprise.segment else "",
            str(TIERS.get(result.tier, "")),
            str(VERDICTS.get(result.hnte_verdict, "")),
            result.failed_count,
            conditions_text(result.failed),
            result.gap_relative,
            result.score_min,
            result.score_max,
            _("是") if result.flipped else "",
        ]


@export_source("screening", EXPORT_LABEL)
def screening_list(user: Any, query: QueryDict) -> ExportSpec:
    """The latest run's results as the screening page shows them to ``user`` with ``query``."""
    form, results = filtered_results(user, query, latest_run())
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(results),
        total=results.count(),
        filters=form.active_filters(),
    )


CHANGES_LABEL = gettext_lazy("筛选结论变化")
CHANGES_COLUMNS = (
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("镇街")),
    Column(gettext_lazy("高企测评（上次）")),
    Column(gettext_lazy("高企测评（本次）")),
    Column(gettext_lazy("科技型中小企业（上次）")),
    Column(gettext_lazy("科技型中小企业（本次）")),
    Column(gettext_lazy("梯队（上次）")),
    Column(gettext_lazy("梯队（本次）")),
    Column(gettext_lazy("原因"), width=60),
)


def run_flips(user: Any, run: ScreeningRun | None) -> QuerySet[ScreeningResult]:
    """``user``'s scoped results of ``run`` whose conclusion changed since the previous run, by rank."""
    if run is None:
        return ScreeningResult.objects.none()
    scoped = ScreeningResult.objects.for_user(user).filter(run=run, flipped=True)
    return scoped.select_related("enterprise__town").order_by("rank")


def change_reason(change: dict[str, Any]) -> str:
    """Why a result flipped, as the changes page words it: changed inputs, parameters, as-of date."""
    reasons = []
    if change.get("inputs"):
        reasons.append(_("数据变化：%(paths)s") % {"paths": "、".join(change["inputs"])})
    if change.get("parameters"):
        reasons.append(_("参数变化：%(names)s") % {"names": "、".join(change["parameters"])})
    if change.get("as_of_changed"):
        reasons.append(_("评价基准日变化"))
    return "；".join(reasons)


def change_rows(results: QuerySet[ScreeningResult]) -> Iterator[list[Any]]:
    """One row per flipped result, in ``CHANGES_COLUMNS`` order."""
    for result in results.iterator(chunk_size=2000):
        change = result.change or {}
        before, after = change.get("before") or {}, change.get("after") or {}
        yield [
            result.enterprise.name,
            result.enterprise.uscc,
            result.enterprise.town.name,
            *(
                str(VERDICTS.get(side.get(key), ""))
                for key in ("hnte_verdict", "tech_sme_verdict")
                for side in (before, after)
            ),
            str(TIERS.get(before.get("tier"), "")),
            str(TIERS.get(after.get("tier"), "")),
            change_reason(change),
        ]


@export_source("run_changes", CHANGES_LABEL, perm=Perm.VIEW_DASHBOARD)
def run_changes_list(user: Any, query: QueryDict) -> ExportSpec:
    """The changes page of the run ``?run=<pk>`` (the latest run when absent) as ``user`` sees it."""
    pk = query.get("run", "")
    run = ScreeningRun.objects.filter(pk=pk).first() if pk.isdigit() else latest_run()
    flips = run_flips(user, run)
    return ExportSpec(
        label=str(CHANGES_LABEL),
        columns=resolved(CHANGES_COLUMNS),
        rows=change_rows(flips),
        total=flips.count(),
        filters={_("筛选批次"): f"#{run.pk}"} if run else {},
    )


TIER_EXPORT_LABEL = gettext_lazy("梯度培育年度统计")


def tier_columns() -> list[Column]:
    """The tiers table's columns: the year, each tier's count, the headline counts, each transition."""
    return [
        Column(gettext_lazy("年度"), "int"),
        *(Column(label, "int") for label in TIERS.values()),
        Column(gettext_lazy("有效高企"), "int"),
        Column(gettext_lazy("科技型中小企业入库"), "int"),
        Column(gettext_lazy("规上企业"), "int"),
        *(Column(label, "int") for label in TRANSITION_LABELS.values()),
    ]


def tier_rows(counts: dict[int, dict[str, int]], transitions: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per year of ``counts`` (``tiers.counts_by_year``) with that year's ``transitions``
    (``tiers.transition_counts``; empty for the first year, which has no year before it)."""
    moves = {row["year"]: row for row in transitions}
    return [
        [
            year,
            *(row.get(f"tier_{tier}", 0) for tier in TIERS),
            row["hnte"],
            row["tech_sme"],
            row["above_scale"],
            *(moves[year][kind] if year in moves else None for kind in TRANSITION_LABELS),
        ]
        for year, row in counts.items()
    ]

"""The 双倍增 targets with their progress, as the tiers page shows them and as Excel (the list source
``doubling_targets``, downloaded directly or written by the background export job)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy

from gaoqi.core.excel import Column
from gaoqi.cultivation import tiers
from gaoqi.cultivation.models import DoublingTarget, TierRecord
from gaoqi.jobs.exports import ExportSpec, export_source, resolved

EXPORT_LABEL = gettext_lazy("双倍增目标")
MEASURES = (("hnte", gettext_lazy("高新技术企业")), ("tech_sme", gettext_lazy("科技型中小企业")))
EXPORT_COLUMNS = (
    Column(gettext_lazy("目标")),
    Column(gettext_lazy("基准年"), "int"),
    Column(gettext_lazy("目标年"), "int"),
    Column(gettext_lazy("指标")),
    Column(gettext_lazy("基准"), "int"),
    Column(gettext_lazy("目标数"), "int"),
    Column(gettext_lazy("当前"), "int"),
    Column(gettext_lazy("当前年度"), "int"),
    Column(gettext_lazy("完成进度"), "ratio"),
    Column(gettext_lazy("年均增量"), "persons"),
    Column(gettext_lazy("按当前速度预计"), "persons"),
    Column(gettext_lazy("尚需年均增量"), "persons"),
)


def doubling_progress() -> list[dict[str, Any]]:
    """Each target with one (label, progress) row per measure, from the district's tier records (the
    targets are district figures, the same for every viewer)."""
    district = tiers.counts_by_year(tiers.history_frame(TierRecord.objects.all()))
    return [
        {
            "target": target,
            "rows": [(label, tiers.progress(target, district, key)) for key, label in MEASURES],
        }
        for target in DoublingTarget.objects.all()
    ]


def _tenth(value: Fraction | None) -> float | None:
    """A fraction rounded to one decimal as the page shows it (blank when unknown)."""
    return None if value is None else round(float(value), 1)


def export_rows(targets: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """One row per target and measure, in ``EXPORT_COLUMNS`` order."""
    for item in targets:
        target = item["target"]
        for label, progress in item["rows"]:
            yield [
                target.name,
                target.baseline_year,
                target.target_year,
                str(label),
                progress.baseline,
                progress.target,
                progress.current,
                progress.latest_year,
                None if progress.share_done is None else float(progress.share_done),
                _tenth(progress.pace),
                _tenth(progress.projection),
                _tenth(progress.needed_per_year),
            ]


@export_source("doubling_targets", EXPORT_LABEL)
def doubling_list(user: Any, query: QueryDict) -> ExportSpec:
    """The 双倍增 table of the tiers page."""
    targets = doubling_progress()
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(targets),
        total=len(targets) * len(MEASURES),
    )

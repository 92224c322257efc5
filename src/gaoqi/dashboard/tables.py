"""The dashboard's tables, declared once: shown on the page (each row linking to the list behind it),
downloaded as Excel through the shared writer, and printed in the quarterly PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gaoqi.core.excel import Column
from gaoqi.dashboard.charts import SHOWN_TIERS, tier_labels
from gaoqi.dashboard.drill import double_zero_url, file_url, list_url


@dataclass
class DashboardTable:
    """One table: its key (for the download URL), Chinese title, columns, rows and row links."""

    key: str
    label: str
    columns: list[Column]
    rows: list[list[Any]]
    links: list[str] = field(default_factory=list)

    def head(self, count: int) -> DashboardTable:
        """The same table with its first ``count`` rows (and their links) only."""
        return replace(self, rows=self.rows[:count], links=self.links[:count])


def _ratio(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _group_table(key: str, label: str, first: str, rows: list[dict], link: Callable[[dict], str]):
    tiers = tier_labels()
    columns = [
        Column(first),
        Column(_("企业数"), "int"),
        *(Column(tiers[tier], "int") for tier in SHOWN_TIERS),
        Column(_("有效高企合计"), "int"),
        Column(_("本年科技型中小企业入库"), "int"),
        Column(_("研发费用（万元）"), "wan"),
        Column(_("销售收入（万元）"), "wan"),
        Column(_("研发投入强度"), "ratio"),
    ]
    values = [
        [
            row["name"],
            row["enterprises"],
            *(row["tiers"][tier] for tier in SHOWN_TIERS),
            row["hnte"],
            row["tech_sme"],
            Decimal(row["rd_total"]),
            Decimal(row["sales"]),
            _ratio(row["rd_intensity"]),
        ]
        for row in rows
    ]
    return DashboardTable(key, label, columns, values, [link(row) for row in rows])


def towns(data: dict[str, Any]) -> DashboardTable:
    """Per town: enterprises, tiers, tech-SME registrations, last year's R&D and intensity."""
    label = _("镇街汇总（%(year)s年研发）") % {"year": data["years"][-1]}
    return _group_table("towns", label, _("镇街"), data["towns"], lambda row: list_url(town=row["code"]))


def segments(data: dict[str, Any]) -> DashboardTable:
    """Per industry segment, the same figures."""
    label = _("细分领域汇总（%(year)s年研发）") % {"year": data["years"][-1]}
    return _group_table(
        "segments", label, _("细分领域"), data["segments"], lambda row: list_url(segment=row["id"])
    )


def trend(data: dict[str, Any]) -> DashboardTable:
    """Per year: HNTE holders, tech-SME registrations, R&D, sales and intensity."""
    columns = [
        Column(_("年度")),
        Column(_("有效高新技术企业"), "int"),
        Column(_("科技型中小企业入库"), "int"),
        Column(_("研发费用（万元）"), "wan"),
        Column(_("销售收入（万元）"), "wan"),
        Column(_("研发投入强度"), "ratio"),
    ]
    rows = [
        [
            str(row["year"]),
            row["hnte"],
            row["tech_sme"],
            Decimal(row["rd_total"]),
            Decimal(row["sales"]),
            _ratio(row["rd_intensity"]),
        ]
        for row in data["overall"]["trend"]
    ]
    return DashboardTable("trend", _("年度趋势"), columns, rows)


def pyramid(data: dict[str, Any]) -> DashboardTable:
    """Enterprises per tier, the top tier first."""
    labels = tier_labels()
    tiers = list(reversed(list(labels)))
    counts = data["overall"]["tiers"]
    rows = [[labels[tier], counts[tier]] for tier in tiers]
    return DashboardTable(
        "pyramid",
        _("梯队分布"),
        [Column(_("梯队")), Column(_("企业数"), "int")],
        rows,
        [list_url(tier=tier) for tier in tiers],
    )


def expiring(data: dict[str, Any]) -> DashboardTable:
    """HNTE certificates expiring within 12 months, soonest first."""
    rows = data["expiring"]["rows"]
    columns = [
        Column(_("企业名称")),
        Column(_("镇街")),
        Column(_("证书编号")),
        Column(_("到期日期"), "date"),
        Column(_("6个月内到期")),
    ]
    values = [
        [
            row["name"],
            row["town"],
            row["number"],
            dt.date.fromisoformat(row["expires_on"]),
            _("是") if row["within_6"] else _("否"),
        ]
        for row in rows
    ]
    return DashboardTable(
        "expiring", _("12个月内到期的高企证书"), columns, values, [file_url(row["uscc"]) for row in rows]
    )


def double_zero(data: dict[str, Any]) -> DashboardTable:
    """Per town: each 双清零 list at the year's baseline, now, and cleared since."""
    towns = data["double_zero"]["towns"]
    columns = [Column(_("镇街"))]
    for label in (_("无研发活动"), _("无研发机构")):
        columns += [
            Column(_("%(list)s：基线") % {"list": label}, "int"),
            Column(_("%(list)s：现有") % {"list": label}, "int"),
            Column(_("%(list)s：已清零") % {"list": label}, "int"),
        ]
    rows = [
        [
            town["name"],
            *(
                town[f"{key}{suffix}"]
                for key in ("no_rd_activity", "no_rd_institution")
                for suffix in ("_baseline", "", "_cleared")
            ),
        ]
        for town in towns
    ]
    links = [double_zero_url("no_rd_activity", town["code"]) for town in towns]
    label = _("%(year)s年双清零进度（按镇街）") % {"year": data["double_zero"]["year"]}
    return DashboardTable("double_zero", label, columns, rows, links)


def pool(data: dict[str, Any]) -> DashboardTable:
    """The pool funnel's stages."""
    rows = [[stage["label"], stage["count"]] for stage in data["pool"]["stages"]]
    label = _("%(year)s年培育库进度") % {"year": data["pool"]["year"]}
    return DashboardTable("pool", label, [Column(_("阶段")), Column(_("企业数"), "int")], rows)


BUILDERS: dict[str, Callable[[dict[str, Any]], DashboardTable]] = {
    "trend": trend,
    "towns": towns,
    "segments": segments,
    "pyramid": pyramid,
    "expiring": expiring,
    "double_zero": double_zero,
    "pool": pool,
}


def all_tables(data: dict[str, Any]) -> dict[str, DashboardTable]:
    """Every table of the dashboard, keyed for the template (the pool only when the pool exists)."""
    return {key: build(data) for key, build in BUILDERS.items() if key != "pool" or data["pool"]["available"]}

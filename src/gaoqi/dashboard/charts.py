"""ECharts options for the dashboard, built from a snapshot; every clickable data item carries the
``url`` of the enterprise list behind it (``static/dashboard/dashboard.js`` follows it on click)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gaoqi.dashboard.aggregates import TIERS
from gaoqi.dashboard.drill import double_zero_url, list_url
from gaoqi.enterprises.models import Evaluation

TIER_COLOURS = {
    "none": "#adb5bd",
    "tech_sme": "#4299e1",
    "hnte": "#2fb344",
    "little_giant": "#f59f00",
    "leading": "#d63939",
}
EMPTY_STYLE = {"color": "#9aa0ac", "fontSize": 14, "fontWeight": "normal"}
SHOWN_TIERS = tuple(tier for tier in TIERS if tier != "none")


def tier_labels() -> dict[str, str]:
    """Each tier's Chinese name."""
    return {value: str(label) for value, label in Evaluation.Tier.choices}


def percent(ratio: str | None) -> float | None:
    """A ratio kept as text shown as a percentage with two decimals (display only)."""
    return None if ratio is None else round(float(ratio) * 100, 2)


def wan(amount: str) -> float:
    """An amount in 万元 kept as text, for a chart axis (display only)."""
    return round(float(amount), 2)


def _category_grid(names: list[str]) -> dict[str, Any]:
    """Tooltip, legend, grid and category axis; a centred 暂无数据 when there are no categories."""
    option: dict[str, Any] = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 48, "top": 36, "bottom": 72},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 40 if len(names) > 6 else 0}},
    }
    if not names:
        option["title"] = {"text": _("暂无数据"), "left": "center", "top": "middle", "textStyle": EMPTY_STYLE}
    return option


def tiers_by_group(rows: list[dict[str, Any]], key: str, filter_name: str) -> dict[str, Any]:
    """Stacked bars of the tiers per town (or segment); each bar part opens its filtered list."""
    labels = tier_labels()
    return {
        **_category_grid([row["name"] for row in rows]),
        "color": [TIER_COLOURS[tier] for tier in SHOWN_TIERS],
        "yAxis": {"type": "value", "name": _("家")},
        "series": [
            {
                "name": labels[tier],
                "type": "bar",
                "stack": "tiers",
                "data": [
                    {"value": row["tiers"][tier], "url": list_url(**{filter_name: row[key], "tier": tier})}
                    for row in rows
                ],
            }
            for tier in SHOWN_TIERS
        ],
    }


def trend(data: dict[str, Any]) -> dict[str, Any]:
    """HNTE holders and tech-SME registrations per year (bars), the latest year opening the list."""
    rows = data["overall"]["trend"]
    return {
        **_category_grid([str(row["year"]) for row in rows]),
        "yAxis": {"type": "value", "name": _("家")},
        "series": [
            {"name": _("有效高新技术企业"), "type": "bar", "data": [row["hnte"] for row in rows]},
            {"name": _("科技型中小企业入库"), "type": "bar", "data": [row["tech_sme"] for row in rows]},
        ],
    }


def hnte_by_town_trend(data: dict[str, Any]) -> dict[str, Any]:
    """One line per town: HNTE holders at each year's end."""
    return {
        **_category_grid([str(year) for year in data["years"]]),
        "legend": {"type": "scroll", "top": 0},
        "yAxis": {"type": "value", "name": _("家")},
        "series": [
            {"name": town["name"], "type": "line", "data": [row["hnte"] for row in town["trend"]]}
            for town in data["towns"]
        ],
    }


def rd(data: dict[str, Any]) -> dict[str, Any]:
    """R&D expense (bars, 万元) and intensity (line, %) per year."""
    rows = data["overall"]["trend"]
    return {
        **_category_grid([str(row["year"]) for row in rows]),
        "yAxis": [
            {"type": "value", "name": _("万元")},
            {"type": "value", "name": "%", "splitLine": {"show": False}},
        ],
        "series": [
            {"name": _("研发费用"), "type": "bar", "data": [wan(row["rd_total"]) for row in rows]},
            {
                "name": _("研发投入强度"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [percent(row["rd_intensity"]) for row in rows],
            },
        ],
    }


def rd_by_town(data: dict[str, Any]) -> dict[str, Any]:
    """Last year's R&D expense per town; a bar opens the town's list."""
    towns = data["towns"]
    return {
        **_category_grid([town["name"] for town in towns]),
        "yAxis": [
            {"type": "value", "name": _("万元")},
            {"type": "value", "name": "%", "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("研发费用"),
                "type": "bar",
                "data": [
                    {"value": wan(town["rd_total"]), "url": list_url(town=town["code"])} for town in towns
                ],
            },
            {
                "name": _("研发投入强度"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [percent(town["rd_intensity"]) for town in towns],
            },
        ],
    }


def pyramid(data: dict[str, Any]) -> dict[str, Any]:
    """The tier pyramid (a funnel with the top tier on top); each tier opens its list."""
    labels = tier_labels()
    tiers = data["overall"]["tiers"]
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 家"},
        "color": [TIER_COLOURS[tier] for tier in reversed(TIERS)],
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "minSize": "20%",
                "left": "5%",
                "width": "55%",  # room on the right for the longest label (科技型中小企业 and its count)
                "label": {"formatter": "{b} {c}"},
                "data": [
                    {"name": labels[tier], "value": tiers[tier], "url": list_url(tier=tier)}
                    for tier in reversed(TIERS)
                ],
            }
        ],
    }


def pool(data: dict[str, Any]) -> dict[str, Any]:
    """The cultivation pool's stages as horizontal bars, the first stage on top."""
    stages = list(reversed(data["pool"]["stages"]))
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 120, "right": 40, "top": 16, "bottom": 24},
        "xAxis": {"type": "value", "name": _("家")},
        "yAxis": {"type": "category", "data": [stage["label"] for stage in stages]},
        "series": [
            {
                "type": "bar",
                "label": {"show": True, "position": "right"},
                "data": [stage["count"] for stage in stages],
            }
        ],
    }


def double_zero(data: dict[str, Any]) -> dict[str, Any]:
    """Enterprises on each 双清零 list per town now; a bar opens that town's list."""
    towns = data["double_zero"]["towns"]
    names = {"no_rd_activity": _("无研发活动（≥1亿元）"), "no_rd_institution": _("无研发机构（≥5亿元）")}
    return {
        **_category_grid([town["name"] for town in towns]),
        "color": ["#f76707", "#ae3ec9"],
        "yAxis": {"type": "value", "name": _("家")},
        "series": [
            {
                "name": label,
                "type": "bar",
                "data": [{"value": town[key], "url": double_zero_url(key, town["code"])} for town in towns],
            }
            for key, label in names.items()
        ],
    }


def all_charts(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every chart of the dashboard keyed by its element id."""
    charts = {
        "chart-trend": trend(data),
        "chart-rd": rd(data),
        "chart-towns": tiers_by_group(data["towns"], "code", "town"),
        "chart-segments": tiers_by_group(data["segments"], "id", "segment"),
        "chart-town-trend": hnte_by_town_trend(data),
        "chart-rd-towns": rd_by_town(data),
        "chart-pyramid": pyramid(data),
        "chart-double-zero": double_zero(data),
    }
    if data["pool"]["available"]:
        charts["chart-pool"] = pool(data)
    return charts

"""What the two PDF reports show: the district's quarterly report and one enterprise file (一企一档).

The town ranking is ``gaoqi.monitoring``'s target-responsibility score, stored in the snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from gaoqi.core.audit import enterprise_history
from gaoqi.dashboard import svg
from gaoqi.dashboard.charts import percent, tier_labels, wan
from gaoqi.dashboard.tables import all_tables
from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.views.panels import evaluation_context, indicator_table, sources_by_year
from gaoqi.policy import InputError, ParameterError, plan_for

HISTORY_SHOWN = 20
EXPIRING_SHOWN = 30


def quarter_of(day: dt.date) -> tuple[int, int]:
    """``(year, quarter)`` of ``day``."""
    return day.year, (day.month - 1) // 3 + 1


def _charts(data: dict[str, Any]) -> list[str]:
    """The report's SVG charts: the trend, R&D intensity, HNTEs by town and the tiers."""
    trend = data["overall"]["trend"]
    years = [str(row["year"]) for row in trend]
    charts = [
        svg.bar_chart(
            _("高企与科技型中小企业年度趋势（家）"),
            years,
            [
                svg.Series(_("有效高新技术企业"), [row["hnte"] for row in trend]),
                svg.Series(_("科技型中小企业入库"), [row["tech_sme"] for row in trend]),
            ],
        ),
        svg.line_chart(
            _("研发投入强度（%）"),
            years,
            [svg.Series(_("研发费用占销售收入比例"), [percent(row["rd_intensity"]) for row in trend])],
        ),
    ]
    if len(data["towns"]) > 1:
        towns = data["towns"]
        charts.append(
            svg.bar_chart(
                _("各镇街有效高企（家）"),
                [town["name"] for town in towns],
                [svg.Series(_("有效高企（家）"), [town["hnte"] for town in towns])],
            )
        )
        charts.append(
            svg.bar_chart(
                _("各镇街研发费用（万元）"),
                [town["name"] for town in towns],
                [svg.Series(_("研发费用"), [wan(town["rd_total"]) for town in towns])],
            )
        )
    labels = tier_labels()
    tiers = data["overall"]["tiers"]
    charts.append(
        svg.bar_chart(
            _("梯队分布（家）"),
            [labels[tier] for tier in tiers],
            [svg.Series(_("企业数"), list(tiers.values()))],
        )
    )
    return charts


def quarterly_context(data: dict[str, Any], scope_title: str) -> dict[str, Any]:
    """Everything the quarterly report shows, from one snapshot."""
    as_of = dt.date.fromisoformat(data["as_of"])
    year, quarter = quarter_of(as_of)
    tables = all_tables(data)
    tables["expiring"] = tables["expiring"].head(EXPIRING_SHOWN)
    return {
        "title": _("%(scope)s高企培育工作季度报告") % {"scope": scope_title},
        "period": _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter},
        "data": data,
        "overall": data["overall"],
        "charts": _charts(data),
        "ranking": data["ranking"],
        "tables": [tables[key] for key in ("towns", "double_zero", "pool", "expiring") if key in tables],
    }


def _holdings(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "ip_assets": list(enterprise.ip_assets.order_by("-granted_on", "pk")),
        "certificates": list(enterprise.certificates.order_by("-issued_on", "-year", "pk")),
        "institutions": list(enterprise.rd_institutions.order_by("-recognised_on", "pk")),
    }


def _plan(enterprise: Enterprise, evaluation: Evaluation | None, as_of: dt.date) -> dict[str, Any]:
    day = evaluation.as_of if evaluation else as_of
    try:
        return plan_for(to_record(enterprise, day), day)
    except (InputError, ParameterError) as error:
        return {"error": str(error)}


def _history_summary(enterprise: Enterprise) -> dict[str, Any]:
    entries = enterprise_history(enterprise.pk)
    by_action = dict(entries.order_by().values_list("action").annotate(n=Count("pk")))
    return {"total": sum(by_action.values()), "recent": list(entries[:HISTORY_SHOWN])}


def enterprise_context(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    """Everything the enterprise file PDF shows: profile, indicators, IP, certificates, the latest
    evaluation with its conditions and gaps, the cheapest plan, and a summary of the change history."""
    evaluation = enterprise.evaluations.filter(is_latest=True).first()
    years = list(enterprise.fiscal_years.order_by("year"))
    return {
        "enterprise": enterprise,
        "as_of": as_of,
        "indicators": indicator_table(years, sources_by_year(enterprise)),
        "plan": _plan(enterprise, evaluation, as_of),
        "history": _history_summary(enterprise),
        **_holdings(enterprise),
        **evaluation_context(evaluation),
    }

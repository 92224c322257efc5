"""The indicator-drift detector: a valid HNTE whose ratios come close to their thresholds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gaoqi.enterprises.models import FiscalYear
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.monitoring.alerts import AlertDraft
from gaoqi.monitoring.detectors.certificates import (
    condition_labels,
    latest_hnte_certificates,
    latest_hnte_results,
)
from gaoqi.monitoring.figures import chunked, rd_expense
from gaoqi.monitoring.models import Alert
from gaoqi.policy import ParameterSet

DRIFT_INDICATORS = ("rd_ratio", "hitech_revenue_share", "scitech_staff_ratio")


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return None if part is None or not whole else part / whole


YEARLY_RATIOS: dict[str, Callable[[dict[str, Any]], Decimal | None]] = {
    "rd_ratio": lambda row: _ratio(rd_expense(row), row["sales_revenue"]),
    "hitech_revenue_share": lambda row: _ratio(row["hitech_revenue"], row["total_revenue"]),
    "scitech_staff_ratio": lambda row: _ratio(row["scitech_staff"], row["employees"]),
}


def _yearly_rows(enterprise_ids: list[int], years: tuple[int, int]) -> dict[tuple[int, int], dict[str, Any]]:
    fields = ("enterprise_id", "year", "sales_revenue", "total_revenue", "hitech_revenue", "rd_total")
    found = {}
    for batch in chunked(enterprise_ids):
        rows = FiscalYear.objects.filter(enterprise_id__in=batch, year__in=years).values(
            *fields, *RD_CATEGORY_FIELDS, "employees", "scitech_staff"
        )
        found.update({(row["enterprise_id"], row["year"]): row for row in rows})
    return found


def is_drifting(
    value: Decimal, threshold: Decimal, margin: Decimal, previous: Decimal | None, last: Decimal | None
) -> bool:
    """A met condition close to its threshold: within ``margin`` above it, or falling year on year so
    that the same fall once more would take the last year's ratio below it."""
    near = value < threshold + margin
    falling = (
        previous is not None and last is not None and last < previous and 2 * last - previous < threshold
    )
    return near or falling


def indicator_drift(today: dt.date, params: ParameterSet) -> list[AlertDraft]:
    """A valid HNTE whose R&D ratio, high-tech revenue share or sci-tech staff ratio drifts toward its
    threshold: once per indicator per year."""
    margins = {row["indicator"]: row["margin"] for row in params["alerts.drift_margins"]}
    holders = {
        c.enterprise_id: c.enterprise for c, until in latest_hnte_certificates(today) if today <= until
    }
    results = latest_hnte_results(holders)
    years = (today.year - 2, today.year - 1)
    yearly = _yearly_rows(list(holders), years)
    drafts = []
    for pk, hnte in results.items():
        conditions = hnte["conditions"]
        for name in DRIFT_INDICATORS:
            item = conditions.get(name) or {}
            if item.get("passed") is not True or name not in margins or item.get("value") is None:
                continue
            ratios = [yearly.get((pk, year)) for year in years]
            previous, last = (YEARLY_RATIOS[name](row) if row else None for row in ratios)
            value, threshold = Decimal(str(item["value"])), Decimal(str(item["threshold"]))
            if not is_drifting(value, threshold, margins[name], previous, last):
                continue
            label = condition_labels()[name]
            drafts.append(
                AlertDraft(
                    enterprise_id=pk,
                    kind=str(Alert.Kind.INDICATOR_DRIFT),
                    period=f"{today.year}:{name}",
                    title=_("%(name)s：%(label)s接近认定门槛") % {"name": holders[pk].name, "label": label},
                    message=_(
                        "%(label)s为 %(value).2f%%，认定门槛为 %(threshold).2f%%%(trend)s，请及早采取措施。"
                    )
                    % {
                        "label": label,
                        "value": value * 100,
                        "threshold": threshold * 100,
                        "trend": _drift_trend(previous, last),
                    },
                )
            )
    return drafts


def _drift_trend(previous: Decimal | None, last: Decimal | None) -> str:
    if previous is None or last is None or last >= previous:
        return ""
    return _("；上年单年比例由 %(previous).2f%% 降至 %(last).2f%%") % {
        "previous": previous * 100,
        "last": last * 100,
    }

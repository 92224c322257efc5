"""Dashboard figures read from other parts of the platform: expiring certificates, 双清零, the pool.

Seams (docs/dashboard.md): the 双清零 counts are computed here from the engine's latest evaluations
(``result.double_zero``) until ``gaoqi.monitoring`` publishes its lists with baselines; the pool funnel
reads ``gaoqi.cultivation``'s ``PoolEntry`` when that app is installed, and is marked unavailable
otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gaoqi.dashboard.aggregates import HNTE_VALID_YEARS, hnte_valid_on, shift_years
from gaoqi.dashboard.scope import Scope
from gaoqi.enterprises.models import Certificate, Evaluation

EXPIRY_MONTHS = (6, 12)
EXPIRING_LISTED = 200
DOUBLE_ZERO_KEYS = ("no_rd_activity", "no_rd_institution")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved forward by ``months`` months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def expiring_certificates(scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """HNTE certificates valid on ``as_of`` that expire within 6 and 12 months; the soonest listed."""
    valid = Certificate.objects.filter(scope.condition("enterprise__"), hnte_valid_on(as_of))
    horizons = {months: add_months(as_of, months) for months in EXPIRY_MONTHS}
    issued_before = {months: shift_years(day, -HNTE_VALID_YEARS) for months, day in horizons.items()}
    counts = valid.aggregate(
        **{f"within_{m}": Count("pk", filter=Q(issued_on__lte=day)) for m, day in issued_before.items()}
    )
    soonest = (
        valid.filter(issued_on__lte=issued_before[max(EXPIRY_MONTHS)])
        .order_by("issued_on", "pk")
        .values("number", "issued_on", "enterprise__uscc", "enterprise__name", "enterprise__town__name")
    )
    rows = []
    for row in soonest[:EXPIRING_LISTED]:
        expires = shift_years(row["issued_on"], HNTE_VALID_YEARS)
        rows.append(
            {
                "uscc": row["enterprise__uscc"],
                "name": row["enterprise__name"],
                "town": row["enterprise__town__name"],
                "number": row["number"],
                "expires_on": expires.isoformat(),
                "within_6": expires <= horizons[6],
            }
        )
    return {**{key: int(value or 0) for key, value in counts.items()}, "rows": rows}


def double_zero(scope: Scope) -> dict[str, Any]:
    """The enterprises on each 双清零 list by town, from the engine's latest evaluations."""
    flags = {key: Q(**{f"result__double_zero__{key}": True}) for key in DOUBLE_ZERO_KEYS}
    rows = (
        Evaluation.objects.filter(scope.condition("enterprise__"), is_latest=True)
        .filter(flags["no_rd_activity"] | flags["no_rd_institution"])
        .values("enterprise__town__code", "enterprise__town__name", "enterprise__town__sort_order")
        .annotate(**{key: Count("pk", filter=flag) for key, flag in flags.items()})
        .order_by("enterprise__town__sort_order", "enterprise__town__code")
    )
    towns = [
        {"code": row["enterprise__town__code"], "name": row["enterprise__town__name"]}
        | {key: row[key] for key in DOUBLE_ZERO_KEYS}
        for row in rows
    ]
    totals = {key: sum(town[key] for town in towns) for key in DOUBLE_ZERO_KEYS}
    return {"source": "engine", "towns": towns, **totals}


def pool_funnel(scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """The cultivation pool of ``as_of``'s year as a funnel: in scope → evaluated → in the pool →
    meeting the HNTE conditions now → certified (left the pool as 已认定)."""
    if not apps.is_installed("gaoqi.cultivation"):
        return {"available": False, "year": as_of.year, "stages": []}
    from gaoqi.cultivation.models import PoolEntry

    entries = PoolEntry.objects.filter(scope.condition("enterprise__"), year=as_of.year)
    pool = entries.aggregate(
        entered=Count("pk"),
        active=Count("pk", filter=Q(exited_on__isnull=True)),
        passing=Count(
            "pk",
            filter=Q(enterprise__evaluations__is_latest=True, enterprise__evaluations__hnte_verdict="pass"),
        ),
        certified=Count("pk", filter=Q(exit_kind=PoolEntry.ExitKind.CERTIFIED)),
    )
    scoped = Evaluation.objects.filter(scope.condition("enterprise__"), is_latest=True)
    stages = [
        ("enterprises", _("范围内企业"), scope.enterprises().count()),
        ("evaluated", _("已测评"), scoped.count()),
        ("entered", _("入库培育"), pool["entered"]),
        ("passing", _("库内测评符合"), pool["passing"]),
        ("certified", _("培育成功（已认定）"), pool["certified"]),
    ]
    return {
        "available": True,
        "year": as_of.year,
        "active": pool["active"],
        "stages": [{"key": key, "label": str(label), "count": int(count)} for key, label, count in stages],
    }

"""Dashboard figures read from other parts of the platform: expiring certificates, 双清零, the pool.

双清零 progress and the town ranking come from ``gaoqi.monitoring``; the pool funnel reads
``gaoqi.cultivation``'s ``PoolEntry`` (marked unavailable when that app is not installed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gaoqi.dashboard.aggregates import HNTE_VALID_YEARS, hnte_valid_on, shift_years
from gaoqi.dashboard.scope import Scope
from gaoqi.enterprises.models import Certificate, Evaluation
from gaoqi.monitoring.double_zero import TownProgress, town_progress
from gaoqi.monitoring.targets import TownScore, town_scores

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


@dataclass(frozen=True)
class MonitoringFigures:
    """``gaoqi.monitoring``'s district-wide figures of one year, computed once per refresh and shared
    by every scope: each town's 双清零 progress and each town's target-responsibility score."""

    year: int
    progress: list[TownProgress]
    scores: list[TownScore]


def monitoring_figures(as_of: dt.date) -> MonitoringFigures:
    """The 双清零 progress and town scores of ``as_of``'s year."""
    return MonitoringFigures(as_of.year, town_progress(as_of.year), town_scores(as_of.year))


def double_zero(scope: Scope, figures: MonitoringFigures) -> dict[str, Any]:
    """Per town of the scope: the 双清零 lists at the year's baseline and now, and how many were
    cleared (from the engine's latest evaluations, through ``gaoqi.monitoring``)."""
    towns = []
    for progress in figures.progress:
        if scope.town_code and progress.town.code != scope.town_code:
            continue
        rows = {row["list"]: row for row in progress.rows}
        if not any(row["now"] or row["baseline"] for row in rows.values()):
            continue
        town = {"code": progress.town.code, "name": progress.town.name, "sort": progress.town.sort_order}
        for key in DOUBLE_ZERO_KEYS:
            town |= {key: rows[key]["now"], f"{key}_baseline": rows[key]["baseline"]}
            town[f"{key}_cleared"] = rows[key]["cleared"]
        towns.append(town)
    towns.sort(key=lambda town: (town.pop("sort"), town["code"]))
    totals = {key: sum(town[key] for town in towns) for key in DOUBLE_ZERO_KEYS}
    return {"year": figures.year, "towns": towns, **totals}


def town_ranking(scope: Scope, figures: MonitoringFigures) -> list[dict[str, Any]]:
    """The towns' target-responsibility scores, best first, limited to the scope's town for a town."""
    return [
        {"rank": entry.rank, "code": entry.town.code, "name": entry.town.name, "total": str(entry.total)}
        for entry in figures.scores
        if not scope.town_code or entry.town.code == scope.town_code
    ]


def pool_funnel(scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """The cultivation pool of ``as_of``'s year as a funnel: in scope → evaluated → in the pool →
    meeting the HNTE conditions now → certified (left the pool as 已认定)."""
    if not apps.is_installed("gaoqi.cultivation"):
        return {"available": False, "year": as_of.year, "stages": []}
    from gaoqi.cultivation.models import PoolEntry

    entries = PoolEntry.objects.filter(scope.condition("enterprise__"), year=as_of.year)
    passing = Q(enterprise__evaluations__is_latest=True, enterprise__evaluations__hnte_verdict="pass")
    pool = entries.aggregate(  # distinct: the evaluations join repeats an entry per evaluation
        entered=Count("pk", distinct=True),
        active=Count("pk", distinct=True, filter=Q(exited_on__isnull=True)),
        passing=Count("pk", distinct=True, filter=passing),
        certified=Count("pk", distinct=True, filter=Q(exit_kind=PoolEntry.ExitKind.CERTIFIED)),
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

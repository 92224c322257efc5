"""Cached aggregates: computed per scope by ``refresh`` (the ``refresh_dashboard`` job, and after the
evaluation and screening jobs), read by the pages with one query.

A scope without a snapshot yet is computed on first view; ``GAOQI_DASHBOARD_MAX_AGE`` (seconds, default
one day) decides when the page marks a snapshot as stale and offers to refresh it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.utils import timezone

from gaoqi.dashboard.aggregates import by_segment, by_town, district_figures
from gaoqi.dashboard.models import DashboardSnapshot
from gaoqi.dashboard.scope import Scope
from gaoqi.dashboard.sources import (
    MonitoringFigures,
    double_zero,
    expiring_certificates,
    monitoring_figures,
    pool_funnel,
    town_ranking,
)
from gaoqi.enterprises.models import Enterprise

DEFAULT_MAX_AGE = 24 * 3600


def compute(
    scope: Scope, as_of: dt.date | None = None, monitoring: MonitoringFigures | None = None
) -> dict[str, Any]:
    """Every aggregate of ``scope`` on ``as_of`` (default today) as JSON-ready data; ``monitoring``
    (computed when not given) is shared between the scopes of one refresh."""
    as_of = as_of or timezone.localdate()
    monitoring = monitoring or monitoring_figures(as_of)
    figures = district_figures(scope, as_of)
    years = figures["years"]
    return {
        "as_of": as_of.isoformat(),
        "town_code": scope.town_code,
        "years": years,
        "overall": figures["overall"],
        "towns": by_town(scope, years, as_of),
        "segments": by_segment(scope, years, as_of),
        "expiring": expiring_certificates(scope, as_of),
        "double_zero": double_zero(scope, monitoring),
        "ranking": town_ranking(scope, monitoring),
        "pool": pool_funnel(scope, as_of),
    }


def refresh(
    scope: Scope, as_of: dt.date | None = None, monitoring: MonitoringFigures | None = None
) -> DashboardSnapshot:
    """Compute ``scope``'s aggregates and store them as its snapshot."""
    start = time.perf_counter()
    data = compute(scope, as_of, monitoring)
    elapsed = round((time.perf_counter() - start) * 1000)
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        scope=scope.key, defaults={"data": data, "computed_at": timezone.now(), "duration_ms": elapsed}
    )
    return snapshot


def scopes_to_refresh() -> list[Scope]:
    """The district and every town that has enterprises."""
    towns = Enterprise.objects.values_list("town__code", flat=True).distinct().order_by("town__code")
    return [Scope(), *(Scope(code) for code in towns)]


def refresh_all(as_of: dt.date | None = None) -> list[DashboardSnapshot]:
    """Refresh the district's snapshot and each town's; drop snapshots of towns without enterprises."""
    as_of = as_of or timezone.localdate()
    scopes = scopes_to_refresh()
    monitoring = monitoring_figures(as_of)
    DashboardSnapshot.objects.exclude(scope__in=[scope.key for scope in scopes]).delete()
    return [refresh(scope, as_of, monitoring) for scope in scopes]


def snapshot_for(scope: Scope) -> DashboardSnapshot:
    """The stored snapshot of ``scope``, computed now when there is none yet."""
    snapshot = DashboardSnapshot.objects.filter(scope=scope.key).first()
    return snapshot if snapshot is not None else refresh(scope)


def is_stale(snapshot: DashboardSnapshot) -> bool:
    """Whether the snapshot is older than ``GAOQI_DASHBOARD_MAX_AGE`` seconds."""
    max_age = getattr(settings, "GAOQI_DASHBOARD_MAX_AGE", DEFAULT_MAX_AGE)
    return (timezone.now() - snapshot.computed_at).total_seconds() > max_age

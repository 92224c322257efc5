"""Bring the demo district's cultivation year to life, so every page has something to show on first
start: the tiers of the two past years, a screening run, a first cultivation pool seeded from the
candidates nearest to certification, the 双清零 baseline, today's alerts and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from gaoqi.cultivation.models import ScreeningResult
from gaoqi.cultivation.pool import add_to_pool
from gaoqi.cultivation.screening import run_screening
from gaoqi.cultivation.tiers import record_year
from gaoqi.dashboard.snapshots import refresh_all
from gaoqi.enterprises.models import Enterprise
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.double_zero import record_baseline

POOL_SIZE = 40  # candidates nearest to certification entered in the demo pool
OFFICER = "demo_officer"


def prepare_cultivation_year(today: dt.date, report: Callable[[str], None]) -> None:
    """Run, as the demo bureau officer, what a bureau does at the start of its cultivation year."""
    officer = get_user_model().objects.get(username=OFFICER)
    for year in (today.year - 2, today.year - 1):
        record_year(Enterprise.objects.all(), year)
    run = run_screening(Enterprise.objects.all(), today, user=officer)
    candidates = (
        ScreeningResult.objects.filter(run=run)
        .exclude(hnte_verdict="pass")
        .exclude(tier="hnte")
        .order_by("rank")
        .values_list("enterprise_id", flat=True)[:POOL_SIZE]
    )
    added = add_to_pool(officer, list(candidates), today.year, _("全区筛查距认定最近的企业"), run_id=run.pk)
    record_baseline(today.year, officer, today)
    alerts = raise_alerts(today)
    refresh_all(today)
    report(
        _("已完成全区筛查，%(pool)d 家企业进入培育库，产生预警 %(alerts)d 条。")
        % {"pool": len(added.entries), "alerts": sum(alerts.values())}
    )

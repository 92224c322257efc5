"""Detectors: for a day, the alerts that are due, as ``AlertDraft``s (stored once by ``alerts``).

Each detector is ``detector(today, params) -> list[AlertDraft]``: it reads the file in a few queries
and decides the *period* of its alert, so the same alert is never raised twice (a certificate and its
lead time, a year, a year and an indicator, an IP item, a plan action). Dates, lead times and margins
come from ``gaoqi.monitoring.params``. To add a kind, write a detector and list it in ``DETECTORS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from gaoqi.monitoring.alerts import AlertDraft
from gaoqi.monitoring.detectors.certificates import annual_report, hnte_expiry, ip_reused, tech_sme_update
from gaoqi.monitoring.detectors.indicators import indicator_drift, is_drifting
from gaoqi.monitoring.detectors.items import ip_expiry, plan_overdue
from gaoqi.monitoring.params import monitoring_parameters
from gaoqi.policy import ParameterSet

__all__ = ["DETECTORS", "Detector", "detect_all", "is_drifting"]

Detector = Callable[[dt.date, ParameterSet], Iterable[AlertDraft]]

DETECTORS: tuple[Detector, ...] = (
    hnte_expiry,
    annual_report,
    tech_sme_update,
    indicator_drift,
    ip_reused,
    ip_expiry,
    plan_overdue,
)


def detect_all(today: dt.date) -> list[AlertDraft]:
    """Every detector's drafts for ``today``."""
    params = monitoring_parameters(today)
    return [draft for detector in DETECTORS for draft in detector(today, params)]

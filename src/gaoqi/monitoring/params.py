"""The monitoring parameters: alert settings and town-target scoring rules, dated, with their sources.

They are read by the engine's strict loader (``gaoqi.policy.load_parameters``) from this app's own
``parameters/`` directory: ``alerts.yaml`` (due dates, lead times, drift margins) for every region, and
``regions/<region>.yaml`` for the region's town-target scoring (``town_targets.indicators``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from gaoqi.policy import ParameterError, ParameterSet, load_parameters

PARAMETER_DIR = Path(__file__).with_name("parameters")


def monitoring_parameters(as_of: dt.date) -> ParameterSet:
    """The monitoring parameters of ``settings.GAOQI_REGION`` in force on ``as_of``."""
    return load_parameters(as_of, region=settings.GAOQI_REGION, directory=PARAMETER_DIR)


def month_day(params: ParameterSet, name: str, year: int) -> dt.date:
    """The date in ``year`` of a ``"MM-DD"`` parameter such as ``alerts.annual_report_due``."""
    text = str(params[name])
    try:
        month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise ParameterError(f"参数 {name} 应为“月-日”（例如 05-31），现为 {text!r}") from None

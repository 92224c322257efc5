"""Build ``InputTables`` directly for unit tests (amounts in 万元 and persons, converted exactly)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import polars as pl

from gaoqi.policy.tables import (
    ENTERPRISE_SCHEMA,
    HEADCOUNT_FIELDS,
    HEADCOUNT_SCALE,
    MONEY_FIELDS,
    MONEY_SCALE,
    YEAR_SCHEMA,
    InputTables,
)

ENTERPRISE_DEFAULTS: dict[str, Any] = {
    "uscc": "91330621MA2TEST001",
    "name": "测试企业",
    "registered_on": dt.date(2015, 1, 1),
    "industry_code": "C1713",
    "section": "C",
    "tech_field": "4.3",
    "town": "柯桥街道",
    "ip_class1": 1,
    "ip_class2": 0,
    "ip_self_developed": True,
    "achievements_3y": 15,
    "standards_drafted": False,
    "major_incident_1y": False,
    "rd_institution": "none",
    "tech_sme_registered": [],
    "national_award_top3_5y": False,
    "led_standard_5y": False,
    "ic_or_mother_machine": False,
}
YEAR_DEFAULTS: dict[str, Any] = {
    "sales_revenue": 4000,
    "total_revenue": 4000,
    "hitech_revenue": 3000,
    "rd_total": 240,
    "rd_domestic": 240,
    "net_assets": 1000,
    "total_assets": 3000,
    "cost_total": 3500,
    "employees": 100,
    "scitech_staff": 20,
}


def _scaled(value: Any, scale: int) -> int | None:
    if value is None:
        return None
    return int(Decimal(str(value)) * scale)


def enterprise(idx: int = 0, **fields: Any) -> dict[str, Any]:
    """An enterprise row with defaults; ``fields`` override them."""
    row = {name: None for name in ENTERPRISE_SCHEMA}
    row.update(ENTERPRISE_DEFAULTS, idx=idx, uscc=f"91330621MA2TEST{idx:03d}")
    row.update(fields)
    return row


def year(year: int, idx: int = 0, **fields: Any) -> dict[str, Any]:
    """A fiscal-year row in 万元 / persons with defaults; ``fields`` override them."""
    row = {name: None for name in YEAR_SCHEMA}
    row.update(YEAR_DEFAULTS, idx=idx, year=year)
    row.update(fields)
    for name in MONEY_FIELDS:
        row[name] = _scaled(row[name], MONEY_SCALE)
    for name in HEADCOUNT_FIELDS:
        row[name] = _scaled(row[name], HEADCOUNT_SCALE)
    return row


def tables(enterprises: list[dict[str, Any]], years: list[dict[str, Any]]) -> InputTables:
    """The two tables with the exact schema."""
    return InputTables(
        pl.DataFrame(enterprises, schema=ENTERPRISE_SCHEMA, orient="row")
        if enterprises
        else pl.DataFrame(schema=ENTERPRISE_SCHEMA),
        pl.DataFrame(years, schema=YEAR_SCHEMA) if years else pl.DataFrame(schema=YEAR_SCHEMA),
    )


def three_years(idx: int = 0, first: int = 2022, **fields: Any) -> list[dict[str, Any]]:
    """Three identical fiscal years starting at ``first``."""
    return [year(first + offset, idx, **fields) for offset in range(3)]

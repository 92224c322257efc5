"""Hand-made enterprises and evaluations for the monitoring tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear
from gaoqi.enterprises.tests.builders import make_enterprise

TOWN_A, TOWN_B = "330603001", "330603002"


def hnte(firm: Enterprise, issued_on: date, **fields: Any) -> Certificate:
    """An HNTE certificate of ``firm`` issued on ``issued_on``."""
    return Certificate.objects.create(
        enterprise=firm, kind="hnte", number=f"GR{firm.pk}{issued_on:%Y}", issued_on=issued_on, **fields
    )


def evaluation(firm: Enterprise, verdict: str = "pass", **conditions: dict[str, Any]) -> Evaluation:
    """A stored latest evaluation with the HNTE ``verdict`` and the given conditions."""
    result = {"hnte": {"verdict": verdict, "conditions": conditions}, "double_zero": {}}
    return Evaluation.objects.create(
        enterprise=firm, as_of=date(2026, 1, 1), result=result, hnte_verdict=verdict, inputs_hash="test"
    )


def year(firm: Enterprise, number: int, **amounts: str) -> FiscalYear:
    """A fiscal year of ``firm`` with the given amounts (万元, as text)."""
    return FiscalYear.objects.create(
        enterprise=firm, year=number, **{name: Decimal(value) for name, value in amounts.items()}
    )


def firm(serial: int, town: str = TOWN_A, **fields: Any) -> Enterprise:
    """An enterprise of ``town``."""
    return make_enterprise(serial, town_code=town, **fields)

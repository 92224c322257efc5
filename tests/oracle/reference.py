"""The oracle's entry point: one record in, the contract's output (exact, without explanations) out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.oracle.hnte import evaluate_hnte
from tests.oracle.others import deduction, double_zero, tech_sme, tier


def evaluate(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The contract's output object for ``record`` on ``as_of``, numbers as exact fractions."""
    sme = tech_sme(record, as_of)
    return {
        "uscc": record["uscc"],
        "as_of": as_of.isoformat(),
        "hnte": evaluate_hnte(record, as_of),
        "tech_sme": sme,
        "deduction": deduction(record),
        "double_zero": double_zero(record, as_of),
        "tier": tier(record, as_of, sme["verdict"]),
    }

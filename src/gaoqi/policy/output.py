"""Result rows → the contract's JSON objects (names, nesting and units exactly as the contract).

Money leaves the engine in 万元 with 4 decimals (yuan ÷ 10,000); ratios as fractions; head-count gaps
in whole persons. Additive keys: ``hnte.missing`` (field paths of missing inputs),
``hnte.explanations``, ``tech_sme.explanations`` and ``deduction.explanations``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gaoqi.policy import explain as explanations
from gaoqi.policy.evaluate import evaluation_frame
from gaoqi.policy.params import ParameterSet, load_parameters
from gaoqi.policy.rules.missing import missing_labels
from gaoqi.policy.tables import MONEY_SCALE, InputBatch

MONEY_GAPS = ("rd_ratio", "domestic_rd_share", "hitech_revenue_share")


def wan_yuan(amount: int | None) -> float | None:
    """Whole yuan as 万元 (exact to the 4th decimal)."""
    return None if amount is None else round(amount / MONEY_SCALE, 4)


def batch_output(
    batch: InputBatch, as_of: dt.date, *, params: ParameterSet | None = None, explain: bool = True
) -> list[dict[str, Any]]:
    """Contract objects for a batch in input order, rejected records as ``{"uscc", "error"}``."""
    params = params.at(as_of) if params is not None else load_parameters(as_of)
    frame = evaluation_frame(batch.tables, as_of, params=params)
    objects: dict[int, dict[str, Any]] = {error.idx: error.as_output() for error in batch.errors}
    for row in frame.rows(named=True):  # all rows at once: cheaper than iterating
        objects[row["idx"]] = result_object(row, as_of, params, explain=explain)
    return [objects[idx] for idx in sorted(objects)]


def result_object(
    row: dict[str, Any], as_of: dt.date, params: ParameterSet, *, explain: bool
) -> dict[str, Any]:
    """One enterprise's contract object from its evaluation row."""
    hnte = {
        "verdict": row["hnte_verdict"],
        "conditions": _conditions(row),
        "score": _score(row),
        "missing": missing_labels(row["missing"], as_of),
    }
    tech_sme = {
        "verdict": row["tech_sme_verdict"],
        "direct": row["tech_sme_direct"],
        "score": row["tech_sme_score"],
        "staff": row["tech_sme_staff"],
        "rd": row["tech_sme_rd"],
        "ip": row["tech_sme_ip"],
    }
    deduction = {"years": [_deduction_year(entry) for entry in row["deduction"]]}
    if explain:
        hnte["explanations"] = explanations.hnte_explanations(row, params)
        tech_sme["explanations"] = explanations.tech_sme_explanations(row, params)
        deduction["explanations"] = explanations.deduction_explanations(row, params)
    return {
        "uscc": row["uscc"],
        "as_of": as_of.isoformat(),
        "hnte": hnte,
        "tech_sme": tech_sme,
        "deduction": deduction,
        "double_zero": {
            "no_rd_activity": row["dz_no_rd_activity"],
            "no_rd_institution": row["dz_no_rd_institution"],
        },
        "tier": row["tier"],
    }


def _conditions(row: dict[str, Any]) -> dict[str, Any]:
    conditions: dict[str, Any] = {
        "registered_365_days": {
            "passed": row["hnte_registered_365_days_passed"],
            "value": row["hnte_registered_365_days_value"],
        },
        "core_ip": {"passed": row["hnte_core_ip_passed"]},
        "tech_field": {"passed": row["hnte_tech_field_passed"]},
    }
    for name in ("scitech_staff_ratio", *MONEY_GAPS):
        gap = row[f"hnte_{name}_gap"]
        conditions[name] = {
            "passed": row[f"hnte_{name}_passed"],
            "value": row[f"hnte_{name}_value"],
            "threshold": row[f"hnte_{name}_threshold"],
            "gap": wan_yuan(gap) if name in MONEY_GAPS else gap,
        }
    conditions["innovation_score"] = {
        "passed": row["hnte_innovation_score_passed"],
        "threshold": _number(row["hnte_innovation_score_threshold"]),
    }
    conditions["no_major_incident"] = {"passed": row["hnte_no_major_incident_passed"]}
    return conditions


def _score(row: dict[str, Any]) -> dict[str, Any]:
    def span(item: str) -> dict[str, int]:
        return {"min": row[f"score_{item}_min"], "max": row[f"score_{item}_max"]}

    score: dict[str, Any] = {"min": row["score_min"], "max": row["score_max"]}
    for item in ("ip", "transformation", "rd_management", "growth"):
        score[item] = span(item)
    for item in ("net_asset_growth", "sales_growth"):
        score[item] = {"rate": row[f"score_{item}_rate"], **span(item)}
    return score


def _deduction_year(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": entry["year"],
        "rate": entry["rate"],
        "base": wan_yuan(entry["base"]),
        "extra": wan_yuan(entry["extra"]),
        "tax_saved": wan_yuan(entry["tax_saved"]),
        "estimated": entry["estimated"],
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value

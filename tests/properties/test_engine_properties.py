"""Engine properties (hypothesis): batch = one by one, exact gaps, monotone R&D, score ranges, plans.

Examples are few: one evaluation is a Polars batch of one, tens of milliseconds on this machine.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gaoqi.policy import evaluate_records, plan_for
from tests.properties.strategies import (
    AS_OF_DATES,
    RDM_SCALES,
    dated_records,
    last_year,
    plain_record,
    plannable_records,
    plus,
    records,
)

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YUAN = Decimal("0.0001")
SCORE_ITEMS = ("ip", "transformation", "rd_management", "growth", "net_asset_growth", "sales_growth")


def evaluate(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    [result] = evaluate_records([record], as_of, explain=False)
    assert "error" not in result, result
    return result


def _raise(year: dict[str, Any], keys: tuple[str, ...], amount: Decimal) -> None:
    for key in keys:
        year[key] = plus(year[key], amount)


def add_rd(record: dict[str, Any], as_of: dt.date, amount: Decimal) -> None:
    _raise(last_year(record, as_of), ("rd_total", "rd_domestic"), amount)


def add_hitech(record: dict[str, Any], as_of: dt.date, amount: Decimal) -> None:
    _raise(last_year(record, as_of), ("hitech_revenue", "total_revenue"), amount)


def add_staff(record: dict[str, Any], as_of: dt.date, amount: Decimal) -> None:
    _raise(last_year(record, as_of), ("scitech_staff", "employees"), amount)


# condition → (how its gap is closed, contract), one unit below the gap
GAP_CLOSERS = {
    "rd_ratio": (add_rd, YUAN),
    "domestic_rd_share": (add_rd, YUAN),
    "hitech_revenue_share": (add_hitech, YUAN),
    "scitech_staff_ratio": (add_staff, Decimal(1)),
}


@st.composite
def batches(draw: st.DrawFn) -> tuple[dt.date, list[dict[str, Any]]]:
    as_of = draw(st.sampled_from(AS_OF_DATES))
    size = draw(st.integers(1, 4))
    return as_of, [draw(records(as_of, serial)) for serial in range(1, size + 1)]


MIXED_RATES = (  # an IC enterprise (120 %) beside one with 2022 (81.25 %) in the same batch
    dt.date(2025, 6, 30),
    [
        plain_record(1, "C1713", range(2024, 2025), ic=True),
        plain_record(2, "I6510", range(2022, 2025), ic=False),
    ],
)


def assert_batch_equals_one_by_one(as_of: dt.date, items: list[dict[str, Any]]) -> None:
    together = evaluate_records(items, as_of)
    assert together == [evaluate_records([item], as_of)[0] for item in items]


@SETTINGS
@given(batches())
def test_batch_equals_one_by_one(batch):
    as_of, items = batch
    assert_batch_equals_one_by_one(as_of, items)


def test_batch_equals_one_by_one_with_mixed_deduction_rates():
    """Once a defect: the rate's float depended on the other fiscal years in the batch."""
    assert_batch_equals_one_by_one(*MIXED_RATES)


@pytest.mark.parametrize("condition", GAP_CLOSERS)
@SETTINGS
@given(dated_records())
def test_adding_exactly_the_gap_passes_and_one_unit_less_does_not(condition, dated):
    as_of, record = dated
    before = evaluate(record, as_of)["hnte"]["conditions"][condition]
    assume(before["passed"] is False)
    gap = Decimal(repr(before["gap"]))
    close, unit = GAP_CLOSERS[condition]
    assert gap >= unit
    exact, short = copy.deepcopy(record), copy.deepcopy(record)
    close(exact, as_of, gap)
    close(short, as_of, gap - unit)
    assert evaluate(exact, as_of)["hnte"]["conditions"][condition]["passed"] is True
    assert evaluate(short, as_of)["hnte"]["conditions"][condition]["passed"] is False


@SETTINGS
@given(dated_records(), st.integers(0, 2), st.integers(1, 50_000_000))
def test_more_rd_never_lowers_the_rd_ratio_result(dated, slot, extra_yuan):
    as_of, record = dated
    before = evaluate(record, as_of)["hnte"]["conditions"]["rd_ratio"]
    more = copy.deepcopy(record)
    year = more["fiscal_years"][min(slot, len(more["fiscal_years"]) - 1)]
    _raise(year, ("rd_total", "rd_domestic"), Decimal(extra_yuan) * YUAN)
    after = evaluate(more, as_of)["hnte"]["conditions"]["rd_ratio"]
    assert after["value"] >= before["value"]
    assert after["passed"] or not before["passed"]
    assert after["gap"] <= before["gap"]


@SETTINGS
@given(dated_records())
def test_score_minimum_never_exceeds_maximum(dated):
    as_of, record = dated
    score = evaluate(record, as_of)["hnte"]["score"]
    assert 0 <= score["min"] <= score["max"] <= 100
    for item in SCORE_ITEMS:
        assert 0 <= score[item]["min"] <= score[item]["max"]
    assert score["ip"]["max"] <= 30


def apply_plan(record: dict[str, Any], plan: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The record with the plan's actions done as described: money and hires in the last fiscal year."""
    changed = copy.deepcopy(record)
    for action in plan["actions"]:
        kind, amount = action["kind"], Decimal(repr(action["amount"]))
        if kind == "rd_extra":
            add_rd(changed, as_of, amount)
        elif kind == "scitech_hire":
            add_staff(changed, as_of, amount)
        elif kind == "hitech_revenue":
            add_hitech(changed, as_of, amount)
        elif kind in ("ip_class1", "ip_class2"):
            key = kind.removeprefix("ip_")
            changed["ip"] = {**changed["ip"], key: changed["ip"][key] + int(amount), "self_developed": True}
        elif kind == "achievement":
            changed["achievements_3y"] = (changed.get("achievements_3y") or 0) + int(amount)
        else:
            target = action["target"] or kind.removeprefix("rdm_")
            changed["rd_management"] = {**(changed.get("rd_management") or {}), target: RDM_SCALES[target]}
    return changed


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plannable_records())
def test_a_feasible_plan_applied_to_the_inputs_passes(dated):
    as_of, record = dated
    plan = plan_for(record, as_of)
    assume(plan.get("needed") and plan.get("feasible"))
    after = evaluate(apply_plan(record, plan, as_of), as_of)["hnte"]
    assert after["verdict"] == "pass"
    assert after["score"]["min"] > 70

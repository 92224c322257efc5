"""Rule scenarios (OpenFisca style): one pytest case per sentence-named YAML case, through the public API."""

from __future__ import annotations

import pytest

from gaoqi.policy import evaluate_records
from tests.scenarios.scenario import Scenario, load_scenarios, lookup, matches

SCENARIOS = load_scenarios()
CONDITIONS = (
    "registered_365_days",
    "core_ip",
    "tech_field",
    "scitech_staff_ratio",
    "rd_ratio",
    "domestic_rd_share",
    "hitech_revenue_share",
    "innovation_score",
    "no_major_incident",
)
SCORE_ITEMS = ("ip", "transformation", "rd_management", "net_asset_growth", "sales_growth")


def test_scenario_names_are_unique_sentences():
    names = [scenario.name for scenario in SCENARIOS]
    assert len(names) == len(set(names)), "two scenarios share a name"
    assert all(" " in name and not name.endswith(".") for name in names)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.family}: {s.name}" for s in SCENARIOS])
def test_scenario(scenario: Scenario):
    if "error" in scenario.expect:
        check_rejection(scenario)
        return
    [result] = evaluate_records([scenario.record], scenario.as_of)
    assert "error" not in result, result
    wrong = []
    for path, expected in scenario.expect.items():
        actual = lookup(result, path)
        if not matches(expected, actual, path.rsplit(".", 1)[-1]):
            wrong.append(f"{path}: expected {expected!r}, got {actual!r}")
    assert not wrong, "\n".join(wrong)
    check_explanations(result["hnte"])


def check_explanations(hnte: dict) -> None:
    """One explanation per condition and score item, each with a Chinese text, value, threshold,
    article and parameter date (contract "Output"; issue 2), quoting the condition's own figures."""
    explanations = {item["rule"].rsplit(".", 1)[-1]: item for item in hnte["explanations"]}
    for name in (*CONDITIONS, *SCORE_ITEMS):
        assert name in explanations, (name, list(explanations))
    for item in explanations.values():
        assert {"rule", "text", "value", "threshold", "article", "parameter_date"} <= set(item), item
        assert any("\u4e00" <= char <= "\u9fff" for char in item["text"]), item
        assert item["article"], item
    for name in CONDITIONS:
        condition = hnte["conditions"][name]
        for key in ("value", "threshold"):
            if key in condition and condition[key] is not None:
                assert explanations[name][key] == condition[key], (name, key, explanations[name])


def check_rejection(scenario: Scenario) -> None:
    """The record is rejected with a message naming the enterprise, the field and the rule, and a
    valid record beside it in the same batch is still evaluated."""
    valid = next(other.record for other in SCENARIOS if "error" not in other.expect)
    rejected, evaluated = evaluate_records([scenario.record, valid], scenario.as_of)
    assert set(rejected) == {"uscc", "error"}, rejected
    assert rejected["uscc"] == scenario.record["uscc"]
    for fragment in [scenario.record["uscc"], *scenario.expect["error"]]:
        assert fragment in rejected["error"], (fragment, rejected["error"])
    assert "error" not in evaluated and evaluated["uscc"] == valid["uscc"]

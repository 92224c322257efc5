"""Rule scenarios (OpenFisca style): one pytest case per sentence-named YAML case, through the public API."""

from __future__ import annotations

import pytest

from tests.scenarios.scenario import Scenario, load_scenarios, lookup, matches

pytest.importorskip("gaoqi.policy.evaluate", reason="the engine's evaluate module has not landed yet")

SCENARIOS = load_scenarios()


def test_scenario_names_are_unique_sentences():
    names = [scenario.name for scenario in SCENARIOS]
    assert len(names) == len(set(names)), "two scenarios share a name"
    assert all(" " in name and not name.endswith(".") for name in names)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.family}: {s.name}" for s in SCENARIOS])
def test_scenario(scenario: Scenario):
    from gaoqi.policy import evaluate_records

    [result] = evaluate_records([scenario.record], scenario.as_of)
    assert "error" not in result, result
    wrong = []
    for path, expected in scenario.expect.items():
        actual = lookup(result, path)
        if not matches(expected, actual, path.rsplit(".", 1)[-1]):
            wrong.append(f"{path}: expected {expected!r}, got {actual!r}")
    assert not wrong, "\n".join(wrong)

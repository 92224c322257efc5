"""The oracle reproduces every hand-derived scenario expectation: two independent readings agree."""

from __future__ import annotations

import pytest

from tests.oracle.common import UNSPECIFIED
from tests.oracle.reference import evaluate
from tests.scenarios.scenario import Scenario, load_scenarios, lookup, matches

SCENARIOS = [scenario for scenario in load_scenarios() if "error" not in scenario.expect]


def _plain(value):
    """Fractions as floats, as the engine would print them (the matcher compares exactly or to 1e-12)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or value is UNSPECIFIED or isinstance(value, bool | int | str):
        return value
    return float(value)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.family}: {s.name}" for s in SCENARIOS])
def test_oracle_reproduces_scenario(scenario: Scenario):
    result = _plain(evaluate(scenario.record, scenario.as_of))
    wrong = []
    for path, expected in scenario.expect.items():
        actual = lookup(result, path)
        if actual is not UNSPECIFIED and not matches(expected, actual, path.rsplit(".", 1)[-1]):
            wrong.append(f"{path}: expected {expected!r}, oracle {actual!r}")
    assert not wrong, "\n".join(wrong)

"""The engine agrees with the independent oracle on a few thousand seeded random records."""

from __future__ import annotations

from collections import Counter

import pytest

from gaoqi.policy import evaluate_records
from tests.oracle.compare import differences
from tests.oracle.records import batches
from tests.oracle.reference import evaluate

SEED = 20261129
PER_DATE = 400  # × 7 assessment dates


BATCHES = batches(SEED, PER_DATE)


@pytest.mark.parametrize(("as_of", "records"), BATCHES, ids=[as_of.isoformat() for as_of, _ in BATCHES])
def test_engine_matches_oracle(as_of, records):
    results = evaluate_records(records, as_of, explain=False)
    assert len(results) == len(records)
    mismatches: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for record, result in zip(records, results, strict=True):
        assert "error" not in result, (record["uscc"], result)
        for diff in differences(evaluate(record, as_of), result):
            field = diff.split(":", 1)[0]
            key = "".join(char if not char.isdigit() else "#" for char in field)
            mismatches[key] += 1
            examples.setdefault(key, f"{record['uscc']} {diff}")
    report = "\n".join(f"{count:5d} × {examples[key]}" for key, count in mismatches.most_common())
    assert not mismatches, f"engine differs from the oracle:\n{report}"

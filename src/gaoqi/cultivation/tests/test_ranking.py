"""Distance to certification on hand-made result rows: failed count, then relative gap, then score."""

from __future__ import annotations

import polars as pl
import pytest

from gaoqi.cultivation.ranking import CONDITIONS, RATIO_CONDITIONS, ranked


def _row(idx: int, uscc: str, score_min: int, **failed: float | None) -> dict[str, object]:
    """A result row where the named conditions fail; a ratio condition's value is the given share of
    its 0.04 threshold (``None``: value unknown), a yes/no condition is given as ``1``."""
    row: dict[str, object] = {
        "idx": idx,
        "uscc": uscc,
        "score_min": score_min,
        "hnte_innovation_score_threshold": 70.0,
    }
    for name in CONDITIONS:
        row[f"hnte_{name}_passed"] = name not in failed
    for name in RATIO_CONDITIONS:
        share = failed.get(name, 1.0)
        row[f"hnte_{name}_threshold"] = 0.04
        row[f"hnte_{name}_value"] = None if share is None else 0.04 * share
        row[f"hnte_{name}_gap"] = 0 if name not in failed else 1_000_000
    return row


def _order(rows: list[dict[str, object]]) -> list[str]:
    return ranked(pl.DataFrame(rows)).sort("rank")["uscc"].to_list()


def test_fewer_failed_conditions_come_first_whatever_the_gap():
    rows = [
        _row(0, "B", 90, rd_ratio=0.99, hitech_revenue_share=0.99),  # two tiny gaps
        _row(1, "A", 10, rd_ratio=0.1),  # one huge gap
    ]
    assert _order(rows) == ["A", "B"]


def test_equal_counts_are_ordered_by_relative_gap_then_by_score_minimum_then_uscc():
    rows = [
        _row(0, "D", 60, rd_ratio=0.5),  # half the threshold short
        _row(1, "C", 60, rd_ratio=0.9),  # a tenth short
        _row(2, "B", 80, core_ip=1),  # a yes/no condition counts as a whole gap
        _row(3, "E", 65, rd_ratio=0.9),  # same gap as C, higher score first
        _row(4, "A", 65, rd_ratio=0.9),  # same gap and score as E: USCC decides
    ]
    assert _order(rows) == ["A", "E", "C", "D", "B"]


def test_an_unknown_value_counts_as_a_whole_gap_and_the_gaps_are_listed():
    frame = ranked(pl.DataFrame([_row(0, "A", 50, rd_ratio=None), _row(1, "B", 50, rd_ratio=0.75)]))
    unknown, known = frame.sort("idx").to_dicts()
    assert unknown["gap_relative"] == pytest.approx(1.0) and known["gap_relative"] == pytest.approx(0.25)
    assert known["failed"] == ["rd_ratio"] and known["failed_count"] == 1
    assert known["gaps"] == [{"condition": "rd_ratio", "value": 0.03, "threshold": 0.04, "gap": 100.0}]

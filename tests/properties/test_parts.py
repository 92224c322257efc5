"""A large batch is evaluated in parts (``PART_ROWS`` enterprises at a time): the parts must give
exactly the result of the whole, in order, whatever the cut, with gaps in ``idx`` (rejected
records), fiscal years out of order and fiscal years of no enterprise (never evaluated); the wide
frame too, but for the row positions of the window years, which are positions in the part's years."""

from __future__ import annotations

import datetime as dt

import polars as pl
import polars.selectors as cs
import pytest
from polars.testing import assert_frame_equal

from gaoqi.policy import evaluate as engine
from gaoqi.policy.evaluate import evaluate_tables, evaluation_frame
from gaoqi.policy.inputs import tables_from_records
from gaoqi.policy.tables import InputTables
from tests.oracle import records


@pytest.fixture(scope="module")
def batch() -> tuple[dt.date, InputTables]:
    as_of, items = records.batches(5, 60)[0]
    tables = tables_from_records(items).tables
    kept = tables.enterprises.filter(pl.col("idx") % 7 != 3)  # gaps; their years stay, unowned
    shuffled = tables.years.sample(fraction=1.0, shuffle=True, seed=11)
    return as_of, InputTables(kept, shuffled)


@pytest.mark.parametrize("part_rows", [1, 2, 7, 50])
def test_parts_give_the_result_of_the_whole_batch(
    batch: tuple[dt.date, InputTables], part_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of, tables = batch
    whole, whole_frame = evaluate_tables(tables, as_of), evaluation_frame(tables, as_of)
    monkeypatch.setattr(engine, "PART_ROWS", part_rows)
    assert whole.height == tables.enterprises.height > part_rows
    assert_frame_equal(evaluate_tables(tables, as_of), whole)
    rows = cs.starts_with("_row_y")  # a window year's row in the (part's) years: plumbing
    assert_frame_equal(evaluation_frame(tables, as_of).drop(rows), whole_frame.drop(rows))

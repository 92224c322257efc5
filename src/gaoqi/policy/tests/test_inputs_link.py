"""Year rows find their enterprise by the trimmed USCC, whether the year sheet is in the enterprise
sheet's order (linked without a join) or not, and messages name the trimmed USCC."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gaoqi.policy.inputs import tables_from_records
from gaoqi.policy.inputs.fields import ENTERPRISE_SHEET, YEAR_SHEET
from gaoqi.policy.inputs.frames import batch_from_frames
from gaoqi.policy.inputs.layout import flatten
from gaoqi.policy.inputs.samples import sample_records

PADDINGS = [" ", "\u3000", "\t"]


def _layout() -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = flatten(sample_records())
    return (
        pl.DataFrame(rows[ENTERPRISE_SHEET], infer_schema_length=None),
        pl.DataFrame(rows[YEAR_SHEET], infer_schema_length=None),
    )


def _padded(years: pl.DataFrame) -> pl.DataFrame:
    """Every other year row's USCC with spaces (ASCII or full-width) around it."""
    padding = pl.Series([PADDINGS[n % len(PADDINGS)] for n in range(years.height)])
    return years.with_columns(
        pl.when(pl.int_range(pl.len()) % 2 == 1)
        .then(padding + pl.col("uscc") + padding)
        .otherwise(pl.col("uscc"))
        .alias("uscc")
    )


@pytest.mark.parametrize("lazy", [False, True], ids=["frame", "scan"])
@pytest.mark.parametrize("shuffled", [False, True], ids=["in-order", "shuffled"])
def test_year_usccs_with_spaces_around_link_like_trimmed_ones(lazy: bool, shuffled: bool) -> None:
    enterprises, years = _layout()
    padded = _padded(years)
    if shuffled:
        padded = padded.sample(fraction=1.0, shuffle=True, seed=5)
    batch = batch_from_frames(enterprises.lazy() if lazy else enterprises, padded.lazy() if lazy else padded)
    expected = tables_from_records(sample_records())
    assert batch.errors == []
    assert_frame_equal(batch.tables.enterprises, expected.tables.enterprises)
    assert_frame_equal(batch.tables.years, expected.tables.years)


def test_unknown_usccs_with_spaces_are_reported_once_trimmed() -> None:
    enterprises, years = _layout()
    strangers = years.head(3).with_columns(
        pl.Series("uscc", [" 91330621MA2YYYYY9K", "91330621MA2YYYYY9K\u3000", None])
    )
    batch = batch_from_frames(enterprises, pl.concat([years, strangers]))
    assert [(e.idx, e.uscc, e.rule) for e in batch.errors] == [
        (4, "91330621MA2YYYYY9K", "unknown_enterprise"),
        (5, None, "unknown_enterprise"),
    ]


def test_a_bad_value_in_a_padded_year_row_names_the_trimmed_uscc() -> None:
    enterprises, years = _layout()
    years = _padded(years).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit(Decimal("100000000.5")))
        .otherwise(pl.col("total_assets"))
        .alias("total_assets")
    )
    batch = batch_from_frames(enterprises, years)
    [error] = batch.errors
    assert (error.uscc, error.rule) == (enterprises[error.idx, "uscc"], "too_large")
    assert error.message.startswith(f"企业 {enterprises[error.idx, 'uscc']} 字段 fiscal_years[")

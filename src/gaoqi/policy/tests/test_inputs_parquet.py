"""Parquet in the import layout: Decimal amounts of any width decode to the same exact amounts, bad
values are still reported with their row, column and rule, and year rows find their enterprise in any
order."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gaoqi.policy.inputs import frames, read_input, tables_from_records
from gaoqi.policy.inputs.fields import ENTERPRISE_SHEET, YEAR_SHEET
from gaoqi.policy.inputs.layout import flatten
from gaoqi.policy.inputs.samples import sample_records, sample_uscc
from gaoqi.policy.tables import InputBatch

AMOUNTS = pl.selectors.decimal()


def _layout() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sample records as the two Parquet tables (amounts Decimal(38, 4), flags Boolean)."""
    rows = flatten(sample_records())
    enterprises = pl.DataFrame(rows[ENTERPRISE_SHEET], infer_schema_length=None).with_columns(
        pl.col("tech_sme_registered").str.split(",").cast(pl.List(pl.Int32)),
        pl.col("^(ip_self_developed|standards_drafted|major_incident_1y)$") == "是",
    )
    return enterprises, pl.DataFrame(rows[YEAR_SHEET], infer_schema_length=None)


def _read(
    tmp_path: Path, enterprises: pl.DataFrame, years: pl.DataFrame, row_group_size: int | None = None
) -> InputBatch:
    enterprises.write_parquet(tmp_path / "b.enterprises.parquet", row_group_size=row_group_size)
    years.write_parquet(tmp_path / "b.years.parquet", row_group_size=row_group_size)
    return read_input(tmp_path / "b.years.parquet")


def _same_tables(batch: InputBatch, expected: InputBatch) -> None:
    assert batch.errors == expected.errors
    assert_frame_equal(batch.tables.enterprises, expected.tables.enterprises)
    assert_frame_equal(batch.tables.years, expected.tables.years)


@pytest.mark.parametrize(
    "dtype",
    [pl.Decimal(18, 4), pl.Decimal(38, 4), pl.Decimal(14, 4), pl.Decimal(18, 6), pl.Decimal(38, 10)],
    ids=str,
)
def test_narrow_and_wide_decimals_give_the_same_exact_tables(tmp_path: Path, dtype: pl.Decimal) -> None:
    enterprises, years = _layout()
    batch = _read(tmp_path, enterprises, years.with_columns(AMOUNTS.cast(dtype)))
    _same_tables(batch, tables_from_records(sample_records()))


WRITTEN = ["1.000050", "1.000150", "-2.000050", "-0.000150", "1234.567849", "99999999.999950", "100000000"]


@pytest.mark.parametrize("dtype", [pl.Decimal(18, 6), pl.Decimal(38, 6)], ids=str)
def test_more_than_four_places_round_half_even_to_the_yuan_up_to_the_bound(
    tmp_path: Path, dtype: pl.Decimal
) -> None:
    enterprises, years = _layout()
    one = years.head(1).select(pl.exclude("net_assets"))
    years = pl.concat([one] * len(WRITTEN)).with_columns(
        pl.Series("year", range(2000, 2000 + len(WRITTEN))),
        pl.Series("net_assets", [Decimal(text) for text in WRITTEN], dtype),
    )
    batch = _read(tmp_path, enterprises.head(1), years)
    assert batch.errors == []
    expected = [int((Decimal(text) * 10_000).quantize(Decimal(1), ROUND_HALF_EVEN)) for text in WRITTEN]
    assert batch.tables.years["net_assets"].to_list() == expected
    assert expected[-2:] == [10**12, 10**12]  # 99999999.99995 rounds up to the bound, which is allowed


@pytest.mark.parametrize(
    ("dtype", "written"),
    [
        (pl.Decimal(18, 4), "100000000.0001"),
        (pl.Decimal(38, 6), "100000000.000001"),
        (pl.Decimal(38, 4), "-12345678901234567890.1234"),  # beyond Int64 once scaled: bounded first
    ],
    ids=str,
)
def test_an_amount_above_the_bound_names_row_column_and_rule(
    tmp_path: Path, dtype: pl.Decimal, written: str
) -> None:
    enterprises, years = _layout()
    years = years.with_columns(AMOUNTS.cast(dtype)).with_columns(
        pl.when(pl.int_range(pl.len()) == 4)
        .then(pl.lit(Decimal(written), dtype))
        .otherwise(pl.col("total_assets"))
        .alias("total_assets")
    )
    batch = _read(tmp_path, enterprises, years)
    uscc, year = years[4, "uscc"], years[4, "year"]
    assert [(e.idx, e.field, e.rule, e.message) for e in batch.errors] == [
        (
            1,
            f"fiscal_years[{year}].total_assets",
            "too_large",
            f"企业 {uscc} 字段 fiscal_years[{year}].total_assets：年末资产总额（{Decimal(written)}万元）"
            "超过上限 1 亿万元",
        )
    ]
    assert batch.tables.enterprises["idx"].to_list() == [0, 2, 3]


def test_year_rows_in_any_order_find_their_enterprise(tmp_path: Path) -> None:
    enterprises, years = _layout()
    expected = tables_from_records(sample_records())
    shuffled = _read(tmp_path, enterprises.reverse(), years.sample(fraction=1.0, shuffle=True, seed=7))
    assert shuffled.errors == []
    assert_frame_equal(
        shuffled.tables.enterprises.drop("idx"), expected.tables.enterprises.reverse().drop("idx")
    )
    by_uscc = shuffled.tables.years.join(shuffled.tables.enterprises.select("idx", "uscc"), on="idx").drop(
        "idx"
    )
    expected_by_uscc = expected.tables.years.join(
        expected.tables.enterprises.select("idx", "uscc"), on="idx"
    ).drop("idx")
    assert_frame_equal(by_uscc, expected_by_uscc, check_row_order=False)


def test_repeated_and_unknown_usccs_in_parquet_are_reported(tmp_path: Path) -> None:
    enterprises, years = _layout()
    stranger = sample_uscc("91330621MA2YYYYY9")
    years = pl.concat([years, years.head(1).with_columns(pl.lit(stranger).alias("uscc"))])
    batch = _read(tmp_path, pl.concat([enterprises, enterprises.head(1)]), years)
    assert [(e.idx, e.uscc, e.rule) for e in batch.errors] == [
        (4, enterprises[0, "uscc"], "duplicate_uscc"),
        (5, stranger, "unknown_enterprise"),
    ]
    assert batch.size == 6
    expected = tables_from_records(sample_records())
    assert_frame_equal(batch.tables.years, expected.tables.years)


def test_a_blank_text_date_is_unknown_not_an_error(tmp_path: Path) -> None:
    enterprises, years = _layout()
    enterprises = enterprises.with_columns(
        pl.col("hnte_issued_on").cast(pl.String).fill_null("  "), pl.col("registered_on").cast(pl.String)
    )
    batch = _read(tmp_path, enterprises, years)
    _same_tables(batch, tables_from_records(sample_records()))


@pytest.mark.parametrize(
    "too_large",
    [[29_000], [*range(100, 8_000, 200), 29_999]],  # a few rows are read back one by one, many in one pass
    ids=["one", "forty-one"],
)
@pytest.mark.parametrize("streaming_from", [1_000, 10**9], ids=["streaming", "in-memory"])
def test_bad_values_deep_in_a_large_file_name_their_enterprise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, too_large: list[int], streaming_from: int
) -> None:
    monkeypatch.setattr(frames, "STREAMING_ROWS", streaming_from)  # the same answers from either engine
    count = 30_000
    enterprises, years = _layout()
    usccs = [sample_uscc(f"91330621MA{n:07d}") for n in range(count)]
    many = pl.concat([enterprises.head(1)] * count).with_columns(pl.Series("uscc", usccs))
    many_years = pl.concat([years.head(1)] * count).with_columns(pl.Series("uscc", usccs))
    position = pl.int_range(pl.len())
    many_years = many_years.with_columns(
        pl.when(position == 12_345)
        .then(pl.lit(Decimal("-1"), pl.Decimal(38, 4)))
        .otherwise("cost_total")
        .alias("cost_total"),
        pl.when(position.is_in(too_large))
        .then(pl.lit(Decimal("1E+9"), pl.Decimal(38, 4)))
        .otherwise("net_assets")
        .alias("net_assets"),
    )
    batch = _read(tmp_path, many, many_years, row_group_size=4_000)  # read in many pieces
    year = years[0, "year"]
    negative = (12_345, usccs[12_345], f"fiscal_years[{year}].cost_total", "negative")
    found = [(e.idx, e.uscc, e.field, e.rule) for e in batch.errors]
    assert found == sorted(
        [negative, *((n, usccs[n], f"fiscal_years[{year}].net_assets", "too_large") for n in too_large)]
    )
    assert batch.errors[-1].message == (
        f"企业 {usccs[too_large[-1]]} 字段 fiscal_years[{year}].net_assets：年末净资产（1000000000.0000万元）"
        "超过上限 1 亿万元"
    )
    assert batch.tables.enterprises.height == batch.tables.years.height == count - 1 - len(too_large)

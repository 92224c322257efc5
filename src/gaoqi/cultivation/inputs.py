"""The engine inputs of each enterprise as one canonical JSON text, and back to tables and records.

A screening keeps what each result was computed from: the enterprise's row of the normalised input
tables (``gaoqi.policy.InputTables``, money in whole yuan) with its fiscal-year rows nested, encoded by
Polars for the whole batch at once. Its SHA-256 is the result's ``inputs_hash``; the contract record
(``bridge.records_from_tables``) is derived only where it is needed (a diff, a trace, a reproduction).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any

import polars as pl

from gaoqi.enterprises.bridge import records_from_tables
from gaoqi.policy import InputTables
from gaoqi.policy.tables import ENTERPRISE_SCHEMA, YEAR_SCHEMA

YEAR_FIELDS = {name: dtype for name, dtype in YEAR_SCHEMA.items() if name != "idx"}
TEXT_SCHEMA: dict[str, Any] = {
    **{name: dtype for name, dtype in ENTERPRISE_SCHEMA.items() if name != "idx"},
    "years": pl.List(pl.Struct(YEAR_FIELDS)),
}


def _wire(dtype: Any) -> pl.DataType:
    """How a column reads back from JSON: dates as text, every integer as Int64."""
    if dtype == pl.Date:
        return pl.String()
    if dtype.is_integer():
        return pl.Int64()
    if isinstance(dtype, pl.List):
        return pl.List(_wire(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pl.Struct({field.name: _wire(field.dtype) for field in dtype.fields})
    return dtype


WIRE_SCHEMA: dict[str, Any] = {name: _wire(dtype) for name, dtype in TEXT_SCHEMA.items()}


def input_texts(tables: InputTables) -> list[str]:
    """One JSON text per enterprise, in ``idx`` order (columns in schema order: canonical)."""
    years = (
        tables.years.sort("idx", "year")
        .group_by("idx", maintain_order=True)
        .agg(pl.struct(*YEAR_FIELDS).alias("years"))
    )
    rows = tables.enterprises.sort("idx").join(years, on="idx", how="left", maintain_order="left")
    encoded = rows.select(pl.struct(*TEXT_SCHEMA).struct.json_encode().alias("inputs"))
    return encoded["inputs"].to_list()


def digest(text: str) -> str:
    """The SHA-256 of an input text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tables_from_texts(texts: Sequence[str]) -> InputTables:
    """The input tables of the enterprises whose texts are given (``idx`` in the given order)."""
    wire = pl.read_ndjson(io.StringIO("\n".join(texts)), schema=WIRE_SCHEMA)
    dates = [name for name, dtype in TEXT_SCHEMA.items() if dtype == pl.Date]
    frame = (
        wire.with_columns(pl.col(name).str.to_date("%Y-%m-%d") for name in dates)
        .cast(pl.Schema(TEXT_SCHEMA))
        .with_row_index("idx")
    )
    years = frame.select("idx", "years").explode("years").drop_nulls("years").unnest("years")
    return InputTables(
        enterprises=frame.drop("years").select(*ENTERPRISE_SCHEMA),
        years=years.select(pl.col(name).cast(dtype) for name, dtype in YEAR_SCHEMA.items()),
    )


def records_from_texts(texts: Sequence[str]) -> list[dict[str, Any]]:
    """The contract records of the enterprises whose texts are given, in the same order."""
    return records_from_tables(tables_from_texts(texts)) if texts else []


def subset(tables: InputTables, positions: Sequence[int]) -> InputTables:
    """The tables of the enterprises at ``positions`` (their ``idx``), renumbered in that order."""
    order = pl.DataFrame(
        {"idx": list(positions), "new": range(len(positions))}, schema={"idx": pl.UInt32, "new": pl.UInt32}
    )
    enterprises = (
        tables.enterprises.join(order, on="idx").sort("new").with_columns(pl.col("new").alias("idx"))
    )
    years = tables.years.join(order, on="idx").with_columns(pl.col("new").alias("idx")).sort("idx", "year")
    return InputTables(enterprises=enterprises.select(*ENTERPRISE_SCHEMA), years=years.select(*YEAR_SCHEMA))

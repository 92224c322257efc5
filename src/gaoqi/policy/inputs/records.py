"""Contract records (dicts with JSON types) to validated tables."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from gaoqi.policy.inputs.decode import Columns
from gaoqi.policy.inputs.fields import ENTERPRISE_FIELDS, YEAR_FIELDS, Field
from gaoqi.policy.inputs.validate import RAW_ENTERPRISE_SCHEMA, build_batch, frames_from_columns
from gaoqi.policy.tables import YEAR_SCHEMA, InputBatch, InputTables

ROW_FRAMES = 50  # below this many records the tables are built row by row (measured: 3 × faster for one)


def tables_from_records(records: Iterable[Any]) -> InputBatch:
    """Validate contract records and build the normalised tables in one go.

    Amounts must be ``int`` or ``Decimal`` (parse JSON with ``parse_float=Decimal``); a Python float is
    read through its shortest ``repr``. Each bad record becomes a ``RecordError``; the rest are kept.
    """
    columns = Columns()
    columns.extend(records)
    return batch_from_columns(columns)


def batch_from_columns(columns: Columns) -> InputBatch:
    """The ``InputBatch`` of records already decoded into ``columns`` (plus earlier errors)."""
    if columns.size < ROW_FRAMES:
        enterprises, years = (
            _by_row(columns.enterprises, RAW_ENTERPRISE_SCHEMA),
            _by_row(columns.years, YEAR_SCHEMA),
        )
    else:
        enterprises, years = frames_from_columns(columns.enterprises, columns.years)
    return build_batch(enterprises, years, columns.errors, columns.size, objects_filled=True)


def _by_row(values: dict[str, list[Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Column lists as a frame built from rows: one conversion call, no per-column set-up (cheaper for
    a few records, dearer for many)."""
    return pl.DataFrame(
        list(zip(*(values[name] for name in schema), strict=True)), schema=schema, orient="row"
    )


def records_from_tables(tables: InputTables, idxs: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Contract records rebuilt from the normalised tables (all rows, or those of ``idxs``), in order.

    Per-row Python: meant for one enterprise or a few (reports, plans), not for batches.
    """
    enterprises, years = tables.enterprises, tables.years
    if idxs is not None:
        wanted = list(idxs)
        enterprises = enterprises.filter(pl.col("idx").is_in(wanted))
        years = years.filter(pl.col("idx").is_in(wanted))
    by_idx: dict[int, list[dict[str, Any]]] = {}
    for row in years.iter_rows(named=True):
        by_idx.setdefault(row["idx"], []).append(_fiscal_year(row))
    records = []
    for row in enterprises.iter_rows(named=True):
        record: dict[str, Any] = {}
        for f in ENTERPRISE_FIELDS:
            _put(record, f.path, _json_value(f, row[f.column]))
        record["fiscal_years"] = by_idx.get(row["idx"], [])
        records.append(record)
    return records


def _fiscal_year(row: dict[str, Any]) -> dict[str, Any]:
    year: dict[str, Any] = {}
    for f in YEAR_FIELDS:
        _put(year, f.path, _json_value(f, row[f.column]))
    return year


def _json_value(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.kind in ("money", "headcount"):
        return Decimal(value).scaleb(-4)
    if field.kind == "date":
        return value.isoformat()
    return value


def _put(record: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path, creating the parent object; a null value is left out."""
    if value is None:
        return
    head, _, rest = path.partition(".")
    if rest:
        record.setdefault(head, {})[rest] = value
    else:
        record[head] = value

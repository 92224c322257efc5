"""Write a Polars frame of many rows into one model's table: ``COPY`` on PostgreSQL, bulk inserts elsewhere.

The frame's columns are the model's column names (``attname``); ``json_columns`` hold JSON text and
binary columns hold bytes. Signals do not fire (like ``bulk_create``): use it for result tables only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import polars as pl
from django.db import connection, models

BATCH_SIZE = 2000


def write_frame(model: type[models.Model], frame: pl.DataFrame, json_columns: Iterable[str] = ()) -> int:
    """Insert every row of ``frame`` into ``model``'s table; return the row count."""
    if frame.is_empty():
        return 0
    if connection.vendor == "postgresql":
        _copy(model, frame)
    else:
        _bulk_create(model, frame, frozenset(json_columns))
    return frame.height


def _copy(model: type[models.Model], frame: pl.DataFrame) -> None:
    binary = [name for name, dtype in frame.schema.items() if dtype == pl.Binary]
    text = frame.with_columns(
        (pl.lit("\\x") + pl.col(name).bin.encode("hex")).alias(name) for name in binary
    ).write_csv(include_header=False, quote_style="non_numeric", null_value="")
    columns = ", ".join(connection.ops.quote_name(name) for name in frame.columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy,
    ):
        copy.write(text)


def _bulk_create(model: type[models.Model], frame: pl.DataFrame, json_columns: frozenset[str]) -> None:
    rows = []
    for row in frame.iter_rows(named=True):
        for name in json_columns:
            row[name] = None if row[name] is None else json.loads(row[name])
        rows.append(model(**row))
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

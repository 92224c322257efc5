"""Inserting many rows fast: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite.

Django's ``bulk_create`` prepares every value through its field (microseconds each) and, on SQLite,
splits the rows into statements of at most 999 parameters; for the million provenance values of a
100,000-row file that alone takes minutes. Here the caller gives plain values in the fields' order
(ints, text, ``Decimal``, dates, aware datetimes, JSON-ready objects for JSON fields), and they go
straight to the driver. No signals are sent (the writer records audit and provenance itself).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values of the fields ``names``, by attribute name) into ``model``'s table."""
    fields = [model._meta.get_field(name) for name in names]
    is_json = [isinstance(field, models.JSONField) for field in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_json(row, is_json))
            return
        marks = ", ".join(["%s"] * len(fields))
        plain = _Plain(connection.ops)
        converted = (tuple(plain(value) for value in _json(row, is_json)) for row in rows)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", converted)


def _json(row: Sequence[Any], is_json: list[bool]) -> Sequence[Any]:
    if not any(is_json):
        return row
    return [
        json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False) if flag and value is not None else value
        for value, flag in zip(row, is_json, strict=True)
    ]


class _Plain:
    """Values as SQLite stores them through Django: decimals and dates as text, datetimes in UTC
    (each distinct datetime converted once: an import stamps every row with the same time)."""

    def __init__(self, ops: Any) -> None:
        self.ops = ops
        self.datetimes: dict[dt.datetime, Any] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.datetime):
            if value not in self.datetimes:
                self.datetimes[value] = self.ops.adapt_datetimefield_value(value)
            return self.datetimes[value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

"""Inserting many rows fast: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite.

Django's ``bulk_create`` prepares every value through its field (microseconds each) and, on SQLite,
splits the rows into statements of at most 999 parameters; for the 900,000 provenance values of a
100,000-row file that alone takes minutes. Here the caller gives plain values in the fields' order
(ints, text, ``Decimal``, dates, aware datetimes, JSON-ready objects for JSON fields), and they go
straight to the driver, converted only where the column needs it. No signals are sent (the writer
records audit and provenance itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

Convert = Callable[[Any], Any] | None


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (values of the fields ``names``, by attribute name) into ``model``'s table."""
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    postgres = connection.vendor == "postgresql"
    converters = [
        (index, convert) for index, field in enumerate(fields) if (convert := _converter(field, postgres))
    ]
    if converters:
        rows = (_converted(row, converters) for row in rows)
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _converted(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for index, convert in converters:
        if values[index] is not None:
            values[index] = convert(values[index])
    return values


def _converter(field: models.Field, postgres: bool) -> Convert:
    """How a value of ``field`` reaches the driver: JSON as text; on SQLite, as Django stores it there
    (decimals and dates as text, datetimes in UTC, each distinct datetime converted once)."""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if postgres:
        return None
    if isinstance(field, models.DecimalField):
        return str
    if isinstance(field, models.DateTimeField):
        seen: dict[Any, Any] = {}

        def adapt(value: Any) -> Any:
            if value not in seen:
                seen[value] = connection.ops.adapt_datetimefield_value(value)
            return seen[value]

        return adapt
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat()
    return None

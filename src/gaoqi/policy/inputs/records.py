"""Contract records (dicts with JSON types) to validated tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gaoqi.policy.inputs.decode import Columns
from gaoqi.policy.inputs.validate import build_batch, frames_from_columns
from gaoqi.policy.tables import InputBatch


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
    enterprises, years = frames_from_columns(columns.enterprises, columns.years)
    return build_batch(enterprises, years, columns.errors, columns.size)

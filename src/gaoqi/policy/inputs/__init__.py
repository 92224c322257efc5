"""Readers of enterprise records: contract dicts, JSON Lines, the Excel/CSV layout and Parquet."""

from gaoqi.policy.inputs.readers import json_records, read_input, write_tables
from gaoqi.policy.inputs.records import records_from_tables, tables_from_records
from gaoqi.policy.inputs.uscc import check_digit, is_valid_uscc

__all__ = [
    "check_digit",
    "is_valid_uscc",
    "json_records",
    "read_input",
    "records_from_tables",
    "tables_from_records",
    "write_tables",
]

"""Readers of enterprise records: contract dicts, JSON Lines, the Excel/CSV layout and Parquet."""

from gaoqi.policy.inputs.readers import read_input
from gaoqi.policy.inputs.records import tables_from_records
from gaoqi.policy.inputs.uscc import check_digit, is_valid_uscc

__all__ = ["check_digit", "is_valid_uscc", "read_input", "tables_from_records"]

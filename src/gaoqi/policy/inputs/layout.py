"""The platform's flat layout: sheet 企业基本信息 (one row per enterprise) and sheet 年度指标 (one row
per enterprise and fiscal year, linked by 统一社会信用代码). Headers may be the Chinese header, the
Chinese label or the English column name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gaoqi.policy.errors import InputError
from gaoqi.policy.inputs.decode import decode_record
from gaoqi.policy.inputs.fields import (
    ENTERPRISE_FIELDS,
    ENTERPRISE_SHEET,
    RD_INSTITUTION_LEVELS,
    YEAR_FIELDS,
    YEAR_SHEET,
    Field,
)

LINK = ENTERPRISE_FIELDS[0]  # uscc links the two sheets
SHEET_FIELDS: dict[str, tuple[Field, ...]] = {
    ENTERPRISE_SHEET: ENTERPRISE_FIELDS,
    YEAR_SHEET: (LINK, *YEAR_FIELDS),
}


def header_key(text: object) -> str:
    """A header as compared: without spaces, with full-width parentheses.

    >>> header_key(" 销售收入 (万元) ")
    '销售收入（万元）'
    """
    return "".join(str(text).split()).replace("(", "（").replace(")", "）")


HEADER_TO_COLUMN: dict[str, str] = {
    header_key(spelling): f.column
    for f in (*ENTERPRISE_FIELDS, *YEAR_FIELDS)
    for spelling in (f.header, f.label, f.column)
}
BOOL_WORDS = {
    **{word: True for word in ("是", "true", "1", "y", "yes")},
    **{word: False for word in ("否", "false", "0", "n", "no")},
}
LEVEL_WORDS = {name: code for code, name in RD_INSTITUTION_LEVELS.items()}


def normalise_headers(sheet: str, headers: list[str]) -> dict[str, str]:
    """Map a sheet's headers to column names; unknown headers are ignored, a missing link is an error."""
    mapping: dict[str, str] = {}
    for header in headers:
        column = HEADER_TO_COLUMN.get(header_key(header))
        if column is None:
            continue
        if column in mapping.values():
            raise InputError(f"工作表“{sheet}”中列“{FIELD_HEADERS[column]}”出现了两次")
        mapping[header] = column
    required = [LINK] if sheet == ENTERPRISE_SHEET else [LINK, YEAR_FIELDS[0]]
    missing = [f.header for f in required if f.column not in mapping.values()]
    if missing:
        raise InputError(f"工作表“{sheet}”缺少必需的列：{'、'.join(missing)}")
    return mapping


FIELD_HEADERS = {f.column: f.header for f in (*ENTERPRISE_FIELDS, *YEAR_FIELDS)}


def flatten(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Valid contract records as rows of the two sheets (column name -> cell value), for samples."""
    enterprises, years = [], []
    for record in records:
        enterprise, year_rows = decode_record(record)
        enterprises.append({f.column: _cell(f, enterprise[f.column]) for f in ENTERPRISE_FIELDS})
        for year in year_rows:
            row = {LINK.column: enterprise[LINK.column]}
            row.update({f.column: _cell(f, year[f.column]) for f in YEAR_FIELDS})
            years.append(row)
    return {ENTERPRISE_SHEET: enterprises, YEAR_SHEET: years}


def _cell(field: Field, value: Any) -> Any:
    """A decoded value as a spreadsheet cell: amounts in 万元/人, flags as 是/否, year lists as text."""
    if value is None:
        return None
    if field.kind in ("money", "headcount"):
        return Decimal(value).scaleb(-4)
    if field.kind == "bool":
        return "是" if value else "否"
    if field.kind == "years":
        return ",".join(str(year) for year in value)
    if field.kind == "code":
        return RD_INSTITUTION_LEVELS.get(value, value)
    return value

"""A shared Excel (.xlsx) writer for every list export.

Each export declares its columns once (Chinese header, kind, optional width) and streams rows in.
The writer freezes the header row, adds an auto-filter, formats 万元 amounts, ratios and dates,
sizes the columns to their content (a CJK character counts double) and neutralises text that a
spreadsheet would run as a formula (cells starting with ``= + - @``, tab or carriage return get a
leading apostrophe), so an exported enterprise name can never become a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from django.http import HttpResponse
from xlsxwriter import Workbook

__all__ = ["XLSX_CONTENT_TYPE", "Column", "neutralise", "write_workbook", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ColumnKind = Literal["text", "wan", "persons", "ratio", "int", "date"]

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_FORMATS: dict[str, str] = {
    "wan": "#,##0.00",
    "persons": "#,##0.#",
    "ratio": "0.00%",
    "int": "#,##0",
    "date": "yyyy-mm-dd",
}
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_HEADER_STYLE = {"bold": True, "bg_color": "#E8EEF7", "border": 1, "valign": "vcenter"}


@dataclass(frozen=True)
class Column:
    """One exported column: its Chinese header (a lazy translation is fine), how its values are
    formatted and an optional width."""

    header: Any
    kind: ColumnKind = "text"
    width: float | None = None


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading apostrophe when it starts like a formula.

    >>> neutralise("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise("绍兴某某纺织有限公司")
    '绍兴某某纺织有限公司'
    """
    return f"'{text}" if text.startswith(_FORMULA_PREFIXES) else text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _write_cell(sheet: Any, row: int, col: int, value: Any, kind: str, formats: dict[str, Any]) -> str:
    """Write one value and return its text as shown, for sizing the column."""
    if value is None or value == "":
        sheet.write_blank(row, col, None)
        return ""
    if kind == "date" and isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
        return "0000-00-00"
    if kind in _NUMBER_FORMATS and isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), formats[kind])
        return f"{value:,.2f}" if kind != "int" else f"{value:,}"
    text = neutralise(str(value))
    sheet.write_string(row, col, text)
    return text


def write_workbook(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, sheet_name: str = "Sheet1"
) -> bytes:
    """The .xlsx bytes of one sheet: a frozen, filtered header row, then ``rows`` in ``columns``' order."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name[:31])
    header_format = workbook.add_format(_HEADER_STYLE)
    formats = {kind: workbook.add_format({"num_format": code}) for kind, code in _NUMBER_FORMATS.items()}
    widths = [_display_width(str(column.header)) for column in columns]
    for col, column in enumerate(columns):
        sheet.write_string(0, col, str(column.header), header_format)
    row_index = 0
    for row_index, values in enumerate(rows, start=1):
        for col, (column, value) in enumerate(zip(columns, values, strict=True)):
            shown = _write_cell(sheet, row_index, col, value, column.kind, formats)
            widths[col] = max(widths[col], _display_width(shown))
    for col, column in enumerate(columns):
        width = column.width or min(max(widths[col] + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row_index, 1), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """An attachment response for ``content``; ``filename`` may be Chinese (RFC 5987 encoded)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    disposition = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    response["Content-Disposition"] = disposition
    return response

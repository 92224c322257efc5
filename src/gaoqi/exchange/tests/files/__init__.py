"""Real files for the import tests, made on the spot: .xlsx (with formulas, merged cells, dates),
CSV in UTF-8 or GB18030, an oversized file and a zip bomb disguised as .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook

Rows = Sequence[Sequence[Any]]


def xlsx(
    path: Path,
    rows: Rows,
    *,
    formulas: dict[tuple[int, int], tuple[str, Any]] | None = None,
    merged: Sequence[tuple[int, int, int, int, Any]] = (),
    title: str | None = None,
) -> Path:
    """An .xlsx of ``rows`` (the first is the header); ``formulas`` maps (row, col) to (formula, cached
    value), ``merged`` lists (first_row, first_col, last_row, last_col, value); ``title`` goes above."""
    with Workbook(str(path)) as workbook:
        sheet = workbook.add_worksheet("数据")
        dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
        offset = 0
        if title is not None:
            sheet.merge_range(0, 0, 0, max(len(rows[0]) - 1, 1), title)
            offset = 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write(sheet, r + offset, c, value, dates)
        for (r, c), (formula, cached) in (formulas or {}).items():
            sheet.write_formula(r + offset, c, formula, None, cached)
        for first_row, first_col, last_row, last_col, value in merged:
            sheet.merge_range(first_row, first_col, last_row, last_col, value)
    return path


def _write(sheet: Any, row: int, col: int, value: Any, dates: Any) -> None:
    if value is None:
        return
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), dates)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def csv_file(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    """A CSV of ``rows`` in ``encoding`` (``"utf-8-sig"`` writes a BOM, ``"gb18030"`` the national one)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if cell is None else cell for cell in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def big_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes made in no time (sparse: a header, then a hole)."""
    with path.open("wb") as stream:
        stream.write("统一社会信用代码,年度\n".encode())
        stream.truncate(size)
    return path


def zip_bomb(path: Path, inflated: int = 64 * 2**20) -> Path:
    """A zip named .xlsx whose one worksheet inflates to ``inflated`` bytes of spaces (ratio ~1000:1)."""
    chunk = b" " * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return path

"""Reading an uploaded file safely into a header and raw rows.

Before any parser sees the file: its size against ``GAOQI_IMPORT_MAX_BYTES``; for .xlsx the zip's
declared uncompressed sizes and compression ratios (a zip bomb is refused unread). Excel is read with
python-calamine (formulas give their cached values, and we say so); merged cells in the header or data
are refused with the cells named. CSV may be UTF-8 (with or without BOM) or GB18030. Every problem is a
``FileRejected`` with a Chinese message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from gaoqi.exchange import conf

HEADER_SEARCH_ROWS = 20
MAX_NAMED_CELLS = 8
_FORMULA_TAG = re.compile(rb"<f[ >/]")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*><f[ >/]')
_LARGE_MEMBER = conf.MIB


class FileRejected(Exception):
    """The file cannot be imported at all; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass
class Sheet:
    """The header row and the non-blank data rows of a file, with their spreadsheet row numbers."""

    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    notes: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (``0`` → ``A``, ``27`` → ``AB``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, is_header: Callable[[str], bool]) -> Sheet:
    """The data of ``path`` (.xlsx or .csv); ``is_header`` recognises a known column header, which
    finds the header row below any title rows."""
    check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        check_zip(path)
        rows, merged, notes = _excel_rows(path)
    elif suffix == ".csv":
        rows, merged, notes = _csv_rows(path), [], []
    else:
        raise FileRejected(
            _("不支持的文件类型“%(name)s”：请上传 .xlsx 或 .csv 文件（.xls 请另存为 .xlsx）。")
            % {"name": path.name}
        )
    start = _header_row(rows, is_header)
    _refuse_merged(merged, start)
    headers = [_header_text(cell) for cell in (rows[start] if rows else [])]
    width = len(headers)
    data, numbers = [], []
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if any(cell not in (None, "") and str(cell).strip() for cell in row):
            data.append([*row[:width], *[None] * (width - len(row))])
            numbers.append(index + 1)
    if not any(headers) or not data:
        raise FileRejected(_("文件中没有数据：请在表头下方逐行填写后重新上传。"))
    return Sheet(headers, data, numbers, notes)


def check_size(path: Path) -> None:
    """Refuse an empty file or one over the size limit, before reading it."""
    check_size_of(path.stat().st_size)


def check_size_of(size: int) -> None:
    """Refuse a file of ``size`` bytes if it is empty or over the size limit."""
    if size == 0:
        raise FileRejected(_("文件是空的（0 字节），请检查后重新上传。"))
    if size > conf.max_bytes():
        raise FileRejected(
            _("文件大小 %(size).1f MB 超过上限 %(limit).1f MB：请拆分为多个文件后分批导入。")
            % {"size": size / conf.MIB, "limit": conf.max_bytes() / conf.MIB}
        )


def check_zip(path: Path) -> None:
    """Refuse an .xlsx that is not a zip, or whose declared sizes or ratios betray a zip bomb."""
    if not zipfile.is_zipfile(path):
        raise FileRejected(
            _("文件“%(name)s”不是有效的 .xlsx 文件，请用 Excel 另存为 .xlsx 后重新上传。")
            % {"name": path.name}
        )
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    suspicious = [
        member
        for member in members
        if member.file_size > _LARGE_MEMBER
        and member.file_size > conf.max_ratio() * max(member.compress_size, 1)
    ]
    if total > conf.max_uncompressed() or suspicious:
        raise FileRejected(
            _("文件解压后过大（声明 %(size).0f MB）或压缩比异常，疑似压缩炸弹，已拒绝读取。")
            % {"size": total / conf.MIB}
        )


def _excel_rows(path: Path) -> tuple[list[list[Any]], list[Any], list[str]]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own error types for unreadable files
        raise FileRejected(
            _("无法读取 Excel 文件“%(name)s”：%(error)s") % {"name": path.name, "error": error}
        ) from error
    return rows, list(sheet.merged_cell_ranges or []), _formula_notes(path)


def _formula_notes(path: Path) -> list[str]:
    """A note naming the cells that hold formulas (their cached values are what we read)."""
    cells: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = archive.read(name)
                if _FORMULA_TAG.search(data):
                    cells += [match.decode() for match in _FORMULA_CELL.findall(data)]
    if not cells:
        return []
    shown = "、".join(cells[:MAX_NAMED_CELLS]) + ("等" if len(cells) > MAX_NAMED_CELLS else "")
    return [
        _(
            "文件含 %(count)d 个公式单元格（%(cells)s）：已读取 Excel 保存的计算结果；"
            "未保存结果的公式按空值处理。"
        )
        % {"count": len(cells), "cells": shown}
    ]


def _csv_rows(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("CSV 文件的编码无法识别：请保存为 UTF-8 或 GB18030（GBK）编码。"))
    try:
        return [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise FileRejected(_("无法解析 CSV 文件：%(error)s") % {"error": error}) from error


def _header_row(rows: list[list[Any]], is_header: Callable[[str], bool]) -> int:
    """The first of the first rows holding a known header (title rows above it are skipped), else 0."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(is_header(_header_text(cell)) for cell in row if cell not in (None, "")):
            return index
    return 0


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _refuse_merged(merged: list[Any], header_row: int) -> None:
    """Refuse merged cells in the header or the data (title rows above the header may be merged)."""
    spans = [
        f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        for (r0, c0), (r1, c1) in merged
        if r1 >= header_row
    ]
    if spans:
        shown = "、".join(spans[:MAX_NAMED_CELLS]) + ("等" if len(spans) > MAX_NAMED_CELLS else "")
        raise FileRejected(
            _("表格中有合并单元格（%(cells)s）：请取消合并，并在每一行填写完整后重新上传。")
            % {"cells": shown}
        )

"""Spreadsheets of the town targets: the ranking written with the shared writer, the target grid read
from an upload."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from gaoqi.core.excel import Column, ColumnKind, write_workbook
from gaoqi.monitoring.forms import PERCENT_INDICATORS, target_stored
from gaoqi.monitoring.models import TownTarget
from gaoqi.monitoring.targets import TownScore
from gaoqi.reference.models import Town

__all__ = ["ranking_workbook", "read_target_sheet"]

POINTS: ColumnKind = "wan"  # the writer's two-decimal number format


def ranking_workbook(scores: list[TownScore]) -> bytes:
    """The ranking as .xlsx: rank, town, then actual, target and points per indicator, and the total."""
    columns = [Column(_("排名"), "int"), Column(_("镇街"))]
    for indicator, label in TownTarget.Indicator.choices:
        kind: ColumnKind = "ratio" if indicator in PERCENT_INDICATORS else "int"
        columns += [
            Column(_("%(indicator)s·实际") % {"indicator": label}, kind),
            Column(_("%(indicator)s·目标") % {"indicator": label}, kind),
            Column(_("%(indicator)s·得分") % {"indicator": label}, POINTS),
        ]
    columns.append(Column(_("总分"), POINTS))
    rows = []
    for entry in scores:
        row: list[Any] = [entry.rank, entry.town.name]
        for item in entry.items:
            row += [item.actual.value if item.actual else None, item.target, item.points]
        rows.append([*row, entry.total])
    return write_workbook(columns, rows, sheet_name=_("目标考核"))


def read_target_sheet(
    handle: Any, towns: list[Town]
) -> tuple[dict[tuple[Town, str], Decimal | None], list[str]]:
    """Cells of an .xlsx laid out as the grid: first column the town code (or name), then one column
    per indicator headed by its Chinese name; returns the cells and Chinese error messages."""
    sheet = load_workbook(handle, read_only=True, data_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return {}, [_("文件为空。")]
    by_label = {str(label): value for value, label in TownTarget.Indicator.choices}
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    columns = {index: by_label[name] for index, name in enumerate(header) if name in by_label}
    if not columns:
        return {}, [_("表头中没有可识别的指标名称。")]
    lookup = {town.code: town for town in towns} | {town.name: town for town in towns}
    cells: dict[tuple[Town, str], Decimal | None] = {}
    errors = []
    for number, row in enumerate(rows[1:], start=2):
        town = lookup.get(str(row[0]).strip()) if row and row[0] is not None else None
        if town is None:
            errors.append(
                _("第 %(row)s 行：未知的镇街 %(town)s。") % {"row": number, "town": row[0] if row else ""}
            )
            continue
        for index, indicator in columns.items():
            raw = row[index] if index < len(row) else None
            try:
                typed = None if raw in (None, "") else Decimal(str(raw))
            except InvalidOperation:
                errors.append(_("第 %(row)s 行：%(value)s 不是数字。") % {"row": number, "value": raw})
                continue
            cells[(town, indicator)] = None if typed is None else target_stored(indicator, typed)
    return cells, errors

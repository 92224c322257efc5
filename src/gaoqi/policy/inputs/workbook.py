"""Write records in the platform's Excel layout (sheets 企业基本信息, 年度指标 and a 填写说明 sheet)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from gaoqi.policy.inputs.fields import ENTERPRISE_SHEET, YEAR_SHEET, Field
from gaoqi.policy.inputs.layout import SHEET_FIELDS, flatten
from gaoqi.policy.inputs.samples import sample_records

GUIDE_SHEET = "填写说明"
KIND_HINTS = {
    "str": "文本",
    "code": "无 / 企业级 / 市级 / 省级 / 国家级",
    "date": "日期，如 2012-05-18",
    "bool": "是 / 否",
    "int": "整数",
    "points": "整数（专家评分，未知留空）",
    "money": "数值，最多 4 位小数",
    "headcount": "数值（全年平均人数），最多 4 位小数",
    "years": "年份，以逗号分隔，如 2024,2025",
}


def write_workbook(path: str | Path, records: list[dict[str, Any]]) -> Path:
    """Write valid contract records to ``path`` in the Excel layout; return the path."""
    path = Path(path)
    rows = flatten(records)
    with xlsxwriter.Workbook(str(path)) as workbook:
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for sheet, fields in SHEET_FIELDS.items():
            worksheet = workbook.add_worksheet(sheet)
            worksheet.freeze_panes(1, 1)
            for col, field in enumerate(fields):
                worksheet.write_string(0, col, field.header, header)
                worksheet.set_column(col, col, max(12, len(field.header) * 2))
                for row, values in enumerate(rows[sheet], start=1):
                    _write(worksheet, row, col, field, values[field.column], dates)
        _write_guide(workbook.add_worksheet(GUIDE_SHEET), header)
    return path


def write_sample_workbook(path: str | Path) -> Path:
    """Write the layout with a few example enterprises (the ``gaoqi sample-input`` command)."""
    return write_workbook(path, sample_records())


def _write(worksheet: Any, row: int, col: int, field: Field, value: Any, dates: Any) -> None:
    if value is None:
        return
    if field.kind == "date":
        worksheet.write_datetime(row, col, value, dates)
    elif isinstance(value, Decimal):
        worksheet.write_number(row, col, float(value))
    elif isinstance(value, int):
        worksheet.write_number(row, col, value)
    else:
        worksheet.write_string(row, col, str(value))


def _write_guide(worksheet: Any, header: Any) -> None:
    titles = ("工作表", "列名", "单位", "填写方式", "对应接口字段")
    for col, title in enumerate(titles):
        worksheet.write_string(0, col, title, header)
    row = 1
    for sheet, fields in SHEET_FIELDS.items():
        for field in fields:
            path = (
                field.path
                if sheet == ENTERPRISE_SHEET or field.column == "uscc"
                else f"fiscal_years[].{field.path}"
            )
            required = "（必填）" if field.required or field.column == "uscc" else ""
            cells = (sheet, field.header, field.unit, KIND_HINTS[field.kind] + required, path)
            for col, cell in enumerate(cells):
                worksheet.write_string(row, col, cell)
            row += 1
    worksheet.set_column(0, 0, 14)
    worksheet.set_column(1, 1, 44)
    worksheet.set_column(3, 4, 36)
    worksheet.write_string(
        row + 1,
        0,
        f"“{YEAR_SHEET}”每行为一家企业的一个财务年度，以统一社会信用代码关联“{ENTERPRISE_SHEET}”。",
    )

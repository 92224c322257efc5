"""The downloadable Chinese template of each kind of file: a data sheet with the headers (required
columns marked) and a 填写说明 sheet that explains every column, its format and its allowed values."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from xlsxwriter import Workbook

from gaoqi.exchange.kinds import ImportKind, Spec

TEXT_COLUMNS = frozenset({"text", "uscc", "industry", "field"})  # typed as text: "4.10" stays "4.10"
_FORMATS = {
    "text": gettext_lazy("文本"),
    "uscc": gettext_lazy("18 位统一社会信用代码（校验位须正确）"),
    "money": gettext_lazy("数值；单位在上传时选择（元或万元）"),
    "headcount": gettext_lazy("数值（全年平均人数，可有小数）"),
    "year": gettext_lazy("四位年份，如 2025"),
    "date": gettext_lazy("日期，如 2012-05-18"),
    "choice": gettext_lazy("从可选值中选择"),
    "town": gettext_lazy("镇街名称或代码"),
    "industry": gettext_lazy("GB/T 4754-2017 行业代码，如 C1713"),
    "field": gettext_lazy("二级高新技术领域代码，如 4.3"),
}


def header(kind: ImportKind, spec: Spec) -> str:
    """The template's header of a column (a money column names no unit: it is chosen per file)."""
    return spec.label(kind.model).replace("（万元）", "")


def _hint(kind: ImportKind, spec: Spec) -> str:
    hint = str(_FORMATS[spec.parse])
    if spec.parse == "choice":
        names = "、".join(str(label) for _code, label in kind.model._meta.get_field(spec.name).choices)
        hint = f"{hint}：{names}"
    return hint


def template_bytes(kind: ImportKind) -> bytes:
    """The .xlsx template of ``kind``."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FDE2E1", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    data = workbook.add_worksheet(str(kind.label)[:31])
    for col, spec in enumerate(kind.specs):
        data.write_string(0, col, header(kind, spec), required if spec.required else bold)
        data.set_column(
            col, col, max(14, len(header(kind, spec)) * 2 + 2), text if spec.parse in TEXT_COLUMNS else None
        )
    data.freeze_panes(1, 0)
    guide = workbook.add_worksheet(str(_("填写说明")))
    titles = (_("列名"), _("是否必填"), _("填写方式"))
    for col, title in enumerate(titles):
        guide.write_string(0, col, str(title), bold)
    for row, spec in enumerate(kind.specs, start=1):
        guide.write_string(row, 0, header(kind, spec))
        guide.write_string(row, 1, str(_("必填")) if spec.required else "")
        guide.write_string(row, 2, _hint(kind, spec))
    notes = (
        _("第一行为表头，请勿合并单元格；每行填写一条记录，空白单元格不会覆盖已有数据。"),
        _("表头可使用常见别名（如“信用代码”），系统会自动对应，也可在上传后调整。"),
    )
    for offset, note in enumerate(notes, start=len(kind.specs) + 2):
        guide.write_string(offset, 0, str(note))
    guide.set_column(0, 0, 36)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 70)
    workbook.close()
    return buffer.getvalue()

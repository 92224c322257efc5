"""Chinese error messages for rejected records: enterprise, field, rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gaoqi.policy.errors import RecordError

KIND_NOUNS = {
    "str": "文本",
    "code": "文本",
    "date": "日期（YYYY-MM-DD）",
    "bool": "是或否（true 或 false）",
    "int": "整数",
    "points": "整数",
    "money": "数值（万元）",
    "headcount": "数值（人）",
    "years": "年份列表（如 2024,2025）",
}


def subject(idx: int, uscc: Any, name: Any) -> str:
    """How a message names the enterprise: its USCC, else its name, else its position."""
    if isinstance(uscc, str) and uscc:
        return f"企业 {uscc}"
    if isinstance(name, str) and name:
        return f"企业「{name}」"
    return f"第 {idx + 1} 条记录"


def record_error(idx: int, uscc: Any, name: Any, field: str, rule: str, detail: str) -> RecordError:
    """A ``RecordError`` whose message reads ``企业 <USCC> 字段 <field>：<detail>``."""
    where = f" 字段 {field}" if field else ""
    code = uscc if isinstance(uscc, str) and uscc else None
    return RecordError(idx, code, field, rule, f"{subject(idx, uscc, name)}{where}：{detail}")


def plain(units: int, scale: int = 10_000) -> str:
    """An integer amount in units of ``1/scale`` written as a plain decimal number.

    >>> plain(1_234_500), plain(-5), plain(1_300_000)
    ('123.45', '-0.0005', '130')
    """
    text = f"{Decimal(units) / scale:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown(value: Any) -> str:
    """A raw input value quoted for a message (long values are cut)."""
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"


def type_detail(label: str, kind: str, value: Any) -> str:
    """The value has the wrong type for its field."""
    return f"{label}应为{KIND_NOUNS[kind]}，实际为 {shown(value)}"


def required_detail(label: str) -> str:
    """A required value is missing."""
    return f"{label}必填，不能为空"


def too_large_detail(label: str, unit: str, value: Any) -> str:
    """An amount above the reader's bound of 10^8 (万元 or persons)."""
    return f"{label}（{value}{unit}）超过上限 1 亿{unit}"


def range_detail(label: str, value: Any) -> str:
    """An integer outside the range its column can hold."""
    return f"{label}（{value}）超出取值范围"

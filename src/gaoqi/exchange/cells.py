"""Reading one cell as a field value: text, USCC, amounts (Decimal, 元 or 万元), years, dates
(text or Excel serial numbers), choices and reference codes. Full-width digits and spaces are
normalised first. A cell that cannot be read raises ``CellError`` with the rule and a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.reference.models import IndustryClass, TechField, Town

FOUR_PLACES = Decimal("0.0001")
YUAN_PER_WAN = Decimal(10000)
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31
_SPACES = re.compile(r"\s+")
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_FIELD_CODE = re.compile(r"^\d+(\.\d+)?")
_BLANK_WORDS = frozenset({"-", "—", "--", "/", "无", "N/A", "n/a"})

RULES = {
    "required": gettext_lazy("必填"),
    "type": gettext_lazy("格式"),
    "check_digit": gettext_lazy("校验位"),
    "code": gettext_lazy("代码表"),
    "range": gettext_lazy("取值范围"),
    "cross_field": gettext_lazy("跨字段规则"),
    "duplicate": gettext_lazy("文件内重复"),
    "unknown_enterprise": gettext_lazy("企业不存在"),
    "create_requires": gettext_lazy("新增必填"),
}


class CellError(Exception):
    """A cell that breaks ``rule``; ``message`` says how, in Chinese."""

    def __init__(self, rule: str, message: str) -> None:
        self.rule, self.message = rule, str(message)
        super().__init__(self.message)


def half_width(text: str) -> str:
    """Full-width digits, letters and spaces as their ASCII forms, no whitespace at all.

    >>> half_width(" ９１３３０６２１ＭＡ２ＢＣ１２３４Ｂ　")
    '91330621MA2BC1234B'
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def shown(cell: Any) -> str:
    """A cell as the error report shows it."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def is_blank(cell: Any) -> bool:
    """An empty cell, or one holding only spaces or a dash."""
    return cell is None or (isinstance(cell, str) and (not cell.strip() or cell.strip() in _BLANK_WORDS))


def text(cell: Any) -> str:
    """Text with surrounding (also full-width) spaces removed; inner text kept as written."""
    return shown(cell).strip().strip("\u3000").strip()


def number(cell: Any) -> Decimal:
    """A number from a numeric cell (its shortest decimal form) or from text with separators."""
    if isinstance(cell, bool):
        raise CellError("type", _("应为数值"))
    if isinstance(cell, int | float):
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        try:
            value = Decimal(half_width(str(cell)).replace(",", ""))
        except InvalidOperation:
            raise CellError("type", _("应为数值")) from None
    if not value.is_finite():
        raise CellError("type", _("应为有限数值"))
    return value


def amount(cell: Any, unit: str) -> Decimal:
    """An amount in 万元 (4 decimals, half-even) from a cell in ``unit`` (元 or 万元)."""
    value = number(cell)
    if unit == "元":
        value = value / YUAN_PER_WAN
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)


def headcount(cell: Any) -> Decimal:
    """A head count (an annual average may have decimals)."""
    return number(cell).quantize(FOUR_PLACES, rounding=ROUND_HALF_EVEN)


def year(cell: Any) -> int:
    """A year such as 2024, "2024" or "2024年"."""
    value = number(half_width(str(cell)).removesuffix("年") if isinstance(cell, str) else cell)
    if value != value.to_integral_value():
        raise CellError("type", _("应为年份，例如 2024"))
    return int(value)


def date(cell: Any) -> dt.date:
    """A date from a date cell, an Excel serial number or text (2012-05-18, 2012/5/18, 2012年5月18日)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    raw: Any = cell if isinstance(cell, int | float) else half_width(str(cell))
    if isinstance(raw, str) and raw.isdigit() and len(raw) == 5:
        raw = int(raw)  # an Excel serial number written out as text
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise CellError("type", _("应为日期，例如 2012-05-18"))
    match = _DATE_TEXT.match(str(raw)) or _COMPACT_DATE.match(str(raw))
    try:
        if match:
            return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    raise CellError("type", _("应为日期，例如 2012-05-18"))


def uscc(cell: Any) -> str:
    """A USCC with full-width characters, spaces and lower case normalised (checked by the model)."""
    return half_width(shown(cell)).upper()


def choice(cell: Any, choices: list[tuple[str, str]]) -> str:
    """A choice given by its code or its Chinese name."""
    value = text(cell)
    for code, label in choices:
        if value in (code, str(label)):
            return code
    names = "、".join(str(label) for _code, label in choices)
    raise CellError("code", _("不是可选值之一（%(names)s）") % {"names": names})


@dataclass
class References:
    """The reference tables, loaded once per file: town codes and names, industry divisions, fields."""

    towns: dict[str, int]
    divisions: frozenset[str]
    fields: dict[str, tuple[int, bool]]  # code → (id, is second level)
    names: dict[tuple[str, int], str]  # ("town" or "tech_field", id) → the text provenance records

    @classmethod
    def load(cls) -> References:
        """Read the reference tables (three queries)."""
        towns: dict[str, int] = {}
        names: dict[tuple[str, int], str] = {}
        for town in Town.objects.filter(region=settings.GAOQI_REGION):
            towns[town.code] = towns[town.name] = town.pk
            names[("town", town.pk)] = str(town)
        divisions = frozenset(IndustryClass.objects.filter(level="division").values_list("code", flat=True))
        fields = {}
        for tech_field in TechField.objects.all():
            fields[tech_field.code] = (tech_field.pk, tech_field.parent_id is not None)
            names[("tech_field", tech_field.pk)] = str(tech_field)
        return cls(towns, divisions, fields, names)

    def text(self, name: str, value: Any) -> str:
        """A value as provenance records it (a town or field by its name, as the edit form does)."""
        if (name, value) in self.names:
            return self.names[(name, value)]
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def town(self, cell: Any) -> int:
        """A town of the region, by code or name."""
        value = text(cell)
        found = self.towns.get(value, self.towns.get(half_width(value)))
        if found is None:
            raise CellError("code", _("不是本区的镇街代码或名称"))
        return found

    def industry(self, cell: Any) -> str:
        """An industry code whose division is in GB/T 4754-2017 (the format is checked by the model)."""
        code = half_width(shown(cell)).upper()
        if len(code) >= 3 and code[:3] not in self.divisions and code[1:].isdigit():
            raise CellError("code", _("行业大类 %(code)s 不在国民经济行业分类中") % {"code": code[:3]})
        return code

    def tech_field(self, cell: Any) -> int:
        """A second-level high-tech field by its code ("4.3", or "4.3 高分子材料")."""
        match = _FIELD_CODE.match(half_width(shown(cell)))
        found = self.fields.get(match.group(0)) if match else None
        if found is None:
            raise CellError("code", _("不是高新技术领域代码"))
        if not found[1]:
            raise CellError("code", _("应为二级领域，例如“4.3”"))
        return found[0]

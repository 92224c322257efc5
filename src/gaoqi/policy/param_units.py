"""Units of parameter values: what each unit accepts and how a value is normalised.

Numbers stay exact: ``Decimal`` for decimals, ``int`` for integers; a ``ratio`` or ``rate`` may also
be written as a quoted fraction ``"2/3"`` and then loads as ``Fraction``. ``table`` values are lists
of read-only rows whose columns carry their own (scalar) units; a ``null`` cell means "unbounded".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import yaml

from gaoqi.policy.param_yaml import fail, mapping, scalar, sequence

Number = int | Decimal | Fraction

UNITS: tuple[str, ...] = (
    "wan_yuan",
    "ratio",
    "rate",
    "days",
    "years",
    "persons",
    "points",
    "count",
    "bool",
    "code",
    "code_list",
    "date",
    "text",
    "table",
)


class UnitError(ValueError):
    """A value does not fit its unit (the message is Chinese, without the location)."""


def _number(
    value: object, *, integer: bool = False, low: Number | None = None, high: Number | None = None
) -> Number:
    if isinstance(value, float):  # only from overrides given in Python: read as written, via repr
        value = Decimal(repr(value))
        if integer and value == value.to_integral_value():
            value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise UnitError(f"{value!r} 不是数值")
    if integer and not isinstance(value, int):
        raise UnitError(f"{value} 应为整数")
    if low is not None and value < low:
        raise UnitError(f"{value} 小于允许的最小值 {low}")
    if high is not None and value > high:
        raise UnitError(f"{value} 大于允许的最大值 {high}")
    return value


def _fraction_text(value: object) -> object:
    if isinstance(value, str) and value.count("/") == 1:
        numerator, denominator = value.split("/")
        if numerator.strip().isdigit() and denominator.strip().isdigit() and int(denominator) > 0:
            return Fraction(int(numerator), int(denominator))
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnitError(f"{value!r} 应为非空文本")
    return value


def _code_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise UnitError(f"{value!r} 应为代码列表")
    return tuple(_text(item) for item in value)


def _date(value: object) -> dt.date:
    if not isinstance(value, dt.date):
        raise UnitError(f"{value!r} 应为日期 YYYY-MM-DD")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise UnitError(f"{value!r} 应为 true 或 false")
    return value


_SCALAR_CHECKS: dict[str, Callable[[object], object]] = {
    "wan_yuan": lambda v: _number(v),
    "ratio": lambda v: _number(_fraction_text(v), low=0, high=1),
    "rate": lambda v: _number(_fraction_text(v), low=0, high=10),
    "days": lambda v: _number(v, integer=True, low=0),
    "years": lambda v: _number(v, integer=True, low=0),
    "persons": lambda v: _number(v, low=0),
    "points": lambda v: _number(v, low=0),
    "count": lambda v: _number(v, low=0),
    "bool": _bool,
    "code": _text,
    "code_list": _code_list,
    "date": _date,
    "text": _text,
}


def check_value(unit: str, value: object, columns: Mapping[str, str] | None = None) -> object:
    """Normalise a Python ``value`` of ``unit`` or raise ``UnitError`` (used by overrides)."""
    if unit != "table":
        return _SCALAR_CHECKS[unit](value)
    if not isinstance(value, list | tuple) or not columns:
        raise UnitError("表格取值应为行的列表")
    return tuple(_check_row(row, columns) for row in value)


def _check_row(row: object, columns: Mapping[str, str]) -> Mapping[str, object]:
    if not isinstance(row, Mapping) or set(row) != set(columns):
        raise UnitError(f"表格的行应恰好包含列 {'、'.join(columns)}")
    return MappingProxyType(
        {name: None if row[name] is None else check_value(columns[name], row[name]) for name in columns}
    )


def value_from_node(path: Path, node: yaml.Node, unit: str, columns: Mapping[str, str] | None) -> object:
    """Read and check one dated value, reporting the line of the offending scalar or row."""
    if unit == "table":
        columns = columns or {}
        rows = []
        for row_node in sequence(path, node):
            cells = mapping(path, row_node, required=tuple(columns or ()))
            row = {}
            for name, cell in cells.items():
                empty = isinstance(cell, yaml.ScalarNode) and scalar(path, cell) is None
                row[name] = None if empty else value_from_node(path, cell, columns[name], None)
            rows.append(MappingProxyType(row))
        if not rows:
            raise fail(path, node, "表格没有任何行")
        return tuple(rows)
    if unit == "code_list":
        return _checked(path, node, unit, [scalar(path, item) for item in sequence(path, node)])
    return _checked(path, node, unit, scalar(path, node))


def _checked(path: Path, node: yaml.Node, unit: str, raw: object) -> object:
    try:
        return _SCALAR_CHECKS[unit](raw)
    except UnitError as exc:
        raise fail(path, node, f"单位 {unit}：{exc}") from exc

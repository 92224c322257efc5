"""Decode contract records (JSON types) into flat column values, one record at a time.

Type, shape and magnitude are checked here; rules across fields and rows are checked, vectorised, in
``validate``. Amounts become integers: yuan for money, ten-thousandths of a person for head counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from gaoqi.policy.errors import RecordError
from gaoqi.policy.inputs.fields import (
    DEDUCTION_FIELDS,
    ENTERPRISE_FIELDS,
    RD_CATEGORY_FIELDS,
    RD_TOTAL_FIELDS,
    YEAR_FIELDS,
    Field,
)
from gaoqi.policy.inputs.messages import (
    range_detail,
    record_error,
    required_detail,
    shown,
    too_large_detail,
    type_detail,
)
from gaoqi.policy.tables import MONEY_SCALE

MAX_AMOUNT = Decimal(10) ** 8  # 万元 (or persons): larger values are rejected, products stay in int64
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_LIMITS = {"int": 2**31 - 1, "points": 127}
_NESTED_PARENTS = ("ip", "rd_management", "expert", "hnte_certificate")


class Problem(Exception):
    """One bad value: the contract path, the rule broken, and a Chinese detail."""

    def __init__(self, path: str, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.path, self.rule, self.detail = path, rule, detail


class Columns:
    """Column lists for the enterprises and years tables, filled record by record."""

    def __init__(self) -> None:
        self.enterprises: dict[str, list[Any]] = {"idx": [], **{f.column: [] for f in ENTERPRISE_FIELDS}}
        self.years: dict[str, list[Any]] = {"idx": [], **{f.column: [] for f in YEAR_FIELDS}}
        self.errors: list[RecordError] = []
        self.size = 0

    def add(self, record: Any) -> None:
        """Decode one record; a bad one becomes a ``RecordError`` and adds no rows."""
        idx = self.size
        self.size += 1
        try:
            enterprise, years = decode_record(record)
        except Problem as problem:
            uscc, name = (
                (record.get("uscc"), record.get("name")) if isinstance(record, dict) else (None, None)
            )
            self.errors.append(record_error(idx, uscc, name, problem.path, problem.rule, problem.detail))
            return
        for name, value in (("idx", idx), *enterprise.items()):
            self.enterprises[name].append(value)
        for year in years:
            for name, value in (("idx", idx), *year.items()):
                self.years[name].append(value)

    def reject(self, error: RecordError) -> None:
        """Count a record that could not even be parsed (``error.idx`` is its position)."""
        self.size += 1
        self.errors.append(error)

    def extend(self, records: Iterable[Any]) -> None:
        """Decode every record in order."""
        for record in records:
            self.add(record)


def decode_record(record: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One contract record as an enterprise row and its year rows (column name -> value)."""
    if not isinstance(record, dict):
        raise Problem("", "type", f"记录应为 JSON 对象，实际为 {shown(record)}")
    for parent in _NESTED_PARENTS:
        if record.get(parent) is not None and not isinstance(record[parent], dict):
            raise Problem(parent, "type", f"应为对象或 null，实际为 {shown(record[parent])}")
    enterprise = {f.column: decode_value(f, _lookup(record, f.path), f.path) for f in ENTERPRISE_FIELDS}
    fiscal_years = record.get("fiscal_years")
    if not isinstance(fiscal_years, list):
        rule = "required" if fiscal_years is None else "type"
        raise Problem("fiscal_years", rule, "财务年度列表（fiscal_years）必填，应为对象数组")
    return enterprise, [decode_year(item, position) for position, item in enumerate(fiscal_years)]


def decode_year(item: Any, position: int) -> dict[str, Any]:
    """One fiscal-year object as a row of the years table."""
    where = f"fiscal_years[{position}]"
    if not isinstance(item, dict):
        raise Problem(where, "type", f"财务年度应为对象，实际为 {shown(item)}")
    year_field = YEAR_FIELDS[0]
    year = decode_value(year_field, item.get("year"), f"{where}.year")
    where = f"fiscal_years[{year}]"
    rd, deduction = item.get("rd"), item.get("deduction_rd")
    for key, value in (("rd", rd), ("deduction_rd", deduction)):
        if value is not None and not isinstance(value, dict):
            raise Problem(f"{where}.{key}", "type", f"应为对象或 null，实际为 {shown(value)}")
    row: dict[str, Any] = {"year": year}
    for f in YEAR_FIELDS[1:]:
        row[f.column] = decode_value(f, _year_value(item, f), f"{where}.{f.path}")
    if rd is not None and gives_categories(rd):
        _zero_missing(row, RD_CATEGORY_FIELDS)
    if deduction is not None:
        _zero_missing(row, DEDUCTION_FIELDS)
    return row


def decode_value(field: Field, value: Any, path: str) -> Any:
    """A JSON value of ``field`` as the value of its table column (None when absent)."""
    if value is None:
        if field.required:
            raise Problem(path, "required", required_detail(field.label))
        return None
    decoder = _DECODERS[field.kind]
    return decoder(field, value, path)


def _amount(field: Field, value: Any, path: str) -> int:
    """A number as an integer count of ten-thousandths, rounded half-even (no binary floats)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise Problem(path, "type", type_detail(field.label, field.kind, value))
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise Problem(path, "type", f"{field.label}应为有限数值，实际为 {shown(value)}")
    if abs(number) > MAX_AMOUNT:
        raise Problem(path, "too_large", too_large_detail(field.label, field.unit, number))
    return int((number * MONEY_SCALE).to_integral_value(ROUND_HALF_EVEN))


def _integer(field: Field, value: Any, path: str) -> int:
    if isinstance(value, float):
        value = Decimal(repr(value))
    try:
        whole = int(value) if isinstance(value, int | Decimal) and value == int(value) else None
    except (ValueError, InvalidOperation, OverflowError):
        whole = None
    if isinstance(value, bool) or whole is None:
        raise Problem(path, "type", type_detail(field.label, field.kind, value))
    if abs(whole) > _INT_LIMITS.get(field.kind, _INT_LIMITS["int"]):
        raise Problem(path, "range", range_detail(field.label, whole))
    return whole


def _string(field: Field, value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise Problem(path, "type", type_detail(field.label, field.kind, value))
    if field.required and not value.strip():
        raise Problem(path, "required", required_detail(field.label))
    return value


def _date(field: Field, value: Any, path: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        if isinstance(value, str) and _DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise Problem(path, "type", type_detail(field.label, field.kind, value))


def _bool(field: Field, value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise Problem(path, "type", type_detail(field.label, field.kind, value))
    return value


def _years(field: Field, value: Any, path: str) -> list[int]:
    if not isinstance(value, list):
        raise Problem(path, "type", type_detail(field.label, field.kind, value))
    return [_integer(field, item, f"{path}[{position}]") for position, item in enumerate(value)]


_DECODERS = {
    "str": _string,
    "code": _string,
    "date": _date,
    "bool": _bool,
    "int": _integer,
    "points": _integer,
    "money": _amount,
    "headcount": _amount,
    "years": _years,
}


def _lookup(record: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = record.get(head)
    return value.get(rest) if rest and isinstance(value, dict) else value if not rest else None


def _year_value(item: dict[str, Any], field: Field) -> Any:
    """A fiscal-year value; ``rd_total``/``rd_domestic`` may sit in the year or inside ``rd``."""
    if field in RD_TOTAL_FIELDS and field.path not in item and isinstance(item.get("rd"), dict):
        return item["rd"].get(field.path)
    return _lookup(item, field.path)


def gives_categories(rd: dict[str, Any]) -> bool:
    """An ``rd`` object gives categories unless it holds only ``rd_total``/``rd_domestic``."""
    has_totals = any(f.path in rd for f in RD_TOTAL_FIELDS)
    return not has_totals or any(f.path.removeprefix("rd.") in rd for f in RD_CATEGORY_FIELDS)


def _zero_missing(row: dict[str, Any], fields: tuple[Field, ...]) -> None:
    """A given object counts its left-out categories as 0."""
    for f in fields:
        if row[f.column] is None:
            row[f.column] = 0

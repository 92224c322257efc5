"""Validation of a file's cells, column by column, and of its rows against each other.

Each mapped column is read cell by cell (``cells``) and then checked with the model field's own
validators (USCC check digit, industry-code shape, ranges, lengths), so an imported value obeys the
same rules as a web edit. Rules across fields that need the stored row (the model's ``clean()``) are
applied later, in ``plan``, on the row as it would be saved.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

from gaoqi.enterprises.validators import validate_uscc
from gaoqi.exchange import cells
from gaoqi.exchange.cells import CellError, References
from gaoqi.exchange.kinds import ImportKind, Spec
from gaoqi.exchange.mapping import unit_in_header
from gaoqi.exchange.reading import Sheet, column_letter

# A 万元 column whose typical value is at least this large was most likely filled in 元 (and the reverse).
WAN_LOOKS_LIKE_YUAN = Decimal(100000)
YUAN_LOOKS_LIKE_WAN = Decimal("0.01")  # 万元, i.e. 100 元
_VALIDATOR_RULES = {"invalid_uscc": "check_digit", "min_value": "range", "max_value": "range"}


@dataclass
class Problem:
    """One broken rule: spreadsheet row, column (letter and header), the cell as written, rule, message."""

    row: int
    column: str
    value: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the rule's Chinese name."""
        return {**self.__dict__, "rule_label": str(cells.RULES.get(self.rule, self.rule))}


@dataclass
class Checked:
    """The cleaned rows of a file (field → value, mapped fields only) and what is wrong with them."""

    kind: ImportKind
    sheet: Sheet
    references: References
    columns: dict[str, int]  # field → column index
    rows: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # indexes of rows with a problem

    def add(self, index: int, name: str, rule: str, message: str) -> None:
        """Record a problem of row ``index`` in the column of field ``name``."""
        column = self.columns.get(name)
        header = self.sheet.headers[column] if column is not None else ""
        letter = f"{column_letter(column)}列 " if column is not None else ""
        raw = self.sheet.rows[index][column] if column is not None else None
        self.problems.append(
            Problem(self.sheet.row_numbers[index], f"{letter}{header}", cells.shown(raw), rule, message)
        )
        self.bad.add(index)


def check(
    kind: ImportKind, sheet: Sheet, mapping: Mapping[str, str], unit: str, references: References
) -> Checked:
    """Read and check every mapped column of ``sheet``, then the rows' keys for duplicates."""
    columns = {field: sheet.headers.index(header) for header, field in mapping.items() if field}
    checked = Checked(kind, sheet, references, columns, [{} for _row in sheet.rows])
    for name, column in columns.items():
        _check_column(checked, kind.spec(name), column, unit, references)
    _check_header_units(checked, unit)
    _check_duplicates(checked)
    return checked


def _check_header_units(checked: Checked, unit: str) -> None:
    """Warn when a money column's header names another unit than the one declared for the file."""
    for name, column in checked.columns.items():
        header = checked.sheet.headers[column]
        named = unit_in_header(header)
        if checked.kind.spec(name).parse == "money" and named in ("元", "万元") and named != unit:
            checked.warnings.append(
                _("列“%(header)s”的表头注明单位为%(named)s，但上传时选择的金额单位是%(unit)s：请核对。")
                % {"header": header, "named": named, "unit": unit}
            )


def _reader(spec: Spec, unit: str, references: References, kind: ImportKind) -> Callable[[Any], Any]:
    readers: dict[str, Callable[[Any], Any]] = {
        "text": cells.text,
        "uscc": cells.uscc,
        "money": lambda cell: cells.amount(cell, unit),
        "headcount": cells.headcount,
        "year": cells.year,
        "date": cells.date,
        "town": references.town,
        "industry": references.industry,
        "field": references.tech_field,
    }
    if spec.parse == "choice":
        choices = kind.model._meta.get_field(spec.name).choices
        return lambda cell: cells.choice(cell, choices)
    return readers[spec.parse]


def _validators(kind: ImportKind, spec: Spec) -> Callable[[Any], None]:
    """The model field's validators for ``spec`` (the USCC link column uses the enterprise's)."""
    if spec.name == "uscc":
        return validate_uscc
    try:
        model_field = kind.model._meta.get_field(spec.name)
    except FieldDoesNotExist:
        return lambda value: None
    if model_field.is_relation:
        return lambda value: None
    return _with_fast_bounds(model_field)


def _with_fast_bounds(model_field: Any) -> Callable[[Any], None]:
    """``run_validators``, skipped for a decimal inside the field's own min/max bounds whose digits fit
    (every validator passes then: the value already has at most the field's decimal places)."""
    run = model_field.run_validators
    limits = {
        type(v): v.limit_value
        for v in model_field.validators
        if isinstance(v, MinValueValidator | MaxValueValidator)
    }
    low, high = limits.get(MinValueValidator), limits.get(MaxValueValidator)
    places = getattr(model_field, "decimal_places", None)
    if low is None or high is None or places is None:
        return run
    if len(str(int(max(abs(low), abs(high))))) > model_field.max_digits - places:
        return run

    def validate(value: Any) -> None:
        if not low <= value <= high:
            run(value)

    return validate


def _check_column(checked: Checked, spec: Spec, column: int, unit: str, references: References) -> None:
    read = _reader(spec, unit, references, checked.kind)
    validate = _validators(checked.kind, spec)
    attname = spec.attname
    numbers: list[Decimal] = []
    for index, row in enumerate(checked.sheet.rows):
        cell = row[column]
        if cells.is_blank(cell):
            if spec.required:
                checked.add(index, spec.name, "required", _("必填项不能为空"))
            checked.rows[index][attname] = None
            continue
        try:
            value = read(cell)
            validate(value)
        except CellError as error:
            checked.add(index, spec.name, error.rule, error.message)
            continue
        except ValidationError as error:
            rule = _VALIDATOR_RULES.get(error.error_list[0].code or "", "type")
            checked.add(index, spec.name, rule, "；".join(error.messages))
            continue
        checked.rows[index][attname] = value
        if spec.parse == "money" and value:
            numbers.append(abs(value))
    if numbers:
        _check_magnitude(checked, spec, unit, statistics.median(numbers))


def _check_magnitude(checked: Checked, spec: Spec, unit: str, median: Decimal) -> None:
    """Warn when a column's typical value (``median``, in 万元) is implausible for the declared unit."""
    header = checked.sheet.headers[checked.columns[spec.name]]
    if unit == "万元" and median >= WAN_LOOKS_LIKE_YUAN:
        checked.warnings.append(
            _(
                "列“%(header)s”按万元计中位数为 %(median)s 万元（即 %(yi)s 亿元），数量级异常，"
                "疑似以元填写：请核对金额单位。"
            )
            % {"header": header, "median": f"{median:,.0f}", "yi": f"{median / 10000:,.1f}"}
        )
    elif unit == "元" and median < YUAN_LOOKS_LIKE_WAN:
        checked.warnings.append(
            _("列“%(header)s”按元计中位数仅为 %(median)s 元，疑似以万元填写：请核对金额单位。")
            % {"header": header, "median": f"{median * cells.YUAN_PER_WAN:,.2f}"}
        )


def row_key(kind: ImportKind, row: Mapping[str, Any]) -> tuple[Any, ...]:
    """What identifies a row of the file: the USCC and the kind's own key columns."""
    return (row.get("uscc"), *(row.get(name) for name in kind.row_key))


def _check_duplicates(checked: Checked) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for index, row in enumerate(checked.rows):
        key = row_key(checked.kind, row)
        if any(part is None for part in key):
            continue
        if key in seen:
            first = checked.sheet.row_numbers[seen[key]]
            message = _("与第 %(row)d 行是同一条记录（重复出现），请合并为一行") % {"row": first}
            checked.add(index, "uscc", "duplicate", message)
        else:
            seen[key] = index

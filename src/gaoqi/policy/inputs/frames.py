"""The flat layout (two tables, as read from Excel, CSV or Parquet) decoded into the normalised
tables, vectorised: one Polars expression per column; messages only for the rows that fail.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl

from gaoqi.policy.errors import RecordError
from gaoqi.policy.inputs.decode import MAX_AMOUNT
from gaoqi.policy.inputs.fields import ENTERPRISE_FIELDS, ENTERPRISE_SHEET, YEAR_FIELDS, YEAR_SHEET, Field
from gaoqi.policy.inputs.layout import BOOL_WORDS, LEVEL_WORDS, LINK, normalise_headers
from gaoqi.policy.inputs.messages import (
    range_detail,
    record_error,
    required_detail,
    too_large_detail,
    type_detail,
)
from gaoqi.policy.inputs.validate import RAW_ENTERPRISE_SCHEMA, Check, build_batch, failures, select
from gaoqi.policy.tables import MONEY_SCALE, YEAR_SCHEMA, InputBatch

_EXACT = pl.Decimal(38, 18)
_INT_BOUNDS = {"int": (-(2**31), 2**31 - 1), "points": (-128, 127)}
RULE_CODES = {"required": 1, "type": 2, "too_large": 3, "range": 4}
_RULES_BY_KIND = {
    "str": (),
    "code": (),
    "date": ("type",),
    "bool": ("type",),
    "int": ("type", "range"),
    "points": ("type", "range"),
    "money": ("type", "too_large"),
    "headcount": ("type", "too_large"),
    "years": ("type",),
}


def batch_from_frames(enterprises: pl.DataFrame, years: pl.DataFrame) -> InputBatch:
    """Decode and validate the two flat tables (columns of any type) into an ``InputBatch``."""
    uscc = pl.col(LINK.column).cast(pl.String).str.strip_chars()
    enterprises = _renamed(ENTERPRISE_SHEET, enterprises).with_row_index("idx").with_columns(uscc)
    first = enterprises.select("idx", LINK.column).filter(uscc.is_not_null() & uscc.is_first_distinct())
    years = _renamed(YEAR_SHEET, years).with_columns(uscc)
    link = years.select(LINK.column).join(first, on=LINK.column, how="left", maintain_order="left")
    years = years.with_columns(link["idx"])  # the other columns are not copied
    orphans = _orphans(years, enterprises.height)
    size = enterprises.height + len(orphans)
    if orphans:
        years = years.filter(pl.col("idx").is_not_null())
    ent_frame, ent_errors = _decode(enterprises, ENTERPRISE_FIELDS, lambda f, row: f.path)
    year_frame, year_errors = _decode(years, YEAR_FIELDS, _year_path)
    link_errors = _duplicates(enterprises) + orphans
    ent_frame = ent_frame.select(pl.col(name).cast(dtype) for name, dtype in RAW_ENTERPRISE_SCHEMA.items())
    year_frame = year_frame.select(pl.col(name).cast(dtype) for name, dtype in YEAR_SCHEMA.items())
    return build_batch(ent_frame, year_frame, link_errors + ent_errors + year_errors, size)


def _renamed(sheet: str, frame: pl.DataFrame) -> pl.DataFrame:
    mapping = normalise_headers(sheet, frame.columns)
    return frame.select(pl.col(header).alias(column) for header, column in mapping.items())


def _duplicates(enterprises: pl.DataFrame) -> list[RecordError]:
    uscc = pl.col(LINK.column)
    repeated = enterprises.select("idx", LINK.column).filter(uscc.is_not_null() & ~uscc.is_first_distinct())
    detail = f"统一社会信用代码在“{ENTERPRISE_SHEET}”中重复出现，只采用第一行"
    return [
        record_error(idx, code, None, LINK.path, "duplicate_uscc", detail) for idx, code in repeated.rows()
    ]


def _orphans(years: pl.DataFrame, start: int) -> list[RecordError]:
    """Year rows whose USCC is not in the enterprise sheet: one error per such USCC, after the rest."""
    # only the two columns it reads: filtering the whole table would copy every column
    lost = (
        years.select("idx", LINK.column)
        .filter(pl.col("idx").is_null())
        .unique(LINK.column, maintain_order=True)
    )
    detail = f"“{YEAR_SHEET}”中有该企业的数据，但“{ENTERPRISE_SHEET}”中没有该企业"
    return [
        record_error(start + n, code, None, YEAR_SHEET, "unknown_enterprise", detail)
        for n, code in enumerate(lost[LINK.column].to_list())
    ]


def _year_path(field: Field, row: dict[str, Any]) -> str:
    return f"fiscal_years[{row['_raw_year']}].{field.path}"


def _decode(
    frame: pl.DataFrame, fields: tuple[Field, ...], path: Callable[[Field, dict[str, Any]], str]
) -> tuple[pl.DataFrame, list[RecordError]]:
    """Every field decoded from its raw column; values that do not decode become errors.

    Problems are small integer codes (``RULE_CODES``) so that a million rows stay cheap; the raw
    values are not copied (a flagged row's are read back for its message).
    """
    columns: list[pl.Expr] = [pl.col(LINK.column).alias("_who")]
    checks: list[Check] = []
    for field in fields:
        present = field.column in frame.columns
        if not present and not field.required:
            continue  # left out of the sheet: null, added by the caller's schema cast
        raw = pl.col(field.column) if present else pl.lit(None, dtype=pl.String)
        value, problem = _decoder(field, raw, frame.schema[field.column] if present else pl.String())
        if field.required:  # a value that is there but unreadable is a type error, not a missing one
            missing = pl.when(value.is_null()).then(pl.lit(RULE_CODES["required"], pl.Int8))
            problem = missing if problem is None else pl.coalesce(problem, missing)
        columns.append(value.alias(field.column))
        if problem is not None:
            columns.append(problem.alias(f"_why_{field.column}"))
            checks += _decode_checks(field, path)
    work = select(frame, [pl.col("idx"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("_pos"), *columns])
    errors = []
    for check, decoded_row in failures(work, checks):
        row = _with_raw(frame, decoded_row, fields)
        errors.append(
            record_error(
                row["idx"], row["_who"], row.get("_raw_name"), check.field(row), check.rule, check.detail(row)
            )
        )
    decoded = [pl.col(f.column) if f.column in work.columns else pl.lit(None).alias(f.column) for f in fields]
    return work.select("idx", *decoded), errors


def _with_raw(frame: pl.DataFrame, row: dict[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    """A flagged row with its raw values (``_raw_<column>``) for the message, read back from
    ``frame`` only for the few flagged rows rather than copied for every row."""
    source = frame.row(row["_pos"], named=True)
    return {**row, **{f"_raw_{field.column}": source.get(field.column) for field in fields}}


def _decode_checks(field: Field, path: Callable[[Field, dict[str, Any]], str]) -> list[Check]:
    why, raw = f"_why_{field.column}", f"_raw_{field.column}"
    details: dict[str, Callable[[dict[str, Any]], str]] = {
        "required": lambda row: required_detail(field.label),
        "type": lambda row: type_detail(field.label, field.kind, row[raw]),
        "too_large": lambda row: too_large_detail(field.label, field.unit, row[raw]),
        "range": lambda row: range_detail(field.label, row[raw]),
    }
    rules = (*(("required",) if field.required else ()), *_RULES_BY_KIND[field.kind])
    return [
        Check(rule, pl.col(why) == RULE_CODES[rule], lambda row: path(field, row), details[rule])
        for rule in rules
    ]


def _decoder(field: Field, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr | None]:
    """The decoded value of one field and the code of the rule it breaks (None: cannot break one)."""
    kind = field.kind
    if kind in ("money", "headcount"):
        return _amount(raw, dtype)
    if kind in ("int", "points"):
        return _integer(raw, dtype, *_INT_BOUNDS[kind])
    typed = _already_typed(kind, raw, dtype)
    if typed is not None:
        return typed, None
    text = _text(raw, dtype)
    if kind == "date":
        value = text.str.replace_all(r"[/.]", "-").str.to_date("%Y-%m-%d", strict=False)
    elif kind == "bool":
        value = text.str.to_lowercase().replace_strict(BOOL_WORDS, default=None, return_dtype=pl.Boolean)
    elif kind == "years":
        value = _years(text)
    elif kind == "code":
        value = text.replace(LEVEL_WORDS)
    else:
        value = text
    return value, _problem((text.is_not_null() & value.is_null(), "type"))


def _already_typed(kind: str, raw: pl.Expr, dtype: pl.DataType) -> pl.Expr | None:
    """The value when the column already has the right type (Parquet), else None."""
    if kind == "date" and isinstance(dtype, pl.Date | pl.Datetime):
        return raw.cast(pl.Date)
    if (kind == "bool" and dtype == pl.Boolean) or (kind == "years" and isinstance(dtype, pl.List)):
        return raw.cast(pl.List(pl.Int32)) if kind == "years" else raw
    if kind == "years" and dtype.is_integer():
        return pl.when(raw.is_not_null()).then(pl.concat_list(raw.cast(pl.Int32)))
    return None


def _text(raw: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A raw value as trimmed text, blank as null."""
    text = (raw if dtype == pl.String else raw.cast(pl.String)).str.strip_chars()
    return pl.when(text != "").then(text)


def _amount(raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """万元 (or persons) as integer ten-thousandths, half-even, exactly as the decimal written."""
    if dtype.is_float():
        return _float_amount(raw)
    if isinstance(dtype, pl.Decimal) and _fits_units(dtype):
        return _decimal_units(raw, dtype)
    if dtype.is_integer():
        number = raw.cast(_EXACT, strict=False)
    elif isinstance(dtype, pl.Decimal):
        number = raw
    else:
        number = _text(raw, dtype).str.replace_all(",", "").cast(_EXACT, strict=False)
    too_large = number.abs() > Decimal(MAX_AMOUNT)
    value = pl.when(~too_large).then(_units(number))
    problem = _problem((too_large, "too_large"), (raw.is_not_null() & number.is_null(), "type"))
    return value, problem


def _fits_units(dtype: pl.Decimal) -> bool:
    """Whether a Decimal's stored integer, scaled to 4 places, always fits Int64 (e.g. Decimal(18, 4))."""
    scale = dtype.scale or 0
    return scale <= 4 and (dtype.precision or 38) - scale + 4 <= 18


def _decimal_units(raw: pl.Expr, dtype: pl.Decimal) -> tuple[pl.Expr, pl.Expr]:
    """A Decimal of at most 4 places is its stored integer times 10^(4 − places): exact, without
    decimal arithmetic."""
    units = raw.to_physical().cast(pl.Int64) * 10 ** (4 - (dtype.scale or 0))
    too_large = units.abs() > int(MAX_AMOUNT) * MONEY_SCALE
    return pl.when(~too_large).then(units), _problem((too_large, "too_large"))


def _units(number: pl.Expr) -> pl.Expr:
    return (number.round(4) * MONEY_SCALE).cast(pl.Int64, strict=False)


def _float_amount(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A binary float read as its shortest decimal text (what Excel and people see), fast.

    Below 10^8 the float product ``raw * 10^4`` is within 3·10^-4 of the decimal's, so it rounds the
    same way unless it lies within 10^-3 of a half unit; only those rows go through the text.
    """
    scaled = raw * MONEY_SCALE
    near_half = ((scaled - scaled.floor()) - 0.5).abs() < 1e-3
    exact = _units(pl.when(near_half).then(raw).cast(pl.String).cast(_EXACT, strict=False))
    units = pl.coalesce(exact, scaled.round(0, mode="half_to_even").cast(pl.Int64, strict=False))
    too_large = raw.abs() > float(MAX_AMOUNT)
    problem = _problem((raw.is_not_null() & ~raw.is_finite(), "type"), (too_large, "too_large"))
    return pl.when(raw.is_finite() & ~too_large).then(units), problem


def _integer(raw: pl.Expr, dtype: pl.DataType, low: int, high: int) -> tuple[pl.Expr, pl.Expr]:
    if dtype.is_integer():
        whole = raw.cast(pl.Int64)
    else:
        number = _text(raw, dtype).cast(_EXACT, strict=False)
        whole = pl.when(number == number.round(0)).then(number.cast(pl.Int64, strict=False))
    in_range = whole.is_between(low, high)
    problem = _problem((raw.is_not_null() & whole.is_null(), "type"), (~in_range, "range"))
    return pl.when(in_range).then(whole), problem


def _years(text: pl.Expr) -> pl.Expr:
    """A list of years from text such as ``2024,2025`` or ``2024、2025`` (null when one is not a year)."""
    items = text.str.replace_all(r"[、，;；\s]+", ",").str.split(",")
    cast = items.list.eval(pl.element().cast(pl.Int32, strict=False))
    has_bad = items.list.eval(pl.element().cast(pl.Int32, strict=False).is_null()).list.any()
    return pl.when(~has_bad).then(cast)


def _problem(*cases: tuple[pl.Expr, str]) -> pl.Expr:
    """The code of the first rule whose condition holds, else null."""
    expr = pl.lit(None, dtype=pl.Int8)
    for condition, rule in reversed(cases):
        expr = pl.when(condition.fill_null(False)).then(pl.lit(RULE_CODES[rule], pl.Int8)).otherwise(expr)
    return expr

"""The flat layout (two tables, as read from Excel, CSV or Parquet) decoded into the normalised
tables, vectorised: one Polars expression per column, each table decoded in one pass (a large
Parquet file is read only for the layout's columns, by the streaming engine, row group by row group,
so its raw columns are never all in memory); messages only for the rows that fail, read back for them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

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
from gaoqi.policy.inputs.validate import RAW_ENTERPRISE_SCHEMA, Check, build_batch, failures
from gaoqi.policy.tables import MONEY_SCALE, YEAR_SCHEMA, InputBatch, strictly_ascending

_EXACT = pl.Decimal(38, 18)
_INT_TYPES = {"int": pl.Int32, "points": pl.Int8}  # the decoded type; its range is the allowed one
_INT_RANGES = {
    pl.Int8: (-(2**7), 2**7 - 1),
    pl.Int16: (-(2**15), 2**15 - 1),
    pl.Int32: (-(2**31), 2**31 - 1),
    pl.UInt8: (0, 2**8 - 1),
    pl.UInt16: (0, 2**16 - 1),
    pl.UInt32: (0, 2**32 - 1),
}
_BOUND_UNITS = int(MAX_AMOUNT) * MONEY_SCALE  # the largest amount allowed, in ten-thousandths
Engine = Literal["streaming", "in-memory"]
STREAMING_ROWS = 50_000  # file scans from this many rows are decoded by the streaming engine
READ_BACK_ONE_BY_ONE = 32  # flagged rows read back one by one; more in one pass over the table
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


def batch_from_frames(
    enterprises: pl.DataFrame | pl.LazyFrame, years: pl.DataFrame | pl.LazyFrame
) -> InputBatch:
    """Decode and validate the two flat tables (columns of any type; a ``LazyFrame``, e.g. a Parquet
    scan, is read only for the columns of the layout) into an ``InputBatch``."""
    ent_source, year_source = _renamed(ENTERPRISE_SHEET, enterprises), _renamed(YEAR_SHEET, years)
    ent_engine, year_engine = _engine(enterprises, ent_source), _engine(years, year_source)
    ent_frame, ent_flagged = _decoded(ent_source, ENTERPRISE_FIELDS, RAW_ENTERPRISE_SCHEMA, ent_engine)
    year_frame, year_flagged = _decoded(year_source, YEAR_FIELDS, YEAR_SCHEMA, year_engine)
    keys, year_keys = ent_frame["_key"], year_frame["_key"]
    first = _first_rows(keys)
    idx = _link(keys, first, year_keys)
    orphans = _orphans(year_keys, idx, ent_frame.height)
    year_frame = year_frame.drop("_key").insert_column(0, idx)
    if orphans:
        year_frame = year_frame.filter(pl.col("idx").is_not_null())
    year_flagged = year_flagged.filter(idx.gather(year_flagged).is_not_null())
    errors = [
        *_duplicates(keys, first),
        *orphans,
        *_flag_errors(ent_source, ent_engine, ENTERPRISE_FIELDS, ent_flagged, ent_flagged, _ent_path),
        *_flag_errors(
            year_source, year_engine, YEAR_FIELDS, year_flagged, idx.gather(year_flagged), _year_path
        ),
    ]
    ent_frame = ent_frame.drop("_key").with_row_index("idx")
    return build_batch(ent_frame, year_frame, errors, ent_frame.height + len(orphans))


def _renamed(sheet: str, frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The layout's columns under their column names (others are not read), the USCC as text: trimmed
    in the enterprise sheet; in the year sheet only where ``_link`` needs it (a year sheet in order
    links without trimming its USCCs, one per row)."""
    source = frame.lazy()
    mapping = normalise_headers(sheet, source.collect_schema().names())
    link = pl.col(LINK.column).cast(pl.String)
    return source.select(pl.col(header).alias(column) for header, column in mapping.items()).with_columns(
        link.str.strip_chars() if sheet == ENTERPRISE_SHEET else link
    )


def _first_rows(keys: pl.Series) -> pl.Series:
    """Whether each enterprise row is the first with its USCC (a missing USCC links nothing).

    USCCs strictly ascending (no hash needed) are all distinct: the usual case of a sorted export.
    """
    if strictly_ascending(keys):
        return pl.repeat(True, keys.len(), eager=True)
    return keys.is_not_null() & keys.is_first_distinct()


def _link(keys: pl.Series, first: pl.Series, year_keys: pl.Series) -> pl.Series:
    """The enterprise row (``idx``) of every year row, null when its USCC is not in the enterprise sheet
    (``keys`` are trimmed, ``year_keys`` not yet).

    Year rows grouped by enterprise in the enterprise sheet's order (every enterprise present, no USCC
    repeated) are numbered by group, without a join. Their USCCs need no trimming: each group's first
    equals a trimmed key and the others equal it, so none has spaces around it.
    """
    if first.all() and year_keys.null_count() == 0:
        starts = year_keys.ne_missing(year_keys.shift(1))
        heads = year_keys.filter(starts)
        if heads.len() == keys.len() and (heads == keys).all():
            return (starts.cum_sum() - 1).cast(pl.UInt32).alias("idx")
    known = pl.DataFrame({"_key": keys}).with_row_index("idx").filter(first)
    trimmed = year_keys.str.strip_chars().to_frame("_key")
    linked = trimmed.join(known, on="_key", how="left", maintain_order="left")
    return linked["idx"]


def _duplicates(keys: pl.Series, first: pl.Series) -> list[RecordError]:
    repeated = keys.to_frame("uscc").with_row_index("idx").filter(keys.is_not_null() & ~first)
    detail = f"统一社会信用代码在“{ENTERPRISE_SHEET}”中重复出现，只采用第一行"
    return [
        record_error(idx, code, None, LINK.path, "duplicate_uscc", detail) for idx, code in repeated.rows()
    ]


def _orphans(year_keys: pl.Series, idx: pl.Series, start: int) -> list[RecordError]:
    """Year rows whose USCC (trimmed) is not in the enterprise sheet: one error per such USCC, after
    the rest."""
    if idx.null_count() == 0:
        return []
    lost = year_keys.filter(idx.is_null()).str.strip_chars().unique(maintain_order=True)
    detail = f"“{YEAR_SHEET}”中有该企业的数据，但“{ENTERPRISE_SHEET}”中没有该企业"
    return [
        record_error(start + n, code, None, YEAR_SHEET, "unknown_enterprise", detail)
        for n, code in enumerate(lost.to_list())
    ]


def _ent_path(field: Field, row: dict[str, Any]) -> str:
    return field.path


def _year_path(field: Field, row: dict[str, Any]) -> str:
    return f"fiscal_years[{row['_raw_year']}].{field.path}"


def _decoded(
    source: pl.LazyFrame, fields: tuple[Field, ...], schema: dict[str, pl.DataType], engine: Engine
) -> tuple[pl.DataFrame, pl.Series]:
    """Every field decoded into its column of ``schema`` (``_key``: the USCC as ``_renamed`` gives it),
    in one streaming pass, and the positions of the rows that break a rule (their messages come from
    ``_flag_errors``).

    A row is flagged where a value that can break a rule was given but did not decode, or a required
    one is missing: every failing value decodes to null, so the rules' own conditions need not be
    evaluated twice (this flags a few more rows, e.g. a blank date, which ``_flag_errors`` clears).
    """
    decoders = _decoders(fields, source.collect_schema())
    decoded = {name: f"_value_{name}" for name in decoders}
    columns = [pl.col(LINK.column).alias("_key")]
    for name, dtype in schema.items():
        if name != "idx":
            value = pl.col(decoded[name]) if name in decoded else pl.lit(None)
            columns.append(value.cast(dtype).alias(name))
    flags = [
        pl.col(decoded[f.column]).is_null() & (pl.lit(True) if f.required else pl.col(f.column).is_not_null())
        for f in fields
        if f.column in decoders and (f.required or decoders[f.column][1] is not None)
    ]
    frame = (
        source.with_columns(value.alias(decoded[name]) for name, (value, _) in decoders.items())
        .select(*columns, pl.any_horizontal(flags).alias("_bad"))
        .collect(engine=engine)
    )
    flagged = frame.select(pl.col("_bad").arg_true().cast(pl.UInt32))
    return frame.drop("_bad"), flagged.to_series()


def _decoders(fields: tuple[Field, ...], schema: pl.Schema) -> dict[str, tuple[pl.Expr, pl.Expr | None]]:
    """Each field's decoded value and the code of the rule it breaks (None: cannot break one); a field
    left out of the sheet is absent (null) unless it is required."""
    decoders = {}
    for field in fields:
        present = field.column in schema
        if not present and not field.required:
            continue
        raw = pl.col(field.column) if present else pl.lit(None, dtype=pl.String)
        if field == LINK:  # trimmed by ``_renamed`` already: only a blank one is left to make null
            value, problem = raw.replace("", None), None
        else:
            value, problem = _decoder(field, raw, schema[field.column] if present else pl.String())
        if field.required:  # a value that is there but unreadable is a type error, not a missing one
            missing = pl.when(value.is_null()).then(pl.lit(RULE_CODES["required"], pl.Int8))
            problem = missing if problem is None else pl.coalesce(problem, missing)
        decoders[field.column] = (value, problem)
    return decoders


def _flag_errors(
    source: pl.LazyFrame,
    engine: Engine,
    fields: tuple[Field, ...],
    positions: pl.Series,
    idx: pl.Series,
    path: Callable[[Field, dict[str, Any]], str],
) -> list[RecordError]:
    """The messages of the flagged rows (at ``positions`` of ``source``, records ``idx``), read back
    and decoded again with the codes of the rules they break: each row's first, in row order.

    Problems are small integer codes (``RULE_CODES``); the raw values are read only for these rows.
    """
    if positions.is_empty():
        return []
    frame = _rows_at(source, engine, positions).insert_column(0, idx.alias("idx"))
    columns: list[pl.Expr] = [pl.col(LINK.column).str.strip_chars().alias("_who")]
    checks: list[Check] = []
    decoders = _decoders(fields, frame.schema)
    for field in (f for f in fields if f.column in decoders):
        value, problem = decoders[field.column]
        columns.append(value.alias(field.column))
        if problem is not None:
            columns.append(problem.alias(f"_why_{field.column}"))
            checks += _decode_checks(field, path)
    work = frame.select(pl.col("idx"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("_pos"), *columns)
    errors = []
    for check, decoded_row in failures(work, checks):
        row = _with_raw(frame, decoded_row, fields)
        errors.append(
            record_error(
                row["idx"], row["_who"], row.get("_raw_name"), check.field(row), check.rule, check.detail(row)
            )
        )
    return errors


def _rows_at(source: pl.LazyFrame, engine: Engine, positions: pl.Series) -> pl.DataFrame:
    """The rows of ``source`` at ``positions`` (ascending): a few one by one (a Parquet slice decodes
    only the row group that holds it; one query of them all would read the whole table once), more
    in one filtered streaming pass."""
    if positions.len() <= READ_BACK_ONE_BY_ONE:
        return pl.concat([source.slice(position, 1).collect() for position in positions.to_list()])
    rows = source.with_row_index("_at").filter(pl.col("_at").is_in(positions.implode()))
    return rows.drop("_at").collect(engine=engine)


def _engine(table: pl.DataFrame | pl.LazyFrame, source: pl.LazyFrame) -> Engine:
    """The streaming engine for a large file scan (read and decoded piece by piece: its raw columns
    are never all in memory), else the in-memory engine: a table already in memory gains nothing
    from streaming, and a small one is decoded much sooner (tens of milliseconds less for a sheet of
    text cells)."""
    if isinstance(table, pl.DataFrame):
        return "in-memory"
    rows = source.select(pl.len()).collect().item()  # a Parquet file's count is in its metadata
    return "streaming" if rows >= STREAMING_ROWS else "in-memory"


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
        return _integer(raw, dtype, _INT_TYPES[kind])
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
    else:  # text and codes are taken as written (a code's values are checked in ``validate``)
        return (text.replace(LEVEL_WORDS) if kind == "code" else text), None
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
    return text.replace("", None)  # one trim (``when(text != "").then(text)`` would trim twice)


def _amount(raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """万元 (or persons) as integer ten-thousandths, half-even, exactly as the decimal written."""
    if dtype.is_float():
        return _float_amount(raw)
    if isinstance(dtype, pl.Decimal):
        return _decimal_units(raw, dtype)
    if dtype.is_integer():
        number = raw.cast(_EXACT, strict=False)
    else:
        number = _text(raw, dtype).str.replace_all(",", "").cast(_EXACT, strict=False)
    too_large = number.abs() > Decimal(MAX_AMOUNT)
    value = pl.when(~too_large).then(_units(number))
    problem = _problem((too_large, "too_large"), (raw.is_not_null() & number.is_null(), "type"))
    return value, problem


def _decimal_units(raw: pl.Expr, dtype: pl.Decimal) -> tuple[pl.Expr, pl.Expr]:
    """A Decimal from its stored integer, without decimal arithmetic: times 10^(4 − places) for at most
    4 places, else divided by 10^(places − 4) and rounded half-even. Narrow decimals (e.g.
    ``Decimal(18, 4)``) stay in Int64; wider ones (e.g. ``Decimal(38, 4)``) are compared with the bound
    in Int128 before they are narrowed.

    >>> from decimal import Decimal as D
    >>> frame = pl.DataFrame({"a": [D("1.00005"), D("1.00015"), D("-2.00005"), D("123456789")]},
    ...                      schema={"a": pl.Decimal(38, 5)})
    >>> frame.select(_decimal_units(pl.col("a"), frame.schema["a"])[0])["a"].to_list()
    [10000, 10002, -20000, None]
    """
    scale, precision = dtype.scale or 0, dtype.precision or 38
    stored = raw.to_physical()
    if scale <= 4 and precision - scale + 4 <= 18:  # scaled to 4 places it always fits Int64
        units = _scaled(_narrowed(stored), 4 - scale)
        within = units.is_between(-_BOUND_UNITS, _BOUND_UNITS)
        return pl.when(within).then(units), _problem((~within, "too_large"))
    # below 10^(p − s) by its type: compared with 10^8 (in Int128) only when it may be above
    too_large = _beyond(stored, scale) if precision - scale > 8 else pl.lit(False)
    within = pl.when(~too_large).then(stored)
    if scale <= 4:
        units = _scaled(_narrowed(within), 4 - scale)
    else:
        step = pl.lit(10 ** (scale - 4), pl.Int128)
        quotient = within // step
        twice_rest = (within - quotient * step) * 2
        up = (twice_rest > step) | ((twice_rest == step) & (quotient % pl.lit(2, pl.Int128) == 1))
        units = _narrowed(quotient + up.cast(pl.Int128))
    return units, _problem((too_large, "too_large"))


def _narrowed(stored: pl.Expr) -> pl.Expr:
    """An Int128 known to fit Int64 (below 10^18 by its type, or bounded first), narrowed without the
    overflow check (twice as fast; the check can never fail here)."""
    return stored.cast(pl.Int64, wrap_numerical=True)


def _scaled(units: pl.Expr, places: int) -> pl.Expr:
    """``units`` times 10^places (no pass over the column for 10^0)."""
    return units * 10**places if places else units


def _beyond(stored: pl.Expr, scale: int) -> pl.Expr:
    """Whether a stored Decimal integer of ``scale`` places is above 10^8 in absolute value."""
    bound = int(MAX_AMOUNT) * 10**scale
    return ~stored.is_between(pl.lit(-bound, pl.Int128), pl.lit(bound, pl.Int128))


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


def _integer(raw: pl.Expr, dtype: pl.DataType, target: pl.DataType) -> tuple[pl.Expr, pl.Expr | None]:
    """A whole number in the range of ``target`` (``Int32`` or ``Int8``), as that type."""
    low, high = _INT_RANGES[target]
    given = _INT_RANGES.get(dtype)
    if given is not None and low <= given[0] and given[1] <= high:  # e.g. Int8 for Int8: always valid
        return raw.cast(target), None
    if dtype.is_integer():
        whole = raw.cast(pl.Int64)
    else:
        number = _text(raw, dtype).cast(_EXACT, strict=False)
        whole = pl.when(number == number.round(0)).then(number.cast(pl.Int64, strict=False))
    in_range = whole.is_between(low, high)
    problem = _problem((raw.is_not_null() & whole.is_null(), "type"), (~in_range, "range"))
    # in range, so narrowing needs no overflow check
    return pl.when(in_range).then(whole).cast(target, wrap_numerical=True), problem


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

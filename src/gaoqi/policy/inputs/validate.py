"""Rules across fields and rows, vectorised over the flat tables, and the final ``InputBatch``.

Every reader ends here, so a rule is written once. Each check is a Polars expression flagging bad
rows; messages are built in Python only for the (few) flagged rows. A record keeps its first error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, reduce
from operator import or_
from typing import Any

import polars as pl

from gaoqi.policy.errors import InputError, RecordError
from gaoqi.policy.inputs.codes import INDUSTRY_CODE_PATTERN, SECTION_DIVISIONS, tech_field_codes
from gaoqi.policy.inputs.fields import (
    DEDUCTION_FIELDS,
    ENTERPRISE_FIELDS,
    FIELDS_BY_COLUMN,
    RD_CATEGORY_FIELDS,
    RD_INSTITUTION_LEVELS,
    YEAR_FIELDS,
    Field,
)
from gaoqi.policy.inputs.messages import plain, record_error, shown
from gaoqi.policy.inputs.uscc import USCC_PATTERN, check_digit, valid_uscc_expr
from gaoqi.policy.tables import (
    ENTERPRISE_SCHEMA,
    YEAR_SCHEMA,
    InputBatch,
    InputTables,
    strictly_ascending,
    years_in_order,
)

RAW_ENTERPRISE_SCHEMA = {name: dtype for name, dtype in ENTERPRISE_SCHEMA.items() if name != "section"}
YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True, eq=False)
class Check:
    """A rule over one table: the rows it flags, and how to name the field and the fault (compared and
    hashed by identity: an expression has no equality)."""

    rule: str
    failing: pl.Expr
    field: Callable[[dict[str, Any]], str]
    detail: Callable[[dict[str, Any]], str]
    bounds: tuple[str, int, int | None] | None = None  # fails when (column, low, high) is out of range


def _at(column: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: FIELDS_BY_COLUMN[column].path


def _in_year(column: str | None) -> Callable[[dict[str, Any]], str]:
    suffix = f".{FIELDS_BY_COLUMN[column].path}" if column else ""
    return lambda row: f"fiscal_years[{row['year']}]{suffix}"


def _label(column: str) -> str:
    return FIELDS_BY_COLUMN[column].label


@cache
def enterprise_checks() -> tuple[Check, ...]:
    """The checks of the enterprises table, built on first use (the subfield codes are read from the
    parameter file)."""
    uscc, code = pl.col("uscc"), pl.col("industry_code")
    fields = sorted(tech_field_codes())
    divisions = [
        f"{letter}{n:02d}" for letter, (low, high) in SECTION_DIVISIONS.items() for n in range(low, high + 1)
    ]
    checks = [
        Check(
            "uscc_format",
            ~uscc.str.contains(USCC_PATTERN.pattern),
            _at("uscc"),
            lambda r: (
                f"统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V），实际为 {shown(r['uscc'])}"
            ),
        ),
        Check(
            "uscc_check_digit",
            ~valid_uscc_expr(uscc),
            _at("uscc"),
            lambda r: (
                f"统一社会信用代码校验位错误（GB 32100-2015）：第 18 位应为 {check_digit(r['uscc'][:17])}，"
                f"实际为 {r['uscc'][17]}"
            ),
        ),
        Check(
            "industry_code_format",
            ~code.str.contains(INDUSTRY_CODE_PATTERN),
            _at("industry_code"),
            lambda r: (
                "国民经济行业代码应为 GB/T 4754-2017 门类字母加 2–4 位数字（如 C1713），"
                f"实际为 {shown(r['industry_code'])}"
            ),
        ),
        Check(
            "industry_code_section",
            ~code.str.slice(0, 3).is_in(divisions),
            _at("industry_code"),
            lambda r: (
                f"国民经济行业代码 {r['industry_code']} 的大类 {r['industry_code'][1:3]} 不属于门类 "
                f"{r['industry_code'][0]}（{_division_range(r['industry_code'][0])}）"
            ),
        ),
        Check(
            "tech_field",
            pl.col("tech_field").is_not_null() & ~pl.col("tech_field").is_in(fields),
            _at("tech_field"),
            lambda r: (
                "技术领域代码应为《国家重点支持的高新技术领域》二级领域“领域.子领域”"
                f"（{_tech_field_count(fields)}，如 4.3），实际为 {shown(r['tech_field'])}"
            ),
        ),
        Check(
            "rd_institution",
            pl.col("rd_institution").is_not_null()
            & ~pl.col("rd_institution").is_in(list(RD_INSTITUTION_LEVELS)),
            _at("rd_institution"),
            lambda r: (
                f"最高研发机构级别应为 {'、'.join(RD_INSTITUTION_LEVELS)} 之一，"
                f"实际为 {shown(r['rd_institution'])}"
            ),
        ),
    ]
    for f in ENTERPRISE_FIELDS:
        if f.kind == "points":
            checks.append(_range_check(f.column, f.maximum or 0))
        elif f.kind == "int":
            checks.append(_negative_check(f.column, _at(f.column), str))
    return tuple(checks)


def _tech_field_count(codes: list[str]) -> str:
    """``"8 个领域共 52 个子领域"`` for the subfield codes ``codes``."""
    return f"{len({code.split('.')[0] for code in codes})} 个领域共 {len(codes)} 个子领域"


def _division_range(letter: str) -> str:
    low, high = SECTION_DIVISIONS[letter]
    return f"大类 {low:02d}–{high:02d}"


def _range_check(column: str, maximum: int) -> Check:
    return Check(
        "points_range",
        ~pl.col(column).is_between(0, maximum),
        _at(column),
        lambda r: f"{_label(column)}应在 0–{maximum} 分之间，实际为 {r[column]}",
        (column, 0, maximum),
    )


def _negative_check(column: str, field: Callable[[dict[str, Any]], str], show: Callable[[Any], str]) -> Check:
    unit = FIELDS_BY_COLUMN[column].unit
    return Check(
        "negative",
        pl.col(column) < 0,
        field,
        lambda r: f"{_label(column)}（{show(r[column])}{unit}）不得为负数",
        (column, 0, None),
    )


def _exceeds_check(rule: str, part: str, whole: str) -> Check:
    unit = FIELDS_BY_COLUMN[part].unit
    return Check(
        rule,
        pl.col(part) > pl.col(whole),
        _in_year(part),
        lambda r: (
            f"{_label(part)}（{plain(r[part])}{unit}）不得大于{_label(whole)}（{plain(r[whole])}{unit}）"
        ),
    )


def _year_key() -> pl.Expr:
    """(enterprise, year) packed into one unsigned integer: hashing it is much faster than a struct."""
    return pl.col("idx").cast(pl.UInt64) * 2**32 + (pl.col("year").cast(pl.Int64) + 2**31).cast(pl.UInt64)


def _year_checks() -> tuple[Check, ...]:
    categories = pl.any_horizontal(pl.col(f.column).is_not_null() for f in RD_CATEGORY_FIELDS)
    checks = [
        Check(
            "year_range",
            ~pl.col("year").is_between(*YEAR_RANGE),
            _in_year("year"),
            lambda r: f"年度应在 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间，实际为 {r['year']}",
            ("year", *YEAR_RANGE),
        ),
        Check(
            "duplicate_year",
            _year_key().is_duplicated(),
            _in_year(None),
            lambda r: f"年度 {r['year']} 出现了两次，每个财务年度只能填写一次",
        ),
        Check(
            "rd_mixed",
            categories & (pl.col("rd_total").is_not_null() | pl.col("rd_domestic").is_not_null()),
            _in_year("rd_total"),
            lambda r: "研发费用应按类别（rd）或按总额（rd_total、rd_domestic）填写，不能同时填写两种",
        ),
        Check(
            "rd_domestic_without_total",
            pl.col("rd_domestic").is_not_null() & pl.col("rd_total").is_null(),
            _in_year("rd_total"),
            lambda r: "填写了境内研发费用（rd_domestic）时必须同时填写研发费用总额（rd_total）",
        ),
    ]
    for f in YEAR_FIELDS:
        if f.kind in ("money", "headcount") and f.column != "net_assets":
            checks.append(_negative_check(f.column, _in_year(f.column), plain))
    checks += [
        _exceeds_check("scitech_staff_exceeds_employees", "scitech_staff", "employees"),
        _exceeds_check("hitech_revenue_exceeds_total_revenue", "hitech_revenue", "total_revenue"),
        _exceeds_check("rd_domestic_exceeds_total", "rd_domestic", "rd_total"),
    ]
    return tuple(checks)


YEAR_CHECKS = _year_checks()
# years strictly ascending by (enterprise, year) cannot repeat a year: the costly check is skipped
ORDERED_YEAR_CHECKS = tuple(check for check in YEAR_CHECKS if check.rule != "duplicate_year")


LAZY_ROWS = 50_000  # from this size the query optimiser (shared sub-expressions) pays for itself


def select(frame: pl.DataFrame, exprs: list[pl.Expr]) -> pl.DataFrame:
    """``frame.select(exprs)``, through the lazy optimiser for large frames (small ones skip its cost)."""
    if frame.height < LAZY_ROWS:
        return frame.select(exprs)
    return frame.lazy().select(exprs).collect()


@lru_cache(maxsize=16)
def _flag_exprs(checks: tuple[Check, ...]) -> list[pl.Expr]:
    """One boolean column per check (null counts as passing), built once per set of checks."""
    return [check.failing.fill_null(False).alias(f"_{i}") for i, check in enumerate(checks)]


@lru_cache(maxsize=16)
def _screen(checks: tuple[Check, ...]) -> tuple[pl.Expr | None, tuple[tuple[str, int, int | None], ...]]:
    """For a few rows: the checks without bounds as one column, true (or null) for a row that some
    of them flags (a few nodes instead of a boolean column per check, which is most of the cost on
    a few rows), and the bounds of the range checks."""
    ranged = tuple(check.bounds for check in checks if check.bounds is not None)
    others = [check.failing for check in checks if check.bounds is None]
    return (pl.any_horizontal(others).alias("_screen") if others else None), ranged


def _flagged(frame: pl.DataFrame, checks: tuple[Check, ...]) -> bool:
    """Whether some check may flag a row of a small frame: a range check by its column's smallest
    and largest value (Series calls that run directly, no query; nulls pass, as in the check), the
    others by the screening column."""
    screen, ranged = _screen(checks)
    for column, low, high in ranged:
        values = frame[column]
        smallest = values.min()
        if smallest is not None and (smallest < low or (high is not None and values.max() > high)):
            return True
    return screen is not None and bool(frame.select(screen).to_series().any())


def failures(frame: pl.DataFrame, checks: Sequence[Check]) -> list[tuple[Check, dict[str, Any]]]:
    """The first failing check of every flagged row, with the row's values."""
    if frame.height < LAZY_ROWS and not _flagged(frame, tuple(checks)):
        return []  # as usual, nothing is flagged: screened without a column per check
    flags = select(frame, _flag_exprs(tuple(checks))).get_columns()
    # Series methods run directly (no query plan): cheap when, as usual, nothing is flagged
    if not any(flag.any() for flag in flags):
        return []
    rows = reduce(or_, flags).arg_true()
    return [
        (checks[values.index(True)], frame.row(row, named=True))
        for row, values in zip(rows, pl.DataFrame(flags)[rows].iter_rows(), strict=True)
    ]


def build_batch(
    enterprises: pl.DataFrame,
    years: pl.DataFrame,
    errors: list[RecordError],
    size: int,
    *,
    objects_filled: bool = False,
) -> InputBatch:
    """Check the decoded tables, drop rejected records and return the normalised ``InputBatch``
    (``objects_filled``: the decoding already counted the left-out fields of a given R&D or deduction
    object as 0, as ``decode_year`` does)."""
    rejected: dict[int, RecordError] = {error.idx: error for error in reversed(errors)}
    ordered = years_in_order(years)
    found = failures(enterprises, enterprise_checks()) + failures(
        years, ORDERED_YEAR_CHECKS if ordered else YEAR_CHECKS
    )
    names = _names(enterprises, {row["idx"] for _, row in found}) if found else {}
    for check, row in found:
        uscc, name = names.get(row["idx"], (None, None))
        error = record_error(row["idx"], uscc, name, check.field(row), check.rule, check.detail(row))
        rejected.setdefault(row["idx"], error)
    if rejected:
        keep = ~pl.col("idx").is_in(list(rejected))
        enterprises, years = enterprises.filter(keep), years.filter(keep)
    if not ordered:  # sorting copies every column: only when the years are not in order already
        years = years.sort("idx", "year", maintain_order=True)
    tables = InputTables(
        _with_section(enterprises),
        years if objects_filled else _fill_given_objects(years),
    )
    return InputBatch(tables, sorted(rejected.values(), key=lambda e: e.idx), size)


def batch_from_normalised(enterprises: pl.DataFrame, years: pl.DataFrame) -> InputBatch:
    """Tables already in the normalised schema (trusted types, untrusted values): checks only."""
    idx = enterprises["idx"]
    if not strictly_ascending(idx) and idx.n_unique() < len(idx):
        raise InputError("规范化输入中企业序号（idx）重复")
    last = idx.max()
    size = 0 if last is None else int(last) + 1
    return build_batch(enterprises.drop("section"), years, [], size)


def _names(enterprises: pl.DataFrame, idxs: set[int]) -> dict[int, tuple[str | None, str | None]]:
    """The USCC and name of the enterprises ``idxs``, for their error messages."""
    flagged = enterprises.filter(pl.col("idx").is_in(list(idxs)))
    return {row["idx"]: (row["uscc"], row["name"]) for row in flagged.iter_rows(named=True)}


SECTION_POSITION = list(ENTERPRISE_SCHEMA).index("section")


def _with_section(enterprises: pl.DataFrame) -> pl.DataFrame:
    """The enterprises in the normalised schema: the section, read from the industry code, inserted
    (a Series call and a column insert, no query over every column)."""
    section = enterprises["industry_code"].str.slice(0, 1).alias("section")
    return enterprises.clone().insert_column(SECTION_POSITION, section)


OBJECT_GROUPS = (RD_CATEGORY_FIELDS, DEDUCTION_FIELDS)


def _given(group: Sequence[Field]) -> pl.Expr:
    return pl.any_horizontal(pl.col(f.column).is_not_null() for f in group)


@cache
def _partly_given() -> list[pl.Expr]:
    """For each object group, whether some row gives part of it (some fields, not all)."""
    return [
        (_given(group) & pl.any_horizontal(pl.col(f.column).is_null() for f in group)).any().alias(f"_{i}")
        for i, group in enumerate(OBJECT_GROUPS)
    ]


@cache
def _fills(filled: tuple[bool, ...]) -> list[pl.Expr]:
    """The fields of the ``filled`` groups, at 0 where their object is given."""
    return [
        pl.when(_given(group)).then(pl.col(f.column).fill_null(0)).otherwise(pl.col(f.column)).alias(f.column)
        for group, fill in zip(OBJECT_GROUPS, filled, strict=True)
        if fill
        for f in group
    ]


def _fill_given_objects(years: pl.DataFrame) -> pl.DataFrame:
    """In a row that gives some R&D categories (or deduction items), the others count as 0 (only the
    columns of a group that some row gives in part are rewritten, in place)."""
    fills = _fills(years.select(_partly_given()).row(0))
    return years.with_columns(fills) if fills else years


def frames_from_columns(
    enterprises: dict[str, list[Any]], years: dict[str, list[Any]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decoded column lists as the two raw tables (one DataFrame each)."""
    return (
        pl.DataFrame(enterprises, schema=RAW_ENTERPRISE_SCHEMA),
        pl.DataFrame(years, schema=YEAR_SCHEMA),
    )

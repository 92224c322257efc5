"""What every rule family shares: the three-year window, parameter conversions, ratio conditions.

The evaluation frame has one row per enterprise; the fiscal years of the window are joined as
columns suffixed ``_y1`` (oldest) to ``_y3`` (the last fiscal year), with ``_row_y<k>`` the year's
row (null when the input lacks that year), from which ``has_y<k>`` tells whether the input gave it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from gaoqi.policy.errors import ParameterError
from gaoqi.policy.exact import Exact, Limit, fraction, gap_to_ratio, ratio_at_least
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.tables import HEADCOUNT_SCALE, MONEY_SCALE

SLOTS = (1, 2, 3)


@dataclass(frozen=True)
class Window:
    """The last three fiscal years before the year of ``as_of`` ("近三个会计年度")."""

    as_of: dt.date

    def year(self, slot: int) -> int:
        """The calendar year of a slot (1 = oldest, 3 = the last fiscal year)."""
        return self.as_of.year - 4 + slot

    @staticmethod
    def col(name: str, slot: int) -> pl.Expr:
        """A fiscal-year column of a slot."""
        return pl.col(f"{name}_y{slot}")

    def prepare_columns(self) -> list[pl.Expr]:
        """``_reg_year``, the year of registration, ``_req_y<k>``, whether each slot's year is an
        operating year, and ``has_y<k>``, whether the input gives it, computed once."""
        reg_year = pl.col("registered_on").dt.year()
        return [
            reg_year.alias("_reg_year"),
            *((reg_year <= self.year(slot)).alias(f"_req_y{slot}") for slot in SLOTS),
            *(pl.col(f"_row_y{slot}").is_not_null().alias(f"has_y{slot}") for slot in SLOTS),
        ]

    @staticmethod
    def required(slot: int) -> pl.Expr:
        """Whether the slot's year is an operating year (not before the year of registration)."""
        return pl.col(f"_req_y{slot}")

    def window_sum(self, name: str) -> pl.Expr:
        """Sum of a column over the operating years of the window; null if a needed year or value
        is missing."""
        parts = (pl.when(self.required(slot)).then(self.col(name, slot)).otherwise(0) for slot in SLOTS)
        first, *rest = parts
        return sum(rest, first)  # additions: null with any part, and no fixed cost of sum_horizontal


@dataclass(frozen=True)
class RatioCondition:
    """A ``num / den ≥ threshold`` condition with its reported value and exact gap: ``units`` in the
    units of the inputs, reported rounded up to whole ``gap_unit``s."""

    passed: pl.Expr
    value: pl.Expr
    units: pl.Expr
    gap_unit: int


def ratio_condition(
    num: pl.Expr, den: pl.Expr, threshold: Exact | Limit, *, den_moves: bool, gap_unit: int
) -> RatioCondition:
    """Pass, value (float) and gap of ``num / den ≥ threshold``.

    ``0 / 0`` fails (nothing to show) and a positive amount over a zero whole passes. The gap is
    the smallest amount to add to ``num`` (and to ``den`` when ``den_moves``), in the units of the
    inputs, reported divided by ``gap_unit`` and rounded up (``ceil_div``); a passed condition has
    gap 0.
    """
    empty = (num == 0) & (den == 0)
    passed = ratio_at_least(num, den, threshold) & ~empty
    value = pl.when(den != 0).then(num.cast(pl.Float64) / den.cast(pl.Float64))
    units = (
        pl.when(empty)
        .then(pl.lit(1, pl.Int64))
        .otherwise(gap_to_ratio(num, den, threshold, den_moves=den_moves))
    )
    return RatioCondition(passed, value, units, gap_unit)


def yuan(value: object, name: str) -> int:
    """A 万元 parameter value as whole yuan (it must be exact to the yuan)."""
    amount = fraction(value) * MONEY_SCALE
    if amount.denominator != 1:
        raise ParameterError(f"参数 {name} 的金额 {value} 万元不是整数元")
    return int(amount)


def headcount(value: object, name: str) -> int:
    """A persons parameter value in ten-thousandths of a person."""
    amount = fraction(value) * HEADCOUNT_SCALE
    if amount.denominator != 1:
        raise ParameterError(f"参数 {name} 的人数 {value} 精度超过万分之一人")
    return int(amount)


def as_float(value: object) -> float:
    """A parameter number for display (never for a comparison)."""
    return float(fraction(value))


def hnte_valid_column(as_of: dt.date, params: ParameterSet) -> pl.Expr:
    """``_hnte_valid``: the HNTE certificate is valid on ``as_of`` (issued_on ≤ as_of < issued_on +
    validity; false when unknown), computed once for the rules that read ``hnte_valid()``."""
    years = params["hnte.validity_years"]
    issued = pl.col("hnte_issued_on")
    valid = (issued <= pl.lit(as_of)) & (pl.lit(as_of) < issued.dt.offset_by(f"{years}y"))
    return valid.fill_null(False).alias("_hnte_valid")


def ip_count_columns() -> list[pl.Expr]:
    """``_ip_class1`` and ``_ip_class2``, the IP counts with an unknown count as none (no IP known
    is no IP shown), computed once for the rules that read ``ip_counts()``."""
    return [pl.col(f"ip_class{n}").fill_null(0).alias(f"_ip_class{n}") for n in (1, 2)]


def ip_counts() -> tuple[pl.Expr, pl.Expr]:
    """The class I and class II IP counts, unknown as 0 (after ``ip_count_columns``)."""
    return pl.col("_ip_class1"), pl.col("_ip_class2")


def hnte_valid() -> pl.Expr:
    """Whether the HNTE certificate is valid on the assessment date (after ``hnte_valid_column``)."""
    return pl.col("_hnte_valid")


def on_negative_list(params: ParameterSet) -> pl.Expr:
    """Whether the main industry is on the super-deduction negative list (code prefix match)."""
    code = pl.col("industry_code")
    prefixes = params["deduction.negative_list"]
    return pl.any_horizontal(code.str.starts_with(prefix) for prefix in prefixes).fill_null(False)

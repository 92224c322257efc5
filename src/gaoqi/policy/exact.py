"""Exact arithmetic over Polars expressions: integer amounts compared with fractional thresholds.

Thresholds come from ``Decimal`` parameters as exact ``Fraction`` ``p/q``; ``a/b ≥ p/q`` is tested
as ``a·q ≥ p·b`` in ``Int128`` so that a product of two amounts cannot overflow. No float ever
decides a boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

import polars as pl

from gaoqi.policy.errors import ParameterError

Exact = int | Decimal | Fraction
# a threshold chosen per row: integer columns p and q for p/q (q > 0), e.g. picked from brackets
Limit = tuple[pl.Expr, pl.Expr]


def fraction(value: object) -> Fraction:
    """An exact ``Fraction`` of an ``int``, ``Decimal`` or ``Fraction`` parameter value.

    >>> fraction(Decimal("0.05")), fraction(3), fraction(Fraction(2, 3))
    (Fraction(1, 20), Fraction(3, 1), Fraction(2, 3))
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(f"not an exact number: {value!r}")
    return Fraction(value)


def wide(expr: pl.Expr) -> pl.Expr:
    """The expression as ``Int128``, for products of two amounts."""
    return expr.cast(pl.Int128)


def ceil_div(num: pl.Expr, den: pl.Expr | int) -> pl.Expr:
    """Integer division rounded up (toward +∞), for a positive denominator.

    >>> pl.DataFrame({"x": [7, 8, -7, 0]}).select(ceil_div(pl.col("x"), 4)).to_series().to_list()
    [2, 2, -1, 0]
    """
    return (num + den - 1) // den


def round_half_up_div(num: pl.Expr, den: pl.Expr | int) -> pl.Expr:
    """Integer division rounded to the nearest integer, halves up, for a positive denominator.

    >>> pl.DataFrame({"x": [5, 15, 14, 16]}).select(round_half_up_div(pl.col("x"), 10)).to_series().to_list()
    [1, 2, 1, 2]
    """
    return (2 * num + den) // (2 * den)


def _terms(threshold: Exact | Limit) -> tuple[int | pl.Expr, int | pl.Expr]:
    """Numerator and denominator of an exact threshold or of a per-row ``Limit``."""
    if isinstance(threshold, tuple):
        return threshold
    limit = fraction(threshold)
    return limit.numerator, limit.denominator


def ratio_at_least(num: pl.Expr, den: pl.Expr, threshold: Exact | Limit, *, strict: bool = False) -> pl.Expr:
    """``num / den ≥ threshold`` (``>`` when ``strict``) by cross-multiplication, for ``den ≥ 0``.

    >>> frame = pl.DataFrame({"staff": [12, 11, 11], "employees": [120, 120, 100]})
    >>> staff, employees = pl.col("staff"), pl.col("employees")
    >>> frame.select(ratio_at_least(staff, employees, Decimal("0.10"))).to_series().to_list()
    [True, False, True]
    >>> frame.select(ratio_at_least(staff, employees, Decimal("0.10"), strict=True)).to_series().to_list()
    [False, False, True]
    >>> frame.select(ratio_at_least(staff, employees, (pl.lit(1), pl.col("staff")))).to_series().to_list()
    [True, True, True]
    """
    p, q = _terms(threshold)
    left = wide(num) * q
    right = wide(den) * p
    return left > right if strict else left >= right


def gap_to_ratio(num: pl.Expr, den: pl.Expr, threshold: Exact | Limit, *, den_moves: bool) -> pl.Expr:
    """The smallest integer ``x ≥ 0`` with ``(num + x) / (den + x) ≥ threshold`` when ``den_moves``
    (the added amount also counts in the whole), else with ``(num + x) / den ≥ threshold``.

    >>> frame = pl.DataFrame({"staff": [10, 12, 59], "employees": [120, 120, 100]})
    >>> staff, employees = pl.col("staff"), pl.col("employees")
    >>> frame.select(gap_to_ratio(staff, employees, Decimal("0.1"), den_moves=True)).to_series().to_list()
    [3, 0, 0]
    >>> frame.select(gap_to_ratio(staff, employees, Decimal("0.6"), den_moves=True)).to_series().to_list()
    [155, 150, 3]
    >>> frame.select(gap_to_ratio(staff, employees, Decimal("0.6"), den_moves=False)).to_series().to_list()
    [62, 60, 1]
    >>> limit = (pl.lit(3, pl.Int64), pl.lit(5, pl.Int64))
    >>> frame.select(gap_to_ratio(staff, employees, limit, den_moves=False)).to_series().to_list()
    [62, 60, 1]
    """
    p, q = _terms(threshold)
    shortfall = wide(den) * p - wide(num) * q
    step = q - p if den_moves else q
    if isinstance(step, int) and step <= 0:
        raise ParameterError(f"比例门槛 {threshold} 应小于 1（分子增加时分母同时增加）")
    return ceil_div(shortfall, step).clip(lower_bound=0).cast(pl.Int64)


def first_band(tests: Sequence[tuple[pl.Expr, object]], default: object) -> pl.Expr:
    """The value of the first band whose test holds, else ``default`` (bands listed best first);
    values may be literals or expressions.

    >>> bands = [(pl.col("x") >= 10, 2), (pl.col("x") >= 5, 1)]
    >>> pl.DataFrame({"x": [12, 7, 1]}).select(first_band(bands, 0)).to_series().to_list()
    [2, 1, 0]
    """
    if not tests:
        return _expr(default)
    chain: Any = pl.when(tests[0][0]).then(_expr(tests[0][1]))
    for test, value in tests[1:]:
        chain = chain.when(test).then(_expr(value))
    return chain.otherwise(_expr(default))


def band_index(tests: Sequence[pl.Expr]) -> pl.Expr:
    """The position of the first test that holds, ``len(tests)`` when none does (bands listed best
    first): computed once, it picks several values of a band by ``lookup``.

    >>> tests = [pl.col("x") >= 10, pl.col("x") >= 5]
    >>> pl.DataFrame({"x": [12, 7, 1, None]}).select(band_index(tests)).to_series().to_list()
    [0, 1, 2, 2]
    """
    return first_band([(test, position) for position, test in enumerate(tests)], len(tests))


def check_descending(limits: Sequence[Exact], name: str) -> None:
    """A band table's lower ``limits`` run strictly from the highest down, else a ``ParameterError``."""
    if any(fraction(higher) <= fraction(lower) for higher, lower in pairwise(limits)):
        raise ParameterError(f"参数 {name} 的分档应按下限从高到低排列")


def limits_reached(value: pl.Expr, limits: Sequence[int], dtype: pl.DataType) -> pl.Expr:
    """How many of the integer ``limits`` are at most ``value`` (0 for null): a binary search in one
    literal table of ``dtype``, whatever the number of limits.

    >>> frame = pl.DataFrame({"x": [12, 7, 1, None]})
    >>> frame.select(limits_reached(pl.col("x"), [10, 5], pl.Int64)).to_series().to_list()
    [2, 1, 0, 0]
    """
    return pl.lit(pl.Series(sorted(limits), dtype=dtype)).search_sorted(value, side="right")


def count_band_index(first: pl.Expr, second: pl.Expr, minimums: Sequence[tuple[int, int]]) -> pl.Expr:
    """``band_index`` of the tests ``first ≥ a & second ≥ b``, one ``(a, b)`` per band, over two
    non-negative counts (null when either is unknown): a count capped at the largest minimum decides
    every test as the count itself does, so the capped pair picks the position from a table of all
    capped pairs (one lookup instead of a chain of tests).

    >>> bands = [(1, 0), (0, 4), (0, 1)]
    >>> frame = pl.DataFrame({"a": [2, 0, 0, 0, None], "b": [0, 9, 2, 0, 3]})
    >>> frame.select(count_band_index(pl.col("a"), pl.col("b"), bands)).to_series().to_list()
    [0, 1, 2, 3, None]
    """
    top_first, top_second = max(a for a, _ in minimums), max(b for _, b in minimums)
    table = [
        next((i for i, (a, b) in enumerate(minimums) if x >= a and y >= b), len(minimums))
        for x in range(top_first + 1)
        for y in range(top_second + 1)
    ]
    return lookup(table, first.clip(0, top_first) * (top_second + 1) + second.clip(0, top_second))


def lookup(values: Sequence[object], index: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """``values[index]`` (null where the index is null): one literal table, not a chain of tests.

    >>> pl.DataFrame({"band": [0, 2, None]}).select(lookup([25, 19, 0], pl.col("band"))).to_series().to_list()
    [25, 0, None]
    """
    return pl.lit(pl.Series(values, dtype=dtype)).gather(index)


def _expr(value: object) -> pl.Expr:
    return value if isinstance(value, pl.Expr) else pl.lit(value)

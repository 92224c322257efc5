"""HNTE innovation score (工作指引 三（七）) as min/max ranges.

A band fixed by the data gives its range; an expert's point, when given, fixes the item; an item
with nothing known ranges over its whole scale. Growth rates are compared exactly: the rate is
``A / B − 1`` with ``A``, ``B`` Int128 products of two amounts, and ``rate ≥ p/q`` is
``A·q ≥ (p + q)·B``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from gaoqi.policy.exact import (
    check_descending,
    count_band_index,
    fraction,
    limits_reached,
    lookup,
    wide,
)
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import Window, ip_counts

GROWTH_ITEMS = {"net_asset_growth": "net_assets", "sales_growth": "sales_revenue"}


def _range(name: str, low: pl.Expr, high: pl.Expr) -> list[pl.Expr]:
    return [low.cast(pl.Int32).alias(f"score_{name}_min"), high.cast(pl.Int32).alias(f"score_{name}_max")]


def _expert_or(expert: str, low: pl.Expr, high: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The expert's points as both ends when given, else ``low`` and ``high``."""
    given = pl.col(expert).cast(pl.Int32)
    return given.fill_null(low), given.fill_null(high)


def _band_range(index: pl.Expr, bands: Sequence[Mapping[str, Any]]) -> tuple[pl.Expr, pl.Expr]:
    """(min, max) points of the band at ``index`` (a ``band_index`` column), 0 past the last band."""
    low = lookup([*(band["min_points"] for band in bands), 0], index)
    high = lookup([*(band["max_points"] for band in bands), 0], index)
    return low, high


def band_columns(params: ParameterSet) -> list[pl.Expr]:
    """``_ip_band`` and ``_transformation_band``, the band index of the IP quantity and of the
    achievement transformation, computed once for both ends of the range."""
    class1, class2 = pl.col("ip_class1"), pl.col("ip_class2")
    ip_bands = params["hnte_score.ip_quantity_bands"]
    total = pl.col("achievements_3y")
    basis = params["hnte_score.transformation_basis_years"]
    # the annual average total / basis ≥ min_count is total ≥ ⌈min_count × basis⌉ (whole counts);
    # the bands run from the highest down, so the count of limits reached gives the band
    bands = params["hnte_score.transformation_bands"]
    check_descending([row["min_count"] for row in bands], "hnte_score.transformation_bands")
    limits = [math.ceil(fraction(row["min_count"]) * basis) for row in bands]
    if params["hnte_score.transformation_nonzero_floor"]:  # any achievement reaches the last band
        limits[-1] = min(limits[-1], 1)
    transformation = len(bands) - limits_reached(total, limits, pl.Int32())
    return [
        count_band_index(class1, class2, [(row["class1_min"], row["class2_min"]) for row in ip_bands]).alias(
            "_ip_band"
        ),
        transformation.alias("_transformation_band"),
    ]


def _item_max(rows: Sequence[Mapping[str, Any]], item: str) -> int:
    return next(row["max_points"] for row in rows if row["item"] == item)


def ip_columns(params: ParameterSet) -> list[pl.Expr]:
    """IP items (after ``band_columns``): quantity band, acquisition band, standards bonus, and
    ``_ip_expert_min``/``_max`` (advancement and core support); ``ip_total_columns`` adds them up."""
    expert_rows = params["hnte_score.ip_expert_items"]
    low_sum, high_sum = pl.lit(0, pl.Int32), pl.lit(0, pl.Int32)
    for item in ("advancement", "core_support"):
        low, high = _expert_or(f"expert_{item}", pl.lit(0), pl.lit(_item_max(expert_rows, item)))
        low_sum, high_sum = low_sum + low, high_sum + high
    known = pl.col("ip_class1").is_not_null() & pl.col("ip_class2").is_not_null()
    band_low, band_high = _band_range(pl.col("_ip_band"), params["hnte_score.ip_quantity_bands"])
    q_low = pl.when(known).then(band_low).otherwise(0)
    q_high = pl.when(known).then(band_high).otherwise(params["hnte_score.ip_quantity_max"])
    acq_low, acq_high = _expert_or("expert_acquisition", *_acquisition(params))
    bonus = params["hnte_score.ip_standards_bonus"][0]
    drafted = pl.col("standards_drafted")
    std_low = pl.when(drafted.is_null()).then(0).when(drafted).then(bonus["min_points"]).otherwise(0)
    std_high = pl.when(drafted.is_null() | drafted).then(bonus["max_points"]).otherwise(0)
    std_low, std_high = _expert_or("expert_standards", std_low, std_high)
    return [
        *_range("ip_quantity", q_low, q_high),
        *_range("ip_acquisition", acq_low, acq_high),
        *_range("ip_standards", std_low, std_high),
        low_sum.alias("_ip_expert_min"),
        high_sum.alias("_ip_expert_max"),
    ]


def ip_total_columns(params: ParameterSet) -> list[pl.Expr]:
    """The IP total (≤ 30), from the item columns of ``ip_columns``."""
    cap = params["hnte_score.ip_cap"]

    def total(end: str) -> pl.Expr:
        items = (
            f"_ip_expert_{end}",
            *(f"score_ip_{item}_{end}" for item in ("quantity", "acquisition", "standards")),
        )
        return pl.min_horizontal(sum((pl.col(name) for name in items[1:]), pl.col(items[0])), pl.lit(cap))

    return _range("ip", total("min"), total("max"))


def _acquisition(params: ParameterSet) -> tuple[pl.Expr, pl.Expr]:
    bands = {row["band"]: row for row in params["hnte_score.ip_acquisition_bands"]}
    own, acquired = bands["self_developed"], bands["acquired"]
    self_developed = pl.col("ip_self_developed")
    class1, class2 = ip_counts()
    any_ip = class1 + class2 > 0
    unknown = self_developed.is_null()
    low = (
        pl.when(unknown)
        .then(0)
        .when(self_developed)
        .then(own["min_points"])
        .when(any_ip)
        .then(acquired["min_points"])
        .otherwise(0)
    )
    high = (
        pl.when(unknown | self_developed)
        .then(own["max_points"])
        .when(any_ip)
        .then(acquired["max_points"])
        .otherwise(0)
    )
    return low, high


def transformation_columns(params: ParameterSet) -> list[pl.Expr]:
    """Achievement transformation (≤ 30) by the annual average of the 3-year total (after
    ``band_columns``)."""
    total = pl.col("achievements_3y")
    low, high = _band_range(pl.col("_transformation_band"), params["hnte_score.transformation_bands"])
    low = pl.when(total.is_not_null()).then(low).otherwise(0)
    high = pl.when(total.is_not_null()).then(high).otherwise(params["hnte_score.transformation_max"])
    return _range("transformation", *_expert_or("expert_transformation", low, high))


def rd_management_columns(params: ParameterSet) -> list[pl.Expr]:
    """R&D organisation management (≤ 20): the four expert items, each 0..max when unknown."""
    low, high = pl.lit(0, pl.Int32), pl.lit(0, pl.Int32)
    for row in params["hnte_score.rd_management_items"]:
        item_low, item_high = _expert_or(f"rdm_{row['item']}", pl.lit(0), pl.lit(row["max_points"]))
        low, high = low + item_low, high + item_high
    return _range("rd_management", low, high)


def growth_columns(params: ParameterSet) -> list[pl.Expr]:
    """Net-asset and sales growth (≤ 10 each), with ``rate`` and a ``review`` flag (needs
    ``growth_band_columns``)."""
    return [column for item in GROWTH_ITEMS for column in _growth(params, item)]


def total_columns() -> list[pl.Expr]:
    """The totals ``score_min``/``score_max`` (after ``ip_total_columns``)."""
    items = ("ip", "transformation", "rd_management", "net_asset_growth", "sales_growth")

    def total(end: str) -> pl.Expr:  # additions: no fixed cost of sum_horizontal (items are never null)
        first, *rest = (pl.col(f"score_{item}_{end}") for item in items)
        return sum(rest, first).alias(f"score_{end}")

    return [total("min"), total("max")]


def growth_total_columns() -> list[pl.Expr]:
    """``score_growth_min``/``_max``, the two growth items together (after ``growth_columns``)."""
    low = pl.col("score_net_asset_growth_min") + pl.col("score_sales_growth_min")
    high = pl.col("score_net_asset_growth_max") + pl.col("score_sales_growth_max")
    return _range("growth", low, high)


def growth_prepare_columns(params: ParameterSet, window: Window) -> list[pl.Expr]:
    """Helper columns (``_<item>_num``/``_den``/``_review``) computed once before the bands (after
    the window's ``_req_y<k>``): the rate is ``num / den − 1`` over the operating years."""
    return [column for item, source in GROWTH_ITEMS.items() for column in _growth_parts(window, item, source)]


def _growth_parts(window: Window, item: str, source: str) -> list[pl.Expr]:
    v1, v2, v3 = (window.col(source, slot) for slot in (1, 2, 3))
    # three operating years when the first window year is one; one at most when the second is not
    three, at_most_one = window.required(1), ~window.required(2)
    # the base value(s) that divide: years 1 and 2 over three years, year 2 over two
    bad_base = (
        pl.when(three)
        .then(v1.is_null() | v2.is_null() | (v1 < 0) | (v2 < 0))
        .otherwise(v2.is_null() | (v2 < 0))
    )
    pair = ~three | (v1 == 0)
    num = pl.when(pair).then(wide(v3)).otherwise(wide(v2) * wide(v2) + wide(v1) * wide(v3))
    den = pl.when(pair).then(wide(v2)).otherwise(2 * wide(v1) * wide(v2))
    return [
        num.alias(f"_{item}_num"),
        den.alias(f"_{item}_den"),
        (at_most_one | bad_base).alias(f"_{item}_review"),
    ]


def growth_zero_columns(params: ParameterSet, window: Window) -> list[pl.Expr]:
    """``_<item>_zero``: the item scores 0 (after ``growth_prepare_columns``): a review case, a zero
    base, or, unless the rule then uses the later years, a zero first year over three years."""
    later_pair = params["hnte_score.growth_first_year_zero_uses_later_years"]
    columns = []
    for item, source in GROWTH_ITEMS.items():
        v1, v2 = window.col(source, 1), window.col(source, 2)
        zero = pl.col(f"_{item}_review") | (v2 == 0)
        if not later_pair:
            zero = zero | (window.required(1) & (v1 == 0))
        columns.append(zero.alias(f"_{item}_zero"))
    return columns


def growth_band_columns(params: ParameterSet, window: Window) -> list[pl.Expr]:
    """``_<item>_band`` (the growth band index, read only where the item is scored, where the base
    ``den`` is positive), ``_<item>_unknown`` (no last value to score) and ``_<item>_scored``, after
    ``growth_zero_columns``.

    A band's test ``rate ≥ p/q`` (``>`` when not inclusive) is ``num·L ≥ den·t`` with ``L`` the
    common denominator of the bands and ``t = (p + q)·L/q`` whole; with ``key`` twice ``⌊num·L / den⌋``
    plus 1 when the division leaves a remainder, it is ``key ≥ 2t`` (``key ≥ 2t + 1`` when strict):
    the bands reached are counted by one binary search, not tested one by one."""
    bands = params["hnte_score.growth_bands"]
    rates = [fraction(row["min_rate"]) for row in bands]
    common = math.lcm(*(rate.denominator for rate in rates))
    limits = [
        2 * (rate.numerator + rate.denominator) * (common // rate.denominator) + int(not row["inclusive"])
        for rate, row in zip(rates, bands, strict=True)
    ]
    check_descending(limits, "hnte_score.growth_bands")
    columns: list[pl.Expr] = []
    for item, source in GROWTH_ITEMS.items():
        scaled, den, zero = pl.col(f"_{item}_num") * common, pl.col(f"_{item}_den"), pl.col(f"_{item}_zero")
        key = 2 * (scaled // den) + (scaled % den != 0).cast(pl.Int128)
        unknown = ~zero & window.col(source, 3).is_null()
        columns += [
            (len(bands) - limits_reached(key, limits, pl.Int128())).alias(f"_{item}_band"),
            unknown.alias(f"_{item}_unknown"),
            (~zero & ~unknown).alias(f"_{item}_scored"),
        ]
    return columns


def _growth(params: ParameterSet, item: str) -> list[pl.Expr]:
    num, den = pl.col(f"_{item}_num"), pl.col(f"_{item}_den")
    scored, unknown = pl.col(f"_{item}_scored"), pl.col(f"_{item}_unknown")
    band_low, band_high = _band_range(pl.col(f"_{item}_band"), params["hnte_score.growth_bands"])
    top = params["hnte_score.growth_max"]
    low = pl.when(scored).then(band_low).otherwise(0)
    high = pl.when(scored).then(band_high).when(unknown).then(top).otherwise(0)
    rate = pl.when(scored).then((num - den).cast(pl.Float64) / den.cast(pl.Float64))
    return [
        rate.alias(f"score_{item}_rate"),
        *_range(item, low, high),
        pl.col(f"_{item}_review").alias(f"score_{item}_review"),
    ]

"""双清零 (regional): manufacturers above a sales threshold with no R&D activity / institution.

Thresholds live in the region file (``double_zero.*``); a region without them gets nulls.
"""

from __future__ import annotations

import polars as pl

from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import Window, yuan

NAMES = ("double_zero.sections", "double_zero.activity_sales_min", "double_zero.institution_sales_min")


def double_zero_columns(params: ParameterSet, window: Window) -> list[pl.Expr]:
    """``dz_no_rd_activity`` and ``dz_no_rd_institution`` on the last fiscal year."""
    if not all(params.has(name) for name in NAMES):
        return [
            pl.lit(None, pl.Boolean).alias("dz_no_rd_activity"),
            pl.lit(None, pl.Boolean).alias("dz_no_rd_institution"),
        ]
    covered = pl.col("section").is_in(list(params["double_zero.sections"])).fill_null(False)
    sales = window.col("sales_revenue", 3)
    activity_min = yuan(params["double_zero.activity_sales_min"], "double_zero.activity_sales_min")
    institution_min = yuan(params["double_zero.institution_sales_min"], "double_zero.institution_sales_min")
    # an unknown amount is not shown to be zero or large enough (the contract's bool); ``missing``
    # names the last year's absent R&D or sales
    no_activity = ((sales >= activity_min) & (window.col("hnte_rd", 3) == 0)).fill_null(False)
    no_institution = ((sales >= institution_min) & (pl.col("rd_institution") == "none")).fill_null(False)
    return [
        pl.when(covered).then(no_activity).otherwise(False).alias("dz_no_rd_activity"),
        pl.when(covered).then(no_institution).otherwise(False).alias("dz_no_rd_institution"),
    ]

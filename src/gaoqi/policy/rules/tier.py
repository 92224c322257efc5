"""Gradient tier: none < tech_sme < hnte < little_giant < leading.

``little_giant`` and ``leading`` follow the region's ``tier.*`` tables (Keqiao ships illustrative
defaults labelled 示例口径（待区科技局确认）); without them a region never reaches those tiers.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from gaoqi.policy.exact import ratio_at_least
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import Window, hnte_valid, yuan


def tier_column(params: ParameterSet, window: Window, scale: int) -> pl.Expr:
    """The ``tier`` column (needs ``tech_sme_verdict``)."""
    valid = hnte_valid()
    sales = window.col("sales_revenue", 3)
    rd = window.col("hnte_rd", 3)
    back = (
        params["tier.tech_sme_registration_years_back"]
        if params.has("tier.tech_sme_registration_years_back")
        else 1
    )
    registered = pl.any_horizontal(
        pl.col("tech_sme_registered").list.contains(window.as_of.year - offset).fill_null(False)
        for offset in range(back + 1)
    )
    tech_sme = registered | (pl.col("tech_sme_verdict") == "pass")
    expr: Any = pl.when(False).then(pl.lit("none"))
    if params.has("tier.leading"):
        rule = params["tier.leading"][0]
        leading = (
            valid
            & (sales >= yuan(rule["sales_min"], "tier.leading"))
            & ratio_at_least(rd, sales * scale, rule["rd_ratio_min"])
            & pl.col("rd_institution").is_in(list(rule["rd_institutions"]))
        )
        expr = expr.when(leading.fill_null(False)).then(pl.lit("leading"))
    if params.has("tier.little_giant"):
        rule = params["tier.little_giant"][0]
        giant = (
            valid
            & (sales >= yuan(rule["sales_min"], "tier.little_giant"))
            & ratio_at_least(rd, sales * scale, rule["rd_ratio_min"])
            & (pl.col("ip_class1").fill_null(0) >= rule["class1_min"])
        )
        expr = expr.when(giant.fill_null(False)).then(pl.lit("little_giant"))
    return (
        expr.when(valid)
        .then(pl.lit("hnte"))
        .when(tech_sme)
        .then(pl.lit("tech_sme"))
        .otherwise(pl.lit("none"))
        .alias("tier")
    )

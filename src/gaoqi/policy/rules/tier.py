"""Gradient tier: none < tech_sme < hnte < little_giant < leading.

``little_giant`` and ``leading`` follow the region's ``tier.*`` tables (Keqiao ships illustrative
defaults labelled 示例口径（待区科技局确认）); without them a region never reaches those tiers.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from gaoqi.policy.exact import ratio_at_least
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import Window, hnte_valid, ip_counts, yuan


def prepare_columns(params: ParameterSet, window: Window, scale: int) -> list[pl.Expr]:
    """What the tier reads besides the tech-SME verdict, as helper columns computed before it (after
    ``hnte_valid_column``): ``_tier_leading`` and ``_tier_little_giant`` when the region has those
    rules, and ``_tier_registered``, a tech-SME registration in the lookback years (a shallow
    ``tier`` expression is much cheaper to plan on a few rows than one deep tree)."""
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
    columns = [registered.alias("_tier_registered")]
    if params.has("tier.leading"):
        rule = params["tier.leading"][0]
        leading = (
            valid
            & (sales >= yuan(rule["sales_min"], "tier.leading"))
            & ratio_at_least(rd, sales * scale, rule["rd_ratio_min"])
            & pl.col("rd_institution").is_in(list(rule["rd_institutions"]))
        )
        columns.append(leading.fill_null(False).alias("_tier_leading"))
    if params.has("tier.little_giant"):
        rule = params["tier.little_giant"][0]
        giant = (
            valid
            & (sales >= yuan(rule["sales_min"], "tier.little_giant"))
            & ratio_at_least(rd, sales * scale, rule["rd_ratio_min"])
            & (ip_counts()[0] >= rule["class1_min"])
        )
        columns.append(giant.fill_null(False).alias("_tier_little_giant"))
    return columns


def tier_column(params: ParameterSet) -> pl.Expr:
    """The ``tier`` column (after ``prepare_columns`` and ``tech_sme_verdict``)."""
    expr: Any = pl.when(False).then(pl.lit("none"))
    for name in ("leading", "little_giant"):
        if params.has(f"tier.{name}"):
            expr = expr.when(pl.col(f"_tier_{name}")).then(pl.lit(name))
    tech_sme = pl.col("_tier_registered") | (pl.col("tech_sme_verdict") == "pass")
    return (
        expr.when(hnte_valid())
        .then(pl.lit("hnte"))
        .when(tech_sme)
        .then(pl.lit("tech_sme"))
        .otherwise(pl.lit("none"))
        .alias("tier")
    )

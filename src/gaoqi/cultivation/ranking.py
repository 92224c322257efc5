"""Distance to HNTE certification as columns over the engine's result table (no per-row loop).

Enterprises are ranked by the number of failed conditions, then by the sum of their relative gaps,
then by the innovation score's minimum (higher first), then by USCC. A ratio condition's relative gap
is its shortfall as a share of its threshold (``1 − value / threshold``, 1 when the value is unknown);
a failed yes/no condition (registration age, core IP, technology field, no major incident) counts as a
whole gap of 1; a failed innovation score counts ``1 − score_min / threshold``. These measure distance
for ordering only: every pass or fail was decided exactly by the engine.
"""

from __future__ import annotations

import polars as pl

YES_NO_CONDITIONS = ("registered_365_days", "core_ip", "tech_field", "no_major_incident")
RATIO_CONDITIONS = ("scitech_staff_ratio", "rd_ratio", "domestic_rd_share", "hitech_revenue_share")
MONEY_GAPS = frozenset({"rd_ratio", "domestic_rd_share", "hitech_revenue_share"})
CONDITIONS = (*YES_NO_CONDITIONS[:3], *RATIO_CONDITIONS, "innovation_score", YES_NO_CONDITIONS[3])
YUAN_PER_WAN = 10_000


def _passed(name: str) -> pl.Expr:
    return pl.col(f"hnte_{name}_passed")


def _failed(name: str) -> pl.Expr:
    return _passed(name).eq_missing(False)


def _relative_gap(name: str) -> pl.Expr:
    """The condition's contribution to the relative gap (0 when it did not fail)."""
    if name in RATIO_CONDITIONS:
        value, threshold = pl.col(f"hnte_{name}_value"), pl.col(f"hnte_{name}_threshold")
        shortfall = (1 - value / threshold).clip(0, 1).fill_null(1.0)
    elif name == "innovation_score":
        threshold = pl.col("hnte_innovation_score_threshold")
        shortfall = (1 - pl.col("score_min").cast(pl.Float64) / threshold).clip(0, 1).fill_null(1.0)
    else:
        shortfall = pl.lit(1.0)
    return pl.when(_failed(name)).then(shortfall).otherwise(0.0)


def _gap_entry(name: str) -> pl.Expr:
    """A failed ratio condition as ``{condition, value, threshold, gap}`` (gap in 万元 or persons)."""
    gap = pl.col(f"hnte_{name}_gap").cast(pl.Float64)
    return pl.when(_failed(name)).then(
        pl.struct(
            pl.lit(name).alias("condition"),
            pl.col(f"hnte_{name}_value").alias("value"),
            pl.col(f"hnte_{name}_threshold").alias("threshold"),
            (gap / YUAN_PER_WAN if name in MONEY_GAPS else gap).alias("gap"),
        )
    )


def distance_columns() -> list[pl.Expr]:
    """``failed_count``, ``unknown_count``, ``gap_relative``, ``failed`` (names) and ``gaps`` (structs)."""
    return [
        pl.sum_horizontal(_failed(name).cast(pl.Int16) for name in CONDITIONS).alias("failed_count"),
        pl.sum_horizontal(_passed(name).is_null().cast(pl.Int16) for name in CONDITIONS).alias(
            "unknown_count"
        ),
        pl.sum_horizontal(_relative_gap(name) for name in CONDITIONS).alias("gap_relative"),
        pl.concat_list(pl.when(_failed(name)).then(pl.lit(name)) for name in CONDITIONS)
        .list.drop_nulls()
        .alias("failed"),
        pl.concat_list(_gap_entry(name) for name in RATIO_CONDITIONS).list.drop_nulls().alias("gaps"),
    ]


def ranked(results: pl.DataFrame) -> pl.DataFrame:
    """``results`` (the engine's result table) with the distance columns and ``rank`` (1 = closest)."""
    frame = results.with_columns(distance_columns())
    order = frame.sort(
        ["failed_count", "gap_relative", "score_min", "uscc"],
        descending=[False, False, True, False],
        nulls_last=True,
    ).select("idx", pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias("rank"))
    return frame.join(order, on="idx", how="left", maintain_order="left")

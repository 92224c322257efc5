"""HNTE: the eight conditions of 国科发火〔2016〕32号 第十一条 and the verdict.

Columns (``hnte_<condition>_<field>``): ``registered_365_days`` passed/value; ``core_ip``,
``tech_field``, ``no_major_incident`` passed; ``scitech_staff_ratio``, ``rd_ratio``,
``domestic_rd_share``, ``hitech_revenue_share`` passed/value/threshold/gap (persons or yuan);
``innovation_score`` passed/threshold; then ``hnte_verdict``.
"""

from __future__ import annotations

import polars as pl

from gaoqi.policy.exact import first_band
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import RatioCondition, Window, as_float, ratio_condition, yuan
from gaoqi.policy.rules.rd_measures import Scales
from gaoqi.policy.tables import HEADCOUNT_SCALE

CONDITIONS = (
    "registered_365_days",
    "core_ip",
    "tech_field",
    "scitech_staff_ratio",
    "rd_ratio",
    "domestic_rd_share",
    "hitech_revenue_share",
    "innovation_score",
    "no_major_incident",
)


def prepare_columns(window: Window) -> list[pl.Expr]:
    """Computed once: ``_years`` (operating years) and the window sums ``_rd_sum``,
    ``_rd_domestic_sum``, ``_sales_sum``."""
    return [
        window.operating_years().alias("_years"),
        window.window_sum("hnte_rd").alias("_rd_sum"),
        window.window_sum("hnte_rd_domestic").alias("_rd_domestic_sum"),
        window.window_sum("sales_revenue").alias("_sales_sum"),
    ]


def condition_columns(params: ParameterSet, window: Window, scale: Scales) -> list[pl.Expr]:
    """Every condition except the innovation score (needs ``prepare_columns`` and, for the score
    condition, the score columns)."""
    days = (pl.lit(window.as_of) - pl.col("registered_on")).dt.total_days()
    class1, class2 = pl.col("ip_class1"), pl.col("ip_class2")
    staff = ratio_condition(
        window.col("scitech_staff", 3),
        window.col("employees", 3),
        params["hnte.staff_ratio_min"],
        den_moves=True,
        gap_unit=HEADCOUNT_SCALE,
    )
    domestic = ratio_condition(
        pl.col("_rd_domestic_sum"),
        pl.col("_rd_sum"),
        params["hnte.domestic_rd_share_min"],
        den_moves=True,
        gap_unit=scale.hnte,
    )
    hitech = ratio_condition(
        window.col("hitech_revenue", 3),
        window.col("total_revenue", 3),
        params["hnte.hitech_revenue_share_min"],
        den_moves=True,
        gap_unit=1,
    )
    columns = [
        days.alias("hnte_registered_365_days_value"),
        (days >= params["hnte.registration_days"]).alias("hnte_registered_365_days_passed"),
        # no IP known is no IP shown (the contract's bool); ``missing`` names the absent counts
        (class1.fill_null(0) + class2.fill_null(0) >= params["hnte.core_ip_min"]).alias(
            "hnte_core_ip_passed"
        ),
        pl.col("tech_field")
        .is_in(list(params["hnte.tech_fields"]))
        .fill_null(False)
        .alias("hnte_tech_field_passed"),
        (~pl.col("major_incident_1y")).alias("hnte_no_major_incident_passed"),
        *_condition("scitech_staff_ratio", staff, params["hnte.staff_ratio_min"]),
        *_rd_ratio(params, window, scale),
        *_condition("domestic_rd_share", domestic, params["hnte.domestic_rd_share_min"]),
        *_condition("hitech_revenue_share", hitech, params["hnte.hitech_revenue_share_min"]),
    ]
    return columns


def _condition(name: str, condition: RatioCondition, threshold: object) -> list[pl.Expr]:
    prefix = f"hnte_{name}"
    return [
        condition.passed.alias(f"{prefix}_passed"),
        condition.value.alias(f"{prefix}_value"),
        pl.lit(as_float(threshold)).alias(f"{prefix}_threshold"),
        pl.when(condition.passed).then(0).otherwise(condition.gap).alias(f"{prefix}_gap"),
    ]


def _rd_ratio(params: ParameterSet, window: Window, scale: Scales) -> list[pl.Expr]:
    """R&D ÷ sales over the operating window years, bracket chosen by the last year's sales."""
    rd = pl.col("_rd_sum")
    sales = pl.col("_sales_sum") * scale.hnte
    last_sales = window.col("sales_revenue", 3)
    brackets = params["hnte.rd_ratio_brackets"]
    conditions = [
        ratio_condition(rd, sales, row["min_ratio"], den_moves=False, gap_unit=scale.hnte) for row in brackets
    ]
    tests = [
        pl.lit(True)
        if row["sales_up_to"] is None
        else last_sales <= yuan(row["sales_up_to"], "hnte.rd_ratio_brackets")
        for row in brackets
    ]

    def pick(values: list[pl.Expr]) -> pl.Expr:
        return pl.when(last_sales.is_not_null()).then(first_band(list(zip(tests, values, strict=True)), None))

    passed = pick([c.passed for c in conditions])
    return [
        passed.alias("hnte_rd_ratio_passed"),
        conditions[0].value.alias("hnte_rd_ratio_value"),
        pick([pl.lit(as_float(row["min_ratio"])) for row in brackets]).alias("hnte_rd_ratio_threshold"),
        pl.when(passed).then(0).otherwise(pick([c.gap for c in conditions])).alias("hnte_rd_ratio_gap"),
    ]


def score_condition(params: ParameterSet) -> list[pl.Expr]:
    """``innovation_score`` from the score range: true when min passes, false when max cannot."""
    pass_line = params["hnte.score_pass"]
    inclusive = params["hnte.score_pass_inclusive"]
    low, high = pl.col("score_min"), pl.col("score_max")
    min_passes = low >= pass_line if inclusive else low > pass_line
    max_passes = high >= pass_line if inclusive else high > pass_line
    passed = pl.when(min_passes).then(True).when(~max_passes).then(False)
    return [
        passed.alias("hnte_innovation_score_passed"),
        pl.lit(as_float(pass_line)).alias("hnte_innovation_score_threshold"),
    ]


def verdict_column() -> pl.Expr:
    """``pass`` when every condition passes, ``fail`` when any fails, else ``uncertain``."""
    passed = [pl.col(f"hnte_{name}_passed") for name in CONDITIONS]
    any_failed = pl.any_horizontal(flag.not_() for flag in passed)
    all_passed = pl.all_horizontal(flag.fill_null(False) for flag in passed)
    return (
        pl.when(all_passed)
        .then(pl.lit("pass"))
        .when(any_failed.fill_null(False))
        .then(pl.lit("fail"))
        .otherwise(pl.lit("uncertain"))
        .alias("hnte_verdict")
    )

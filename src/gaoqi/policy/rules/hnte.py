"""HNTE: the eight conditions of 国科发火〔2016〕32号 第十一条 and the verdict.

Columns (``hnte_<condition>_<field>``): ``registered_365_days`` passed/value; ``core_ip``,
``tech_field``, ``no_major_incident`` passed; ``scitech_staff_ratio``, ``rd_ratio``,
``domestic_rd_share``, ``hitech_revenue_share`` passed/value/threshold/gap (persons or yuan);
``innovation_score`` passed/threshold; then ``hnte_verdict``.
"""

from __future__ import annotations

import polars as pl

from gaoqi.policy.exact import band_index, ceil_div, fraction, lookup
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import RatioCondition, Window, as_float, ip_counts, ratio_condition, yuan
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


def prepare_columns(params: ParameterSet, window: Window) -> list[pl.Expr]:
    """Computed once (after the window's ``_req_y<k>``): the window sums ``_rd_sum``,
    ``_rd_domestic_sum``, ``_sales_sum``, and ``_rd_bracket``, the R&D-ratio bracket of the last
    year's sales (null without them), which ``threshold_columns`` reads."""
    return [
        window.window_sum("hnte_rd").alias("_rd_sum"),
        window.window_sum("hnte_rd_domestic").alias("_rd_domestic_sum"),
        window.window_sum("sales_revenue").alias("_sales_sum"),
        _rd_bracket(params, window).alias("_rd_bracket"),
    ]


def _ratio_conditions(params: ParameterSet, window: Window, scale: Scales) -> dict[str, RatioCondition]:
    """The four ratio conditions (after ``prepare_columns``), by name."""
    rd_limit = (pl.col("_rd_p"), pl.col("_rd_q"))
    return {
        "scitech_staff_ratio": ratio_condition(
            window.col("scitech_staff", 3),
            window.col("employees", 3),
            params["hnte.staff_ratio_min"],
            den_moves=True,
            gap_unit=HEADCOUNT_SCALE,
        ),
        "rd_ratio": ratio_condition(
            pl.col("_rd_sum"),
            pl.col("_sales_sum") * scale.hnte,
            rd_limit,
            den_moves=False,
            gap_unit=scale.hnte,
        ),
        "domestic_rd_share": ratio_condition(
            pl.col("_rd_domestic_sum"),
            pl.col("_rd_sum"),
            params["hnte.domestic_rd_share_min"],
            den_moves=True,
            gap_unit=scale.hnte,
        ),
        "hitech_revenue_share": ratio_condition(
            window.col("hitech_revenue", 3),
            window.col("total_revenue", 3),
            params["hnte.hitech_revenue_share_min"],
            den_moves=True,
            gap_unit=1,
        ),
    }


THRESHOLDS = {
    "scitech_staff_ratio": "hnte.staff_ratio_min",
    "domestic_rd_share": "hnte.domestic_rd_share_min",
    "hitech_revenue_share": "hnte.hitech_revenue_share_min",
}


def condition_columns(params: ParameterSet, window: Window, scale: Scales) -> list[pl.Expr]:
    """Every condition except the innovation score and the ratio gaps (needs ``prepare_columns``)."""
    days = (pl.lit(window.as_of) - pl.col("registered_on")).dt.total_days()
    class1, class2 = ip_counts()
    columns = [
        days.alias("hnte_registered_365_days_value"),
        (days >= params["hnte.registration_days"]).alias("hnte_registered_365_days_passed"),
        # no IP known is no IP shown (the contract's bool); ``missing`` names the absent counts
        (class1 + class2 >= params["hnte.core_ip_min"]).alias("hnte_core_ip_passed"),
        pl.col("tech_field")
        .is_in(list(params["hnte.tech_fields"]))
        .fill_null(False)
        .alias("hnte_tech_field_passed"),
        (~pl.col("major_incident_1y")).alias("hnte_no_major_incident_passed"),
    ]
    for name, condition in _ratio_conditions(params, window, scale).items():
        passed = condition.passed
        if name == "rd_ratio":  # unknown without a bracket (no last-year sales)
            passed = pl.when(pl.col("_rd_q").is_not_null()).then(passed)
        columns += [
            passed.alias(f"hnte_{name}_passed"),
            condition.value.alias(f"hnte_{name}_value"),
            # the gap before rounding, a helper column: one deep arithmetic tree is dearer to plan
            # than two shallow ones
            condition.units.alias(f"_{name}_gap_units"),
        ]
        if name in THRESHOLDS:
            columns.append(pl.lit(as_float(params[THRESHOLDS[name]])).alias(f"hnte_{name}_threshold"))
    return columns


def gap_columns(params: ParameterSet, window: Window, scale: Scales) -> list[pl.Expr]:
    """``hnte_<ratio condition>_gap`` (after ``condition_columns``): 0 when passed, else the gap."""
    columns = []
    for name, condition in _ratio_conditions(params, window, scale).items():
        gap = ceil_div(pl.col(f"_{name}_gap_units"), condition.gap_unit)
        if name == "rd_ratio":
            gap = pl.when(pl.col("_rd_q").is_not_null()).then(gap)
        columns.append(
            pl.when(pl.col(f"hnte_{name}_passed")).then(0).otherwise(gap).alias(f"hnte_{name}_gap")
        )
    return columns


def _rd_bracket(params: ParameterSet, window: Window) -> pl.Expr:
    """The position of the R&D-ratio bracket of the last year's sales (null without them)."""
    last_sales = window.col("sales_revenue", 3)
    tests = [
        pl.lit(True)
        if row["sales_up_to"] is None
        else last_sales <= yuan(row["sales_up_to"], "hnte.rd_ratio_brackets")
        for row in params["hnte.rd_ratio_brackets"]
    ]
    return pl.when(last_sales.is_not_null()).then(band_index(tests))


def threshold_columns(params: ParameterSet) -> list[pl.Expr]:
    """The R&D-ratio threshold of the bracket (after ``prepare_columns``): ``_rd_p / _rd_q`` and
    ``hnte_rd_ratio_threshold`` (null without a bracket, or past the last one)."""
    brackets = params["hnte.rd_ratio_brackets"]
    limits = [fraction(row["min_ratio"]) for row in brackets]
    bracket = pl.col("_rd_bracket")
    return [
        lookup([*(limit.numerator for limit in limits), None], bracket, pl.Int64).alias("_rd_p"),
        lookup([*(limit.denominator for limit in limits), None], bracket, pl.Int64).alias("_rd_q"),
        lookup([*(as_float(row["min_ratio"]) for row in brackets), None], bracket, pl.Float64).alias(
            "hnte_rd_ratio_threshold"
        ),
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
    """``pass`` when every condition passes, ``fail`` when any fails, else ``uncertain`` (the
    conditions' conjunction in three-valued logic: true, false, or null when unknown)."""
    passed = pl.all_horizontal(pl.col(f"hnte_{name}_passed") for name in CONDITIONS)
    # false and true pick "fail" and "pass"; unknown picks nothing
    verdict = pl.lit(pl.Series(["fail", "pass"])).gather(passed.cast(pl.UInt8))
    return verdict.fill_null(pl.lit("uncertain")).alias("hnte_verdict")

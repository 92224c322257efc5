"""Tech-based SME (国科发政〔2017〕115号): size, score tables, direct qualification, verdict.

Assessed on the last fiscal year. The R&D input takes the better of R&D ÷ sales and R&D ÷ total
cost; the R&D amount is that year's super-deduction base (``tsme_rd``, exact in ``1/scale`` yuan).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from gaoqi.policy.exact import check_descending, count_band_index, fraction, limits_reached, lookup, wide
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import Window, headcount, hnte_valid, ip_counts, yuan

# the three ratio items of the last fiscal year and their band tables
RATIO_BANDS = {
    "staff": "tech_sme.staff_bands",
    "rd_sales": "tech_sme.rd_sales_bands",
    "rd_cost": "tech_sme.rd_cost_bands",
}


def _over_common(bands: Sequence[Mapping[str, Any]]) -> tuple[int, list[int]]:
    """A common denominator ``L`` of the bands' ratios ``p/q`` and each ratio over it (``p·L/q``):
    ``num / den ≥ p/q`` is ``num·L ≥ den·(p·L/q)``, one product per band instead of two."""
    ratios = [fraction(row["min_ratio"]) for row in bands]
    common = math.lcm(*(ratio.denominator for ratio in ratios))
    return common, [ratio.numerator * (common // ratio.denominator) for ratio in ratios]


def prepare_columns(params: ParameterSet, window: Window, scale: int) -> list[pl.Expr]:
    """For each ratio item, its numerator times the common denominator of its bands
    (``_tsme_<item>_num``) and its whole (``_tsme_<item>_den``), as ``Int128`` (R&D, sales and cost
    in ``1/scale`` yuan), computed once for every band test."""
    rd = wide(window.col("tsme_rd", 3))
    parts = {
        "staff": (wide(window.col("scitech_staff", 3)), wide(window.col("employees", 3))),
        "rd_sales": (rd, wide(window.col("sales_revenue", 3) * scale)),
        "rd_cost": (rd, wide(window.col("cost_total", 3) * scale)),
    }
    columns = []
    for item, (num, den) in parts.items():
        common, _ = _over_common(params[RATIO_BANDS[item]])
        columns += [(num * common).alias(f"_tsme_{item}_num"), den.alias(f"_tsme_{item}_den")]
    return columns


def _ratio_points(params: ParameterSet, item: str) -> pl.Expr:
    """The points of the first band of ``item`` with ``num / den ≥ min_ratio``, 0 when none holds or
    the whole is not positive (after ``prepare_columns``). With ``num·L ≥ den·l`` as the test of a
    band (``l`` a whole number, see ``_over_common``), a positive whole reaches exactly the bands
    with ``l ≤ ⌊num·L / den⌋``: one division and a binary search instead of a test per band; the
    bands run from the highest ratio down, so the count of bands reached picks the points."""
    name = RATIO_BANDS[item]
    bands = params[name]
    check_descending([row["min_ratio"] for row in bands], name)
    num, den = pl.col(f"_tsme_{item}_num"), pl.col(f"_tsme_{item}_den")
    _, limits = _over_common(bands)
    reached = limits_reached(num // den, limits, pl.Int128())
    points = lookup([0, *(row["points"] for row in reversed(bands))], reached)
    return pl.when(den > 0).then(points).otherwise(0)


def tech_sme_columns(params: ParameterSet, window: Window) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Two stages (after ``prepare_columns`` and the enterprise attribute ``_negative``, on the
    super-deduction negative list): ``tech_sme_staff``, ``_rd``, ``_ip``, ``_eligible``,
    ``_direct``; then ``tech_sme_score`` and ``tech_sme_verdict`` from those columns (each item
    computed once)."""
    employees = window.col("employees", 3)
    sales, assets = window.col("sales_revenue", 3), window.col("total_assets", 3)
    staff_points = _ratio_points(params, "staff")
    rd_points = pl.max_horizontal(_ratio_points(params, "rd_sales"), _ratio_points(params, "rd_cost"))
    class1, class2 = ip_counts()
    ip_bands = params["tech_sme.ip_bands"]
    ip_band = count_band_index(class1, class2, [(row["class1_min"], row["class2_min"]) for row in ip_bands])
    ip_points = lookup([*(row["points"] for row in ip_bands), 0], ip_band)
    size_ok = (
        (employees <= headcount(params["tech_sme.employees_max"], "tech_sme.employees_max"))
        & (sales <= yuan(params["tech_sme.sales_max"], "tech_sme.sales_max"))
        & (assets <= yuan(params["tech_sme.total_assets_max"], "tech_sme.total_assets_max"))
    ).fill_null(False)
    eligible = size_ok & ~pl.col("major_incident_1y").fill_null(True) & ~pl.col("_negative")
    items = [
        staff_points.cast(pl.Int32).alias("tech_sme_staff"),
        rd_points.cast(pl.Int32).alias("tech_sme_rd"),
        ip_points.cast(pl.Int32).alias("tech_sme_ip"),
        eligible.alias("tech_sme_eligible"),
        _direct(params).alias("tech_sme_direct"),
    ]
    score = pl.col("tech_sme_staff") + pl.col("tech_sme_rd") + pl.col("tech_sme_ip")
    scored = (score >= params["tech_sme.pass_score"]) & (pl.col("tech_sme_staff") > 0)
    passed = pl.col("tech_sme_eligible") & (scored | pl.col("tech_sme_direct"))
    return items, [
        score.alias("tech_sme_score"),
        lookup(["fail", "pass"], passed.cast(pl.UInt8)).alias("tech_sme_verdict"),  # never unknown
    ]


def _direct(params: ParameterSet) -> pl.Expr:
    """Any of the four direct qualifications of 第八条."""
    institutions = list(params["tech_sme.direct_rd_institutions"])
    return pl.any_horizontal(
        hnte_valid(),
        pl.col("national_award_top3_5y").fill_null(False),
        pl.col("rd_institution").is_in(institutions).fill_null(False),
        pl.col("led_standard_5y").fill_null(False),
    )

"""The two R&D measures of a fiscal year, exact, on the ``years`` table.

HNTE measure (工作指引 三（六）): entrusted R&D counts at 80 %, "other" up to ¼ of the rest.
Super-deduction base (财税〔2015〕119号, 2021年第28号, 财税〔2018〕64号): five + min(other, five × 10/90)
+ 80 % × entrusted domestic + min(80 % × entrusted overseas, ⅔ × the domestic part).
Both are integers in a unit of ``1 / scale`` yuan, the scale chosen from the parameters' fractions
so that nothing is ever rounded before the output.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import polars as pl

from gaoqi.policy.exact import fraction
from gaoqi.policy.params import ParameterSet

INTERNAL = ("rd_personnel", "rd_direct", "rd_depreciation", "rd_amortization", "rd_design", "rd_trials")
CATEGORIES = (*INTERNAL, "rd_entrusted_domestic", "rd_entrusted_overseas", "rd_other")


@dataclass(frozen=True)
class Scales:
    """Units of the exact R&D columns: ``hnte`` for ``hnte_rd``/``hnte_rd_domestic``, ``deduction``
    for ``ded_base``; ``common`` divides by both (for ``tsme_rd``)."""

    hnte: int
    deduction: int

    @property
    def common(self) -> int:
        return math.lcm(self.hnte, self.deduction)


def scales(params: ParameterSet) -> Scales:
    """The exact units implied by the entrusted shares and the caps in force."""
    hnte_share, hnte_cap = _hnte_fractions(params)
    ded_share, ded_cap, overseas = _deduction_fractions(params)
    return Scales(
        hnte=hnte_share.denominator * hnte_cap.denominator,
        deduction=math.lcm(ded_share.denominator, ded_cap.denominator) * overseas.denominator,
    )


def year_measures(params: ParameterSet, scale: Scales) -> list[list[pl.Expr]]:
    """Two stages of columns: ``hnte_rd``, ``hnte_rd_domestic``, ``ded_base``, ``ded_estimated``;
    then ``tsme_rd`` (the tech-SME R&D amount, in ``1/scale.common`` yuan)."""
    ded_given = pl.col("ded_five").is_not_null()
    hnte_total, hnte_domestic = _hnte(params, scale.hnte)
    base = _deduction_base(params, scale.deduction)
    tsme = (
        pl.when(ded_given)
        .then(pl.col("ded_base") * (scale.common // scale.deduction))
        .otherwise(pl.col("hnte_rd") * (scale.common // scale.hnte))
    )
    return [
        [
            hnte_total.alias("hnte_rd"),
            hnte_domestic.alias("hnte_rd_domestic"),
            base.alias("ded_base"),
            (~ded_given).alias("ded_estimated"),
        ],
        [tsme.alias("tsme_rd")],
    ]


def _hnte_fractions(params: ParameterSet) -> tuple[Fraction, Fraction]:
    share = fraction(params["hnte.entrusted_share"])
    other = fraction(params["hnte.other_share_max"])
    return share, other / (1 - other)


def _deduction_fractions(params: ParameterSet) -> tuple[Fraction, Fraction, Fraction]:
    share = fraction(params["deduction.entrusted_share"])
    other = fraction(params["deduction.other_cap_share"])
    return share, other / (1 - other), fraction(params["deduction.overseas_cap_share"])


def _categories_given() -> pl.Expr:
    return pl.any_horizontal(pl.col(name).is_not_null() for name in CATEGORIES)


def _cat(name: str) -> pl.Expr:
    return pl.col(name).fill_null(0)


def _hnte(params: ParameterSet, scale: int) -> tuple[pl.Expr, pl.Expr]:
    share, cap = _hnte_fractions(params)
    internal = sum((_cat(name) for name in INTERNAL), pl.lit(0, pl.Int64)) * scale
    per_entrusted = share.numerator * (scale // share.denominator)
    entrusted_domestic = _cat("rd_entrusted_domestic") * per_entrusted
    rest = internal + entrusted_domestic + _cat("rd_entrusted_overseas") * per_entrusted
    other = pl.min_horizontal(_cat("rd_other") * scale, rest // cap.denominator * cap.numerator)
    given_total = pl.col("rd_total").is_not_null()
    total = pl.when(given_total).then(pl.col("rd_total") * scale).when(_categories_given()).then(rest + other)
    domestic = (
        pl.when(given_total)
        .then(pl.col("rd_domestic") * scale)
        .when(_categories_given())
        .then(internal + entrusted_domestic + other)
    )
    return total, domestic


def _deduction_base(params: ParameterSet, scale: int) -> pl.Expr:
    share, cap, overseas_cap = _deduction_fractions(params)
    given = pl.col("ded_five").is_not_null()
    only_totals = pl.col("rd_total").is_not_null()
    five = (
        pl.when(given)
        .then(pl.col("ded_five"))
        .when(only_totals)
        .then(pl.col("rd_total"))
        .when(_categories_given())
        .then(sum((_cat(name) for name in INTERNAL), pl.lit(0, pl.Int64)))
    )

    def part(deduction: str, hnte: str) -> pl.Expr:
        return (
            pl.when(given)
            .then(pl.col(deduction).fill_null(0))
            .when(only_totals)
            .then(0)
            .otherwise(_cat(hnte))
        )

    five_s = five * scale
    other = pl.min_horizontal(
        part("ded_other", "rd_other") * scale, five_s // cap.denominator * cap.numerator
    )
    per_entrusted = share.numerator * (scale // share.denominator)
    domestic = five_s + other + part("ded_entrusted_domestic", "rd_entrusted_domestic") * per_entrusted
    overseas = part("ded_entrusted_overseas", "rd_entrusted_overseas") * per_entrusted
    overseas_limit = domestic // overseas_cap.denominator * overseas_cap.numerator
    return domestic + pl.min_horizontal(overseas, overseas_limit)

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
    """Stages of columns, each shared part computed once: ``hnte_rd``, ``hnte_rd_domestic`` (in
    ``1/scale.hnte`` yuan) and ``ded_base`` (in ``1/scale.deduction`` yuan) in the last stage."""
    return [
        [_categories_given().alias("_categories"), _sum(INTERNAL).alias("_internal")],
        [*_hnte_parts(params, scale.hnte), _five().alias("_five")],
        [*_hnte_measures(params, scale.hnte), _deduction_domestic(params, scale.deduction)],
        [_deduction_base(params, scale.deduction)],
    ]


def tsme_rd(scale: Scales) -> pl.Expr:
    """The tech-SME R&D amount of a year, in ``1/scale.common`` yuan (after ``year_measures``): the
    super-deduction base where the measure is given, else the HNTE measure."""
    return (
        pl.when(pl.col("ded_five").is_not_null())
        .then(pl.col("ded_base") * (scale.common // scale.deduction))
        .otherwise(pl.col("hnte_rd") * (scale.common // scale.hnte))
        .alias("tsme_rd")
    )


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


def _sum(names: tuple[str, ...]) -> pl.Expr:
    """The sum of categories, a missing one counting 0 (additions: as fast as ``sum_horizontal`` on
    many rows, without its fixed cost of about 90 us a query)."""
    first, *rest = (_cat(name) for name in names)
    return sum(rest, first)


def _hnte_parts(params: ParameterSet, scale: int) -> list[pl.Expr]:
    """``_hnte_inner`` (internal R&D plus 80 % of the domestic entrusted part) and ``_hnte_rest`` (the
    R&D other than "other" that bounds it), after ``_internal``."""
    share, _ = _hnte_fractions(params)
    per_entrusted = share.numerator * (scale // share.denominator)
    inner = pl.col("_internal") * scale + _cat("rd_entrusted_domestic") * per_entrusted
    return [
        inner.alias("_hnte_inner"),
        (inner + _cat("rd_entrusted_overseas") * per_entrusted).alias("_hnte_rest"),
    ]


def _hnte_measures(params: ParameterSet, scale: int) -> list[pl.Expr]:
    """``hnte_rd`` and ``hnte_rd_domestic``: given totals, or the categories with "other" capped."""
    _, cap = _hnte_fractions(params)
    rest = pl.col("_hnte_rest")
    other = pl.min_horizontal(_cat("rd_other") * scale, rest // cap.denominator * cap.numerator)
    given_total = pl.col("rd_total").is_not_null()
    categories = pl.col("_categories")
    total = pl.when(given_total).then(pl.col("rd_total") * scale).when(categories).then(rest + other)
    domestic = (
        pl.when(given_total)
        .then(pl.col("rd_domestic") * scale)
        .when(categories)
        .then(pl.col("_hnte_inner") + other)
    )
    return [total.alias("hnte_rd"), domestic.alias("hnte_rd_domestic")]


def _five() -> pl.Expr:
    """The super-deduction's five categories: given, or the total, or the internal categories."""
    return (
        pl.when(pl.col("ded_five").is_not_null())
        .then(pl.col("ded_five"))
        .when(pl.col("rd_total").is_not_null())
        .then(pl.col("rd_total"))
        .when(pl.col("_categories"))
        .then(pl.col("_internal"))
    )


def _part(deduction: str, hnte: str) -> pl.Expr:
    """A deduction item: given with the measure, 0 when only totals are given, else the category."""
    return (
        pl.when(pl.col("ded_five").is_not_null())
        .then(pl.col(deduction).fill_null(0))
        .when(pl.col("rd_total").is_not_null())
        .then(0)
        .otherwise(_cat(hnte))
    )


def _deduction_domestic(params: ParameterSet, scale: int) -> pl.Expr:
    """``_ded_domestic``: five + min(other, five × 10/90) + 80 % × entrusted domestic (after ``_five``)."""
    share, cap, _ = _deduction_fractions(params)
    five = pl.col("_five") * scale
    other = pl.min_horizontal(_part("ded_other", "rd_other") * scale, five // cap.denominator * cap.numerator)
    per_entrusted = share.numerator * (scale // share.denominator)
    entrusted = _part("ded_entrusted_domestic", "rd_entrusted_domestic") * per_entrusted
    return (five + other + entrusted).alias("_ded_domestic")


def _deduction_base(params: ParameterSet, scale: int) -> pl.Expr:
    """``ded_base``: the domestic part plus min(80 % × entrusted overseas, ⅔ × the domestic part)."""
    share, _, overseas_cap = _deduction_fractions(params)
    per_entrusted = share.numerator * (scale // share.denominator)
    domestic = pl.col("_ded_domestic")
    overseas = _part("ded_entrusted_overseas", "rd_entrusted_overseas") * per_entrusted
    overseas_limit = domestic // overseas_cap.denominator * overseas_cap.numerator
    return (domestic + pl.min_horizontal(overseas, overseas_limit)).alias("ded_base")

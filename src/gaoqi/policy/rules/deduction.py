"""R&D super deduction per fiscal year: rate, base, extra deduction and tax saved.

The rate of a year is the best of the rates the enterprise is entitled to (general; tech SME in a
year it held a registration; manufacturing, section C; IC or industrial mother machine), each the
month-weighted average of the dated values over that year; 0 on the negative list. Amounts are
exact until the output rounds them half-up to the yuan.
"""

from __future__ import annotations

import math
from fractions import Fraction

import polars as pl

from gaoqi.policy.exact import first_band, fraction, lookup, round_half_up_div, wide
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.rules.common import on_negative_list

RATES = {
    "general": "deduction.rate_general",
    "tech_sme": "deduction.rate_tech_sme",
    "manufacturing": "deduction.rate_manufacturing",
    "ic": "deduction.rate_ic_mother_machine",
}


def yearly_rates(params: ParameterSet, years: list[int]) -> tuple[dict[str, dict[int, int | None]], int]:
    """Numerators of each rate per year over one common denominator (returned second)."""
    averages = {
        key: {year: params.yearly_average(name, year) for year in years} for key, name in RATES.items()
    }
    denominators = [
        fraction(v).denominator for table in averages.values() for v in table.values() if v is not None
    ]
    common = math.lcm(*denominators) if denominators else 1
    numerators = {
        key: {year: None if v is None else int(fraction(v) * common) for year, v in table.items()}
        for key, table in averages.items()
    }
    return numerators, common


def enterprise_attributes(params: ParameterSet, years: list[int]) -> list[pl.Expr]:
    """What the rate and the tax rate need from the enterprise, computed once per enterprise:
    ``_tech_sme_<year>`` tells whether it held a tech-SME registration in each year of ``years``
    (cheaper to carry to the fiscal-year rows than the list itself)."""
    registered = pl.col("tech_sme_registered")
    return [
        on_negative_list(params).alias("_negative"),
        (pl.col("section") == "C").fill_null(False).alias("_manufacturing"),
        pl.col("ic_or_mother_machine").fill_null(False).alias("_ic"),
        pl.col("hnte_issued_on").dt.year().alias("_issued_year"),
        *(registered.list.contains(year).fill_null(False).alias(f"_tech_sme_{year}") for year in years),
    ]


def rate_columns(params: ParameterSet, years: list[int]) -> list[pl.Expr]:
    """``_rate_num`` and ``_tax_num``, the year's deduction and income-tax rate numerators (over the
    denominators of ``yearly_rates`` and ``_tax_rate``), for years joined with
    ``enterprise_attributes``; ``years`` are the distinct years of the table."""
    numerators, _ = yearly_rates(params, years)
    year = pl.col("year")
    # a rate by year is a literal table indexed by year (one node, not a chain of year tests)
    position = year - years[0] if years else year

    def rate(key: str) -> pl.Expr:
        by_year = [numerators[key].get(y) for y in range(years[0], years[-1] + 1)] if years else []
        return pl.lit(pl.Series(by_year, dtype=pl.Int64)).gather(position)

    in_year = first_band([(year == y, pl.col(f"_tech_sme_{y}")) for y in years], False)
    best = pl.max_horizontal(  # in pairs: of two terms it is direct, of more a fold with a fixed cost
        pl.max_horizontal(rate("general"), pl.when(in_year).then(rate("tech_sme"))),
        pl.max_horizontal(
            pl.when(pl.col("_manufacturing")).then(rate("manufacturing")),
            pl.when(pl.col("_ic")).then(rate("ic")),
        ),
    )
    rate_num = pl.when(pl.col("_negative")).then(pl.lit(0, pl.Int64)).otherwise(best)
    tax_num, _ = _tax_rate(params)
    return [rate_num.alias("_rate_num"), tax_num.alias("_tax_num")]


def deduction_entry(params: ParameterSet, scale: int, years: list[int]) -> pl.Expr:
    """One fiscal year's entry of the ``deduction`` list (a struct): ``year``, ``rate`` (float),
    ``base``, ``extra``, ``tax_saved`` (yuan, half-up) and ``estimated``, after ``rate_columns`` and
    ``ded_base`` (in ``1/scale`` yuan)."""
    numerators, rate_den = yearly_rates(params, years)
    _, tax_den = _tax_rate(params)
    base, rate_col, tax_col = wide(pl.col("ded_base")), pl.col("_rate_num"), pl.col("_tax_num")
    return pl.struct(
        pl.col("year"),
        lookup(_display(numerators, rate_den), rate_col, pl.Float64).alias("rate"),
        round_half_up_div(base, scale).cast(pl.Int64).alias("base"),
        round_half_up_div(base * rate_col, scale * rate_den).cast(pl.Int64).alias("extra"),
        round_half_up_div(base * rate_col * tax_col, scale * rate_den * tax_den)
        .cast(pl.Int64)
        .alias("tax_saved"),
        pl.col("ded_five").is_null().alias("estimated"),
    ).alias("deduction")


def _display(numerators: dict[str, dict[int, int | None]], denominator: int) -> list[float | None]:
    """A table from each possible rate numerator to the float nearest to the exact rate
    (independent of the batch's common denominator; a float division could be rewritten as a
    product and miss it), read by position: one literal gather (a value map costs ten times more)."""
    values = {0} | {n for table in numerators.values() for n in table.values() if n is not None}
    return [float(Fraction(n, denominator)) if n in values else None for n in range(max(values) + 1)]


def _tax_rate(params: ParameterSet) -> tuple[pl.Expr, int]:
    """Income-tax rate of the year over a common denominator: 15 % in the year an HNTE certificate
    was issued and the years after it within its validity, else 25 %."""
    standard = fraction(params["deduction.tax_rate_standard"])
    reduced = fraction(params["deduction.tax_rate_hnte"])
    common = math.lcm(standard.denominator, reduced.denominator)
    issued = pl.col("_issued_year")
    validity = params["hnte.validity_years"]
    hnte_year = ((pl.col("year") >= issued) & (pl.col("year") < issued + validity)).fill_null(False)
    return pl.when(hnte_year).then(_over(reduced, common)).otherwise(_over(standard, common)), common


def _over(value: Fraction, common: int) -> int:
    return int(value * common)

"""Fiscal-year figures: correlated, plausible amounts in 万元, and exact pins at threshold boundaries.

``build_years`` draws five years from a ``Shape`` (size, growth, R&D intensity, staff and high-tech
shares); the ``pin_*`` functions then move one indicator exactly onto, just below or just above a
threshold so that the engine's boundary behaviour shows in the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from gaoqi.policy.inputs.fields import RD_CATEGORY_FIELDS

CENT = Decimal("0.01")
FINEST = Decimal("0.0001")
"""The finest unit of the file: one yuan in 万元, and a ten-thousandth of a person."""
ZERO = Decimal(0)

# The engine's order: the six columns of the own costs (前五类, personnel first), then entrusted and other.
RD_CATEGORIES = tuple(f.column for f in RD_CATEGORY_FIELDS)
_OWN_WEIGHTS = (0.52, 0.28, 0.09, 0.03, 0.05, 0.03)
"""Typical split of in-house R&D: personnel, direct inputs, depreciation, amortisation, design, trials."""


@dataclass(frozen=True)
class Shape:
    """The targets an enterprise's figures are drawn around."""

    last_sales: float
    growth: float
    rd_ratio: float
    staff_ratio: float
    hitech_share: float
    revenue_per_employee: float
    entrusted_share: float = 0.0
    overseas_share: float = 0.0
    other_share: float = 0.03
    with_deduction: bool = False
    equity: float = 0.5
    """Net assets as a share of sales; negative for an insolvent enterprise."""


def wan(value: float, signed: bool = False) -> Decimal:
    """An amount in 万元 rounded to 0.01 (100 yuan); negative values become 0 unless ``signed``."""
    return Decimal(f"{value if signed else max(value, 0.0):.2f}")


def build_years(rng: random.Random, shape: Shape, years: list[int], first_fraction: float) -> list[dict]:
    """One figures dict per year (oldest first); ``first_fraction`` scales a first, partial year."""
    sales = [shape.last_sales]
    for _ in years[1:]:
        sales.append(sales[-1] / (1 + shape.growth + rng.gauss(0, 0.07)))
    sales.reverse()
    if len(years) > 1 or first_fraction < 1:
        sales[0] *= first_fraction
    debt_ratio = rng.uniform(0.25, 0.65)
    return [
        _one_year(rng, shape, year, amount, debt_ratio) for year, amount in zip(years, sales, strict=True)
    ]


def _one_year(rng: random.Random, shape: Shape, year: int, sales: float, debt: float) -> dict:
    employees = max(3, round(sales / shape.revenue_per_employee * rng.uniform(0.85, 1.15)))
    scitech = min(employees, round(employees * shape.staff_ratio * rng.uniform(0.9, 1.1)))
    total_revenue = sales * (1 + rng.uniform(0, 0.03))
    net_assets = sales * shape.equity * rng.uniform(0.95, 1.05)
    figures: dict[str, Decimal | None] = {
        "sales_revenue": wan(sales),
        "total_revenue": wan(total_revenue),
        "hitech_revenue": wan(total_revenue * min(1.0, shape.hitech_share * rng.uniform(0.95, 1.05))),
        "net_assets": wan(net_assets, signed=True),
        "total_assets": wan(net_assets / (1 - debt) if net_assets > 0 else sales * (1 - debt)),
        "cost_total": wan(sales * rng.uniform(0.82, 0.97)),
        "employees": Decimal(employees),
        "scitech_staff": Decimal(scitech),
    }
    figures["hitech_revenue"] = min(figures["hitech_revenue"], figures["total_revenue"])
    rd_total = sales * shape.rd_ratio * rng.uniform(0.88, 1.12)
    figures.update(split_rd(rng, wan(rd_total), shape))
    if shape.with_deduction:
        figures.update(deduction_figures(rng, figures))
    return {"year": year, **figures}


def split_rd(rng: random.Random, total: Decimal, shape: Shape) -> dict[str, Decimal]:
    """Split an R&D total into the nine HNTE categories; the parts add up to ``total`` exactly."""
    outside = {
        "rd_entrusted_domestic": shape.entrusted_share,
        "rd_entrusted_overseas": shape.overseas_share,
        "rd_other": shape.other_share,
    }
    parts = {
        name: (total * Decimal(repr(share))).quantize(FINEST, ROUND_FLOOR) for name, share in outside.items()
    }
    own = total - sum(parts.values())
    weights = [w * rng.uniform(0.8, 1.2) for w in _OWN_WEIGHTS]
    scale = sum(weights)
    for name, weight in zip(RD_CATEGORIES[1:6], weights[1:], strict=True):
        parts[name] = (own * Decimal(repr(weight / scale))).quantize(FINEST, ROUND_FLOOR)
    parts["rd_personnel"] = total - sum(parts.values())
    return {name: parts[name] for name in RD_CATEGORIES}


def deduction_figures(rng: random.Random, figures: dict) -> dict[str, Decimal]:
    """The super-deduction measure: close to the HNTE categories, a little narrower."""
    five = sum(figures[name] for name in RD_CATEGORIES[:6])
    return {
        "ded_five": (five * Decimal(repr(rng.uniform(0.9, 1.0)))).quantize(CENT, ROUND_FLOOR),
        "ded_other": figures["rd_other"],
        "ded_entrusted_domestic": figures["rd_entrusted_domestic"],
        "ded_entrusted_overseas": figures["rd_entrusted_overseas"],
    }


def pin_rd_ratio(rng: random.Random, rows: list[dict], ratio: Decimal, shape: Shape) -> None:
    """Set R&D of ``rows`` so that total R&D ÷ total sales is ``ratio`` (rounded up to the yuan).

    Entrusted and overseas R&D are left out and "other" stays under its cap, so the HNTE measure
    equals the plain sum and the ratio is exact.
    """
    sales = sum(row["sales_revenue"] for row in rows)
    target = (sales * ratio).quantize(FINEST, ROUND_CEILING)
    plain = replace(shape, entrusted_share=0.0, overseas_share=0.0, other_share=0.02)
    spent = ZERO
    for index, row in enumerate(rows):
        amount = target - spent if index == len(rows) - 1 else (row["sales_revenue"] * ratio).quantize(FINEST)
        spent += amount
        row.update(split_rd(rng, amount, plain))
        if row.get("ded_five") is not None:
            row.update(deduction_figures(rng, row))


def pin_staff_ratio(row: dict, ratio: Decimal, employees: Decimal) -> None:
    """Set employees and sci-tech staff so that their ratio is ``ratio`` (rounded up to 0.0001 person)."""
    row["employees"] = employees
    row["scitech_staff"] = (employees * ratio).quantize(FINEST, ROUND_CEILING)


def pin_hitech_share(row: dict, share: Decimal) -> None:
    """Set high-tech revenue to ``share`` of total revenue, rounded up to the yuan."""
    row["hitech_revenue"] = min(
        row["total_revenue"], (row["total_revenue"] * share).quantize(FINEST, ROUND_CEILING)
    )


def clear_rd(row: dict) -> None:
    """A year without any R&D (the 双清零 case)."""
    for name in RD_CATEGORIES:
        row[name] = ZERO
    if row.get("ded_five") is not None:
        for name in ("ded_five", "ded_other", "ded_entrusted_domestic", "ded_entrusted_overseas"):
            row[name] = ZERO


def rescale_sales(rows: list[dict], last_sales: Decimal) -> None:
    """Scale the revenue figures of every year so that the last year's sales are exactly ``last_sales``."""
    factor = last_sales / rows[-1]["sales_revenue"]
    for row in rows:
        for name in ("sales_revenue", "total_revenue", "hitech_revenue", "cost_total"):
            row[name] = (row[name] * factor).quantize(CENT)
        row["hitech_revenue"] = min(row["hitech_revenue"], row["total_revenue"])
    rows[-1]["sales_revenue"] = last_sales
    rows[-1]["total_revenue"] = max(rows[-1]["total_revenue"], last_sales)

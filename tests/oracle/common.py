"""Exact helpers of the oracle: parsing contract numbers into fractions, rounding, and bands.

The oracle reads the contract (../shared/spec/engine-contract.md) row by row in ``fractions.Fraction``
and never imports the engine. Where the contract leaves a value open, the oracle says so with
``UNSPECIFIED`` and the comparison skips that field.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any


class _Unspecified:
    """Marker for an output the contract does not fix; comparisons skip it."""

    def __repr__(self) -> str:
        return "UNSPECIFIED"


UNSPECIFIED: Any = _Unspecified()
YUAN = Fraction(1, 10_000)  # 0.0001 万元

RD_CATEGORIES_INTERNAL = ("personnel", "direct", "depreciation", "amortization", "design", "trials")
NEGATIVE_LIST_PREFIXES = ("C16", "F", "H", "K", "L", "R90")


def num(value: Any) -> Fraction | None:
    """A contract number (int, float written with up to 4 decimals, Decimal or str) as a fraction."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def ceil_to(value: Fraction, unit: Fraction) -> Fraction:
    """The smallest multiple of ``unit`` that is ≥ ``value``."""
    return math.ceil(value / unit) * unit


def round_half_up_yuan(value: Fraction) -> Fraction:
    """Round a non-negative 万元 amount half-up to the yuan (0.0001 万元)."""
    return Fraction(math.floor(value / YUAN + Fraction(1, 2))) * YUAN


def band(value: Fraction, rows: tuple[tuple[Fraction, Any], ...], below: Any) -> Any:
    """The result of the first row whose inclusive lower bound ``value`` reaches, else ``below``."""
    for lower, result in rows:
        if value >= lower:
            return result
    return below


def pct(text: str) -> Fraction:
    """'5%' → 1/20, exactly."""
    return Fraction(Decimal(text.rstrip("%"))) / 100


def to_date(value: Any) -> dt.date | None:
    """A contract date (ISO string or date) or None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def hnte_valid(record: dict[str, Any], as_of: dt.date) -> bool:
    """The HNTE certificate is valid on ``as_of``: issued_on ≤ as_of < issued_on + 3 years."""
    certificate = record.get("hnte_certificate") or {}
    issued = to_date(certificate.get("issued_on"))
    return issued is not None and issued <= as_of < add_years(issued, 3)


def on_negative_list(record: dict[str, Any]) -> bool:
    """The industry is excluded from the super deduction (C16, F, H, K, L, R90)."""
    return record["industry_code"].startswith(NEGATIVE_LIST_PREFIXES)


def fiscal_year(record: dict[str, Any], year: int) -> dict[str, Any] | None:
    """The record's fiscal-year object for ``year``, if given."""
    for item in record.get("fiscal_years") or ():
        if item["year"] == year:
            return item
    return None


def hnte_rd(item: dict[str, Any] | None) -> tuple[Fraction, Fraction] | None:
    """(total, domestic) R&D of one fiscal year under the HNTE measure, or None when not given.

    Entrusted R&D counts 80 %; "other" counts up to ¼ of the rest (the rest including the 80 %).
    """
    if item is None:
        return None
    rd = item.get("rd")
    if item.get("rd_total") is not None or (rd and rd.get("rd_total") is not None):
        source = item if item.get("rd_total") is not None else rd
        return num(source["rd_total"]), num(source["rd_domestic"])
    if rd is None:
        return None
    part = {key: num(rd.get(key)) or Fraction(0) for key in (*RD_CATEGORIES_INTERNAL, "other")}
    domestic_entrusted = Fraction(4, 5) * (num(rd.get("entrusted_domestic")) or 0)
    overseas_entrusted = Fraction(4, 5) * (num(rd.get("entrusted_overseas")) or 0)
    rest = sum(part[key] for key in RD_CATEGORIES_INTERNAL) + domestic_entrusted + overseas_entrusted
    total = rest + min(part["other"], rest / 4)
    return total, total - overseas_entrusted

"""Which inputs an enterprise lacks, as a bit mask column (``missing``) decoded at the output.

A mask keeps the batch fast; ``missing_labels`` turns it into the contract-style field paths, e.g.
``fiscal_years[2024]`` (the whole year) or ``fiscal_years[2024].sales_revenue``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from gaoqi.policy.rules.common import SLOTS, Window

WINDOW_FIELDS = {"sales_revenue": "sales_revenue", "hnte_rd": "rd", "net_assets": "net_assets"}
LAST_YEAR_FIELDS = ("total_revenue", "hitech_revenue", "employees", "scitech_staff")
ENTERPRISE_FIELDS = {
    "ip_class1": "ip.class1",
    "ip_class2": "ip.class2",
    "ip_self_developed": "ip.self_developed",
    "achievements_3y": "achievements_3y",
    "standards_drafted": "standards_drafted",
    "major_incident_1y": "major_incident_1y",
    "rdm_system": "rd_management.system",
    "rdm_institution": "rd_management.institution",
    "rdm_incentives": "rd_management.incentives",
    "rdm_talent": "rd_management.talent",
}


def known_columns(window: Window) -> list[pl.Expr]:
    """``_known_y<k>``: the slot's year is an operating year and the input gives it (after the
    window's ``_req_y<k>``), computed once for the field bits."""
    return [(window.required(slot) & pl.col(f"has_y{slot}")).alias(f"_known_y{slot}") for slot in SLOTS]


def _bits() -> list[tuple[int | None, str | None, str]]:
    """(window slot or None for an enterprise field, column or None for the whole year, label with
    ``{y<k>}`` placeholders), in bit order."""
    bits: list[tuple[int | None, str | None, str]] = []
    for slot in SLOTS:
        bits.append((slot, None, f"fiscal_years[{{y{slot}}}]"))
        fields = dict(WINDOW_FIELDS)
        if slot == SLOTS[-1]:
            fields.update({name: name for name in LAST_YEAR_FIELDS})
        bits.extend((slot, column, f"fiscal_years[{{y{slot}}}].{label}") for column, label in fields.items())
    bits.extend((None, column, label) for column, label in ENTERPRISE_FIELDS.items())
    return bits


BITS = _bits()


def _test(window: Window, slot: int | None, column: str | None) -> pl.Expr:
    """Whether the input lacks a bit's value (after ``known_columns``)."""
    if slot is None:
        return pl.col(column).is_null()
    if column is None:
        return window.required(slot) & ~pl.col(f"has_y{slot}")
    return pl.col(f"_known_y{slot}") & window.col(column, slot).is_null()


def missing_column(window: Window) -> pl.Expr:
    """The ``missing`` bit mask (Int64), after ``known_columns``: a bit whose condition is false or
    unknown adds nothing."""
    bits = [
        pl.when(_test(window, slot, column)).then(pl.lit(1 << bit, pl.Int64))
        for bit, (slot, column, _) in enumerate(BITS)
    ]
    return pl.sum_horizontal(bits).alias("missing")


def missing_labels(mask: int, as_of: dt.date) -> list[str]:
    """The field paths of a ``missing`` mask for an assessment on ``as_of``."""
    window = Window(as_of)
    years = {f"y{slot}": window.year(slot) for slot in SLOTS}
    return [label.format(**years) for bit, (_, _, label) in enumerate(BITS) if mask >> bit & 1]

"""Batch evaluation: input tables → one result row per enterprise (``evaluate_tables``), and the
contract's JSON objects for records (``evaluate_records``).

The fiscal years of the window are lined up as columns (a binary-search gather per window year, no
pivot); every rule is a Polars expression over that frame. Result columns (``RESULT_COLUMNS``):
``hnte_<condition>_passed`` (Boolean, null = unknown), ``_value`` (Float64 ratio, or Int64 days),
``_threshold`` (Float64), ``_gap`` (Int64: whole persons for the staff ratio, yuan for money);
``hnte_verdict``; ``score_*_min``/``_max`` (Int32), ``score_*_growth_rate`` (Float64) and
``_review`` (Boolean); ``tech_sme_*``; ``deduction`` (list of structs ``year``, ``rate`` (Float64),
``base``/``extra``/``tax_saved`` (Int64 yuan, half-up), ``estimated``); ``dz_*``; ``tier``;
``missing`` (Int64 bit mask, decoded by ``rules.missing.missing_labels(mask, as_of)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

import polars as pl

from gaoqi.policy.params import ParameterSet, load_parameters
from gaoqi.policy.rules import double_zero, hnte, hnte_score, tech_sme, tier
from gaoqi.policy.rules.common import SLOTS, Window
from gaoqi.policy.rules.deduction import deduction_list, deduction_stages, enterprise_attributes
from gaoqi.policy.rules.missing import missing_column
from gaoqi.policy.rules.rd_measures import Scales, scales, year_measures
from gaoqi.policy.tables import InputTables

WINDOW_COLUMNS = ("sales_revenue", "hnte_rd", "hnte_rd_domestic", "net_assets")
LAST_YEAR_COLUMNS = (
    "total_revenue",
    "hitech_revenue",
    "employees",
    "scitech_staff",
    "total_assets",
    "cost_total",
    "tsme_rd",
)
# what the rules read from the years table once the R&D measures are derived
YEAR_COLUMNS = ("idx", "year", *WINDOW_COLUMNS, *LAST_YEAR_COLUMNS, "ded_base", "ded_estimated")


def _condition_columns(name: str, *fields: str) -> list[str]:
    return [f"hnte_{name}_{field}" for field in fields]


RATIO_FIELDS = ("passed", "value", "threshold", "gap")
RESULT_COLUMNS: tuple[str, ...] = (
    "idx",
    "uscc",
    *_condition_columns("registered_365_days", "passed", "value"),
    *_condition_columns("core_ip", "passed"),
    *_condition_columns("tech_field", "passed"),
    *_condition_columns("scitech_staff_ratio", *RATIO_FIELDS),
    *_condition_columns("rd_ratio", *RATIO_FIELDS),
    *_condition_columns("domestic_rd_share", *RATIO_FIELDS),
    *_condition_columns("hitech_revenue_share", *RATIO_FIELDS),
    *_condition_columns("innovation_score", "passed", "threshold"),
    *_condition_columns("no_major_incident", "passed"),
    "hnte_verdict",
    "score_min",
    "score_max",
    *(
        f"score_{item}_{end}"
        for item in ("ip", "ip_quantity", "ip_acquisition", "ip_standards")
        for end in ("min", "max")
    ),
    *(
        f"score_{item}_{end}"
        for item in ("transformation", "rd_management", "growth")
        for end in ("min", "max")
    ),
    *(
        f"score_{item}_{end}"
        for item in ("net_asset_growth", "sales_growth")
        for end in ("rate", "min", "max", "review")
    ),
    "tech_sme_verdict",
    "tech_sme_eligible",
    "tech_sme_direct",
    "tech_sme_score",
    "tech_sme_staff",
    "tech_sme_rd",
    "tech_sme_ip",
    "deduction",
    "dz_no_rd_activity",
    "dz_no_rd_institution",
    "tier",
    "missing",
)


def evaluate_tables(
    tables: InputTables, as_of: dt.date, *, params: ParameterSet | None = None
) -> pl.DataFrame:
    """One row per enterprise, in input order, with every result as columns (no explanation text)."""
    return evaluation_frame(tables, as_of, params=params).select(RESULT_COLUMNS)


def evaluation_frame(
    tables: InputTables, as_of: dt.date, *, params: ParameterSet | None = None
) -> pl.DataFrame:
    """The wide frame: enterprise inputs, window-year inputs (``_y1``..``_y3``) and all results."""
    params = params.at(as_of) if params is not None else load_parameters(as_of)
    # expressions are built once per parameter set (read on one date) and reused by later batches
    scale = params.memo("scales", lambda: scales(params))
    window = Window(as_of)
    enterprises = (
        tables.enterprises if tables.enterprises["idx"].is_sorted() else tables.enterprises.sort("idx")
    )
    years = _in_order(_year_measures(tables.years, params, scale).select(YEAR_COLUMNS))
    slots = [_aligned(_slot(years, window, slot), enterprises["idx"]) for slot in SLOTS]
    frame = pl.concat([enterprises, *slots], how="horizontal")
    for stage in params.memo("stages", lambda: _stages(params, window, scale)):
        frame = frame.with_columns(stage)
    deduction = _deduction(years, enterprises, params, scale)
    return frame.with_columns(deduction.fill_null(pl.lit([], dtype=deduction.dtype)))


def _in_order(years: pl.DataFrame) -> pl.DataFrame:
    """The years sorted by ``idx`` then ``year`` (readers usually give them so: then no copy)."""
    key = pl.col("idx").cast(pl.Int64) * 100_000 + pl.col("year")
    if years.height < 2 or years.select(key.diff().min() > 0).item():
        return years
    return years.sort("idx", "year")


def _rows(keys: pl.Series, wanted: pl.Series) -> pl.Series:
    """For each value of ``wanted``, the row of ``keys`` (ascending, unique) holding it, or null.

    >>> _rows(pl.Series([0, 2, 5]), pl.Series([5, 1, 0])).to_list()
    [2, None, 0]
    """
    if keys.is_empty():
        return pl.repeat(None, len(wanted), dtype=pl.UInt32, eager=True)
    positions = keys.search_sorted(wanted).clip(upper_bound=len(keys) - 1)
    return pl.select(pl.when(keys.gather(positions) == wanted).then(positions)).to_series()


def _aligned(frame: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """The columns of ``frame`` (sorted by a unique ``idx``) lined up with the enterprises' ``keys``;
    a gather by binary search, cheaper than a join."""
    return frame.drop("idx").select(pl.all().gather(_rows(frame["idx"], keys)))


def _stages(params: ParameterSet, window: Window, scale: Scales) -> tuple[list[pl.Expr], ...]:
    """The rule columns in dependency order: each stage reads only columns of earlier stages."""
    return (
        Window.prepare_columns(),
        hnte.prepare_columns(window),
        hnte_score.growth_prepare_columns(params, window),
        hnte.condition_columns(params, window, scale),
        [
            *hnte_score.ip_columns(params),
            *hnte_score.transformation_columns(params),
            *hnte_score.rd_management_columns(params),
            *hnte_score.growth_columns(params),
        ],
        hnte_score.total_columns(),
        hnte.score_condition(params),
        [hnte.verdict_column(), *tech_sme.tech_sme_columns(params, window, scale.common)],
        [
            tier.tier_column(params, window, scale.hnte),
            *double_zero.double_zero_columns(params, window),
            missing_column(window),
        ],
    )


def _year_measures(years: pl.DataFrame, params: ParameterSet, scale: Scales) -> pl.DataFrame:
    for stage in params.memo("year_measures", lambda: year_measures(params, scale)):
        years = years.with_columns(stage)
    return years


def _slot(years: pl.DataFrame, window: Window, slot: int) -> pl.DataFrame:
    columns = WINDOW_COLUMNS + (LAST_YEAR_COLUMNS if slot == SLOTS[-1] else ())
    return years.filter(pl.col("year") == window.year(slot)).select(
        "idx",
        *(pl.col(name).alias(f"{name}_y{slot}") for name in columns),
        pl.lit(True).alias(f"has_y{slot}"),
    )


def _deduction(
    years: pl.DataFrame, enterprises: pl.DataFrame, params: ParameterSet, scale: Scales
) -> pl.Series:
    """The ``deduction`` list of every enterprise (null without years), every fiscal year of the
    input in year order (``years`` sorted by ``idx``, ``year``)."""
    attributes = enterprises.select(params.memo("attributes", lambda: enterprise_attributes(params)))
    rows = _rows(attributes["idx"], years["idx"])
    per_year = years.with_columns(attributes.drop("idx").select(pl.all().gather(rows)))
    distinct = tuple(sorted(per_year.get_column("year").unique().to_list()))
    build = partial(deduction_stages, params, scale.deduction, list(distinct))
    for stage in params.memo(("deduction", distinct), build):
        per_year = per_year.with_columns(stage)
    listed = deduction_list(per_year)
    return _aligned(listed, enterprises["idx"]).to_series()


def evaluate_records(
    records: Iterable[Mapping[str, Any]],
    as_of: dt.date | str | None = None,
    *,
    params: ParameterSet | None = None,
    explain: bool = True,
) -> list[dict[str, Any]]:
    """Contract output objects in input order; rejected records become ``{"uscc", "error"}``.
    ``as_of`` is a date or an ISO date string (default today)."""
    from gaoqi.policy.inputs import tables_from_records  # written in parallel; imported on use
    from gaoqi.policy.output import batch_output

    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of or dt.date.today()
    batch = tables_from_records(list(records))
    return batch_output(batch, day, params=params, explain=explain)

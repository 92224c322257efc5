"""Policy impact: evaluate a population under two parameter sets and list who flips.

Two ``evaluate_tables`` calls and a join, no per-enterprise loop: an enterprise flips when its HNTE
verdict, its tech-SME verdict or its tier differs between the base and the changed parameters. The
answer counts the flips by town and by tier (under the base parameters), and lists each
outcome's transitions (from → to) with their counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

__all__ = ["simulate"]

# result column → the name of the compared outcome in the answer
OUTCOMES = {"hnte_verdict": "hnte", "tech_sme_verdict": "tech_sme", "tier": "tier"}
_IDENTITY = ("uscc", "name", "town")
_NO_TOWN = "（未填镇街）"


def simulate(
    records_or_tables: Any,
    as_of: dt.date,
    base_params: Any,
    changed_params: Any,
) -> dict[str, Any]:
    """Who flips between ``base_params`` and ``changed_params`` on ``as_of``, counted by town and tier.

    ``records_or_tables`` is a sequence of contract records, an ``InputBatch`` or ``InputTables``.
    """
    from gaoqi.policy import evaluate_tables

    tables, errors = _tables(records_or_tables)
    outcomes = list(OUTCOMES)
    base = evaluate_tables(tables, as_of, params=base_params).select("idx", *outcomes)
    changed = evaluate_tables(tables, as_of, params=changed_params).select("idx", *outcomes)
    joined = (
        tables.enterprises.select("idx", *_IDENTITY)
        .with_columns(pl.col("town").fill_null(_NO_TOWN))
        .join(base, on="idx", how="left")
        .join(changed, on="idx", how="left", suffix="_changed")
    )
    differs = pl.any_horizontal(pl.col(name).ne_missing(pl.col(f"{name}_changed")) for name in outcomes)
    flips = joined.filter(differs).sort("idx")
    return {
        "as_of": as_of.isoformat(),
        "base_version": getattr(base_params, "version", None),
        "changed_version": getattr(changed_params, "version", None),
        "changed_parameters": _changed_parameters(base_params, changed_params, as_of),
        "evaluated": joined.height,
        "rejected": [error.as_output() for error in errors],
        "flipped": flips.height,
        "flips": _flip_rows(flips),
        "by_town": _counts(flips, "town"),
        "by_tier": _counts(flips, "tier"),
        "hnte_changes": _transitions(flips, "hnte_verdict"),
        "tech_sme_changes": _transitions(flips, "tech_sme_verdict"),
        "tier_changes": _transitions(flips, "tier"),
    }


def _tables(source: Any) -> tuple[Any, list[Any]]:
    from gaoqi.policy import InputBatch, InputTables, tables_from_records

    if isinstance(source, InputTables):
        return source, []
    if isinstance(source, InputBatch):
        return source.tables, list(source.errors)
    if isinstance(source, Sequence) and not isinstance(source, str | bytes):
        batch = tables_from_records(list(source))
        return batch.tables, list(batch.errors)
    raise TypeError("simulate() 需要企业记录列表、InputBatch 或 InputTables")


def _flip_rows(flips: pl.DataFrame) -> list[dict[str, Any]]:
    moves = {
        label: pl.struct(pl.col(name).alias("from"), pl.col(f"{name}_changed").alias("to"))
        for name, label in OUTCOMES.items()
    }
    return flips.select(*_IDENTITY, **moves).to_dicts()


def _counts(flips: pl.DataFrame, key: str) -> list[dict[str, Any]]:
    """Flipped enterprises grouped by ``key`` (town, or tier under the base parameters)."""
    gained = (pl.col("hnte_verdict") != "pass") & (pl.col("hnte_verdict_changed") == "pass")
    lost = (pl.col("hnte_verdict") == "pass") & (pl.col("hnte_verdict_changed") != "pass")
    return (
        flips.group_by(key)
        .agg(
            pl.len().alias("flipped"),
            gained.sum().alias("hnte_gained"),
            lost.sum().alias("hnte_lost"),
            pl.col("tier").ne_missing(pl.col("tier_changed")).sum().alias("tier_changed"),
        )
        .sort(["flipped", key], descending=[True, False])
        .to_dicts()
    )


def _transitions(flips: pl.DataFrame, name: str) -> list[dict[str, Any]]:
    return (
        flips.filter(pl.col(name).ne_missing(pl.col(f"{name}_changed")))
        .group_by(pl.col(name).alias("from"), pl.col(f"{name}_changed").alias("to"))
        .agg(pl.len().alias("count"))
        .sort(["count", "from", "to"], descending=[True, False, False])
        .to_dicts()
    )


def _changed_parameters(base: Any, changed: Any, as_of: dt.date) -> list[dict[str, Any]]:
    """The parameters whose value in force on ``as_of`` differs, with both values as text."""
    if not (hasattr(base, "in_force") and hasattr(changed, "in_force")):
        return []
    left: Mapping[str, Any] = base.in_force(as_of)
    right: Mapping[str, Any] = changed.in_force(as_of)
    return [
        {"name": name, "base": _text(left.get(name)), "changed": _text(right.get(name))}
        for name in sorted(set(left) | set(right))
        if left.get(name) != right.get(name)
    ]


def _text(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_text(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _text(item) for key, item in value.items()}
    return value if value is None or isinstance(value, bool | int | str) else str(value)

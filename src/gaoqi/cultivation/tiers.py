"""Tiers per enterprise and year, the transitions between years, and 双倍增 progress.

A ``TierRecord`` for year Y holds the engine's tier on the screening date (or on 31 December of a past
year; raised to 小巨人 or 领军 where such a certificate is in force), whether the enterprise holds a
tech-SME registration for Y, and whether it is above scale (规上): sales revenue of fiscal year Y−1 at
least the region's ``tier.above_scale_revenue_min`` (compared in whole yuan; null when that year or the
parameter is missing).

Transitions from Y−1 to Y: 小升高 tech-SME tier → HNTE or higher; 小升规 below scale → above scale;
高壮大 HNTE tier or higher → a higher tier that is 小巨人 or 领军.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from gaoqi import policy
from gaoqi.cultivation.models import TIER_RANK, DoublingTarget, ScreeningRun, TierRecord
from gaoqi.cultivation.storage import write_frame
from gaoqi.enterprises.bridge import build_tables
from gaoqi.enterprises.models import Certificate, Enterprise

ABOVE_SCALE_PARAMETER = "tier.above_scale_revenue_min"
YUAN_PER_WAN = 10_000
TRANSITIONS = ("tech_to_hnte", "to_above_scale", "hnte_upward")


def above_scale_min_yuan(params: policy.ParameterSet) -> int | None:
    """The region's above-scale revenue threshold in whole yuan, or ``None`` if the region has none."""
    if not params.has(ABOVE_SCALE_PARAMETER):
        return None
    return int(Decimal(str(params.value(ABOVE_SCALE_PARAMETER))) * YUAN_PER_WAN)


def tier_frame(
    results: pl.DataFrame, tables: policy.InputTables, year: int, params: policy.ParameterSet
) -> pl.DataFrame:
    """``idx``, ``tier``, ``tech_sme`` and ``above_scale`` for year ``year`` from an evaluated batch."""
    threshold = above_scale_min_yuan(params)
    sales = tables.years.filter(pl.col("year") == year - 1).select("idx", "sales_revenue")
    flags = tables.enterprises.select(
        "idx", pl.col("tech_sme_registered").list.contains(year).fill_null(False).alias("tech_sme")
    )
    above = pl.col("sales_revenue") >= threshold if threshold is not None else pl.lit(None, dtype=pl.Boolean)
    return (
        results.select("idx", pl.col("tier").fill_null("none"))
        .join(flags, on="idx", how="left")
        .join(sales, on="idx", how="left")
        .with_columns(above.alias("above_scale"))
    )


CERTIFIED_TIERS = (Certificate.Kind.LITTLE_GIANT, Certificate.Kind.LEADING)
RANK_TIER = {rank: tier for tier, rank in TIER_RANK.items()}


def with_certified_tiers(
    tiers: pl.DataFrame, enterprises: QuerySet[Enterprise], as_of: dt.date
) -> pl.DataFrame:
    """``tiers`` (with ``enterprise_id`` and ``tier``) raised to a 小巨人 or 领军 certificate in force on
    ``as_of`` where the engine's tier is lower."""
    held = (
        Certificate.objects.filter(
            enterprise__in=enterprises.order_by().values("pk"), kind__in=CERTIFIED_TIERS
        )
        .filter(
            Q(issued_on__isnull=True) | Q(issued_on__lte=as_of),
            Q(expires_on__isnull=True) | Q(expires_on__gt=as_of),
        )
        .values_list("enterprise_id", "kind")
    )
    certified = pl.DataFrame(list(held), schema={"enterprise_id": pl.Int64, "kind": pl.String}, orient="row")
    ranks = certified.group_by("enterprise_id").agg(
        pl.col("kind").replace_strict(TIER_RANK, return_dtype=pl.Int8).max().alias("certified")
    )
    rank = pl.col("tier").replace_strict(TIER_RANK, default=0, return_dtype=pl.Int8)
    best = pl.max_horizontal(rank, pl.col("certified").fill_null(0))
    return (
        tiers.join(ranks, on="enterprise_id", how="left", maintain_order="left")
        .with_columns(best.replace_strict(RANK_TIER, return_dtype=pl.String).alias("tier"))
        .drop("certified")
    )


def store_year(
    frame: pl.DataFrame,
    tables: policy.InputTables,
    enterprises: QuerySet[Enterprise],
    run: ScreeningRun | None,
    params: policy.ParameterSet,
) -> int:
    """Replace the year's tier records of ``enterprises`` with those of this evaluation (``frame`` has
    ``idx``, ``tier`` and ``enterprise_id``)."""
    as_of = run.as_of if run is not None else params.as_of
    tiers = tier_frame(frame, tables, as_of.year, params).join(
        frame.select("idx", "enterprise_id"), on="idx", how="left"
    )
    tiers = with_certified_tiers(tiers, enterprises, as_of)
    stale = TierRecord.objects.filter(year=as_of.year, enterprise__in=enterprises.order_by().values("pk"))
    stale._raw_delete(stale.db)  # one DELETE: tier records have no dependants and are not audited
    rows = tiers.select(
        "enterprise_id",
        pl.lit(as_of.year, dtype=pl.Int32).alias("year"),
        pl.lit(as_of, dtype=pl.Date).alias("as_of"),
        "tier",
        "tech_sme",
        "above_scale",
        pl.lit(run.pk if run is not None else None, dtype=pl.Int64).alias("run_id"),
    )
    return write_frame(TierRecord, rows)


def record_year(enterprises: QuerySet[Enterprise], year: int) -> int:
    """Evaluate ``enterprises`` on 31 December of ``year`` (today for the current year) and store tiers."""
    as_of = min(dt.date(year, 12, 31), timezone.localdate())
    params = policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    built = build_tables(enterprises.order_by("pk"), as_of, params)
    results = policy.evaluate_tables(built.tables, as_of, params=params)
    frame = results.with_columns(pl.Series("enterprise_id", built.enterprise_ids, dtype=pl.Int64))
    return store_year(frame, built.tables, enterprises, None, params)


def history_frame(records: QuerySet[TierRecord]) -> pl.DataFrame:
    """The tier records as a frame: ``enterprise_id``, ``year``, ``rank``, ``tech_sme``, ``above_scale``."""
    rows = records.order_by().values_list("enterprise_id", "year", "tier", "tech_sme", "above_scale")
    schema = {
        "enterprise_id": pl.Int64,
        "year": pl.Int32,
        "tier": pl.String,
        "tech_sme": pl.Boolean,
        "above_scale": pl.Boolean,
    }
    frame = pl.DataFrame(list(rows), schema=schema, orient="row")
    return frame.with_columns(
        pl.col("tier").replace_strict(TIER_RANK, default=0, return_dtype=pl.Int8).alias("rank")
    )


def transition_frame(history: pl.DataFrame) -> pl.DataFrame:
    """One row per enterprise and year Y with a record for Y−1: the three transition flags."""
    before = history.select(
        "enterprise_id",
        (pl.col("year") + 1).alias("year"),
        pl.col("rank").alias("rank_before"),
        pl.col("above_scale").alias("above_before"),
    )
    joined = history.join(before, on=["enterprise_id", "year"], how="inner")
    return joined.with_columns(
        ((pl.col("rank_before") == TIER_RANK["tech_sme"]) & (pl.col("rank") >= TIER_RANK["hnte"])).alias(
            "tech_to_hnte"
        ),
        (pl.col("above_before").eq_missing(False) & pl.col("above_scale").eq_missing(True)).alias(
            "to_above_scale"
        ),
        (
            (pl.col("rank_before") >= TIER_RANK["hnte"])
            & (pl.col("rank") > pl.col("rank_before"))
            & (pl.col("rank") >= TIER_RANK["little_giant"])
        ).alias("hnte_upward"),
    )


def transition_counts(history: pl.DataFrame) -> list[dict[str, Any]]:
    """Per year (ascending): how many enterprises made each transition."""
    moves = transition_frame(history)
    if moves.is_empty():
        return []
    return moves.group_by("year").agg(pl.col(name).sum() for name in TRANSITIONS).sort("year").to_dicts()


def transitions_in(history: pl.DataFrame, year: int, kind: str) -> list[int]:
    """The enterprises that made transition ``kind`` into ``year``."""
    moves = transition_frame(history).filter((pl.col("year") == year) & pl.col(kind))
    return sorted(moves["enterprise_id"].to_list())


def counts_by_year(history: pl.DataFrame) -> dict[int, dict[str, int]]:
    """Per year: HNTE-or-higher count, tech-SME registrations, above-scale count and each tier's count."""
    if history.is_empty():
        return {}
    counted = history.group_by("year").agg(
        (pl.col("rank") >= TIER_RANK["hnte"]).sum().alias("hnte"),
        pl.col("tech_sme").sum().alias("tech_sme"),
        pl.col("above_scale").fill_null(False).sum().alias("above_scale"),
        *((pl.col("tier") == tier).sum().alias(f"tier_{tier}") for tier in TIER_RANK),
    )
    return {row.pop("year"): row for row in counted.sort("year").to_dicts()}


@dataclass(frozen=True)
class Progress:
    """Progress of one count toward its 双倍增 target and the projection at the current pace."""

    baseline: int
    target: int
    latest_year: int | None
    current: int | None
    share_done: Fraction | None  # of the way from baseline to target
    pace: Fraction | None  # per year since the baseline year
    projection: Fraction | None  # at the target year, at that pace
    needed_per_year: Fraction | None  # from now to reach the target in time

    @property
    def on_track(self) -> bool | None:
        """Whether the projection reaches the target."""
        return None if self.projection is None else self.projection >= self.target


def progress(target: DoublingTarget, counts: dict[int, dict[str, int]], key: str) -> Progress:
    """Progress of ``key`` (``hnte`` or ``tech_sme``) toward ``target`` from the yearly ``counts``.

    The pace is linear: (current − baseline) / (latest year − baseline year); the projection adds that
    pace for each year left until the target year.
    """
    baseline, goal = getattr(target, f"{key}_baseline"), getattr(target, f"{key}_target")
    years = [year for year in counts if target.baseline_year < year <= target.target_year]
    if not years:
        return Progress(baseline, goal, None, None, None, None, None, None)
    latest = max(years)
    current = counts[latest][key]
    span = goal - baseline
    pace = Fraction(current - baseline, latest - target.baseline_year)
    left = target.target_year - latest
    return Progress(
        baseline=baseline,
        target=goal,
        latest_year=latest,
        current=current,
        share_done=Fraction(current - baseline, span) if span else None,
        pace=pace,
        projection=current + pace * left,
        needed_per_year=Fraction(goal - current, left) if left else None,
    )

"""Town targets (科技进步目标责任制考核): actuals computed from the file, scores by dated rules.

- ``town_scores(year, user=None)`` → ``TownScore`` per town, ranked by total score;
- ``actuals(year)`` → ``{indicator: {town_id: Actual}}`` (value and the enterprises behind it);
- ``score(actual, target, rule)``: full marks at the target, proportional below it, up to ``cap`` ×
  the weight above it (rules: ``town_targets.indicators`` in the region's monitoring parameters, in
  force on 31 December of the year).

Actuals: new HNTEs (certificates issued in the year to enterprises without a certificate issued in
the ``hnte.validity_years`` years before: re-certifications are not new), new tech SMEs (registered
for the year, not for the year before), R&D growth (the town's R&D of the year over the year before,
enterprises reporting both years), 双清零 cleared (baseline enterprises off the lists) and pool
enterprises upgraded (``gaoqi.cultivation`` tiers: a pool entry of the year whose tier rose from the
year before, both years recorded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from gaoqi.cultivation.models import PoolEntry, TierRecord
from gaoqi.cultivation.tiers import history_frame, transition_frame
from gaoqi.enterprises.models import Certificate, Enterprise, FiscalYear
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.monitoring.double_zero import cleared_ids
from gaoqi.monitoring.figures import rd_expense, tech_sme_registrations, validity_years
from gaoqi.monitoring.models import DoubleZeroBaseline, TownTarget
from gaoqi.monitoring.params import monitoring_parameters
from gaoqi.monitoring.scopes import visible_towns
from gaoqi.reference.models import Town

__all__ = [
    "Actual",
    "Rule",
    "TownScore",
    "actual_enterprises",
    "actuals",
    "rules_for",
    "score",
    "town_scores",
]

Indicator = TownTarget.Indicator


@dataclass(frozen=True)
class Actual:
    """An indicator's actual value for one town and the enterprises behind it."""

    value: Decimal
    enterprise_ids: frozenset[int]


@dataclass(frozen=True)
class Rule:
    """How one indicator is scored: its weight (points) and the cap on the completion ratio."""

    indicator: str
    weight: Decimal
    cap: Decimal


def rules_for(year: int) -> dict[str, Rule]:
    """The scoring rules in force on 31 December of ``year`` (none before the first dated rules)."""
    day = dt.date(year, 12, 31)
    params = monitoring_parameters(day)
    if "town_targets.indicators" not in params.in_force(day):
        return {}
    return {
        row["indicator"]: Rule(row["indicator"], Decimal(row["weight"]), Decimal(row["cap"]))
        for row in params["town_targets.indicators"]
    }


def score(actual: Decimal | None, target: Decimal | None, rule: Rule) -> Decimal | None:
    """Points for ``actual`` against ``target``: ``weight × min(actual / target, cap)``, never below 0;
    a target of 0 or less earns the weight when reached; unknown actual or target scores ``None``.

    >>> score(Decimal(3), Decimal(4), Rule("x", Decimal(20), Decimal("1.2")))
    Decimal('15.00')
    """
    if actual is None or target is None:
        return None
    if target <= 0:
        return rule.weight if actual >= target else Decimal(0)
    ratio = min(max(actual / target, Decimal(0)), rule.cap)
    return rule.weight * ratio


def _count(ids_by_town: dict[int, set[int]]) -> dict[int, Actual]:
    return {town: Actual(Decimal(len(ids)), frozenset(ids)) for town, ids in ids_by_town.items()}


def _new_hnte(year: int) -> dict[int, Actual]:
    validity = validity_years(dt.date(year, 12, 31))
    hnte = Certificate.objects.filter(kind=Certificate.Kind.HNTE)
    renewed = hnte.filter(issued_on__year__gte=year - validity, issued_on__year__lt=year).values(
        "enterprise_id"
    )
    rows = hnte.filter(issued_on__year=year).exclude(enterprise_id__in=renewed)
    return _count(_by_town(rows.values_list("enterprise_id", "enterprise__town_id")))


def _new_tech_sme(year: int) -> dict[int, Actual]:
    previous = tech_sme_registrations(year - 1).values("enterprise_id")
    rows = tech_sme_registrations(year).exclude(enterprise_id__in=previous)
    return _count(_by_town(rows.values_list("enterprise_id", "enterprise__town_id")))


def _by_town(pairs: Any) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, town_id in pairs:
        result[town_id].add(enterprise_id)
    return result


def _rd_growth(year: int) -> dict[int, Actual]:
    rows = FiscalYear.objects.filter(year__in=(year - 1, year)).values(
        "enterprise_id", "enterprise__town_id", "year", "rd_total", *RD_CATEGORY_FIELDS
    )
    amounts: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        amount = rd_expense(row)
        if amount is not None:
            amounts[(row["enterprise__town_id"], row["enterprise_id"])][row["year"]] = amount
    sums: dict[int, list[Any]] = defaultdict(lambda: [Decimal(0), Decimal(0), set()])
    for (town, enterprise), by_year in amounts.items():
        if len(by_year) == 2:
            totals = sums[town]
            totals[0] += by_year[year - 1]
            totals[1] += by_year[year]
            totals[2].add(enterprise)
    return {
        town: Actual(current / before - 1, frozenset(ids))
        for town, (before, current, ids) in sums.items()
        if before > 0
    }


def _double_zero_cleared(year: int) -> dict[int, Actual]:
    result = {}
    for baseline in DoubleZeroBaseline.objects.filter(year=year).select_related("town"):
        ids = cleared_ids(year, baseline.town.code) or set()
        result[baseline.town_id] = Actual(Decimal(len(ids)), frozenset(ids))
    return result


def _pool_upgraded(year: int) -> dict[int, Actual]:
    """Pool entries of ``year`` whose tier rose from the year before (both years' ``TierRecord``s, as
    ``gaoqi.cultivation.tiers`` counts transitions)."""
    pool = PoolEntry.objects.filter(year=year).values("enterprise_id")
    records = TierRecord.objects.filter(enterprise_id__in=pool, year__in=(year - 1, year))
    moves = transition_frame(history_frame(records))
    upgraded = moves.filter((pl.col("year") == year) & (pl.col("rank") > pl.col("rank_before")))
    towns = Enterprise.objects.filter(pk__in=upgraded["enterprise_id"].to_list()).values_list("pk", "town_id")
    return _count(_by_town(towns))


ACTUALS: dict[str, Callable[[int], dict[int, Actual]]] = {
    str(Indicator.NEW_HNTE): _new_hnte,
    str(Indicator.NEW_TECH_SME): _new_tech_sme,
    str(Indicator.RD_GROWTH): _rd_growth,
    str(Indicator.DOUBLE_ZERO_CLEARED): _double_zero_cleared,
    str(Indicator.POOL_UPGRADED): _pool_upgraded,
}
# Indicators whose actual is unknown for a town without data (no baseline, no R&D), not zero.
UNKNOWN_WITHOUT_DATA = frozenset({Indicator.RD_GROWTH, Indicator.DOUBLE_ZERO_CLEARED})


def actuals(year: int) -> dict[str, dict[int, Actual]]:
    """Every indicator's actuals by town id (towns without data are left out)."""
    return {indicator: compute(year) for indicator, compute in ACTUALS.items()}


def _actual_for(indicator: str, by_town: dict[int, Actual], town_id: int) -> Actual | None:
    """The town's actual; a town without data has 0, or an unknown (``None``) R&D growth or 双清零."""
    if town_id in by_town:
        return by_town[town_id]
    return None if indicator in UNKNOWN_WITHOUT_DATA else Actual(Decimal(0), frozenset())


@dataclass
class IndicatorScore:
    """One town's figures for one indicator."""

    indicator: str
    label: str
    rule: Rule | None
    target: Decimal | None
    actual: Actual | None
    points: Decimal | None


@dataclass
class TownScore:
    """One town's indicators, total score and rank."""

    town: Town
    items: list[IndicatorScore]
    rank: int = 0

    @property
    def total(self) -> Decimal:
        """The sum of the points known."""
        return sum((item.points for item in self.items if item.points is not None), Decimal(0))


def town_scores(year: int, user: Any = None) -> list[TownScore]:
    """Every town's scores for ``year`` (a town officer's own town only), best first, with ranks
    (equal totals share a rank)."""
    rules = rules_for(year)
    computed = actuals(year)
    targets = {(row.town_id, row.indicator): row.target for row in TownTarget.objects.filter(year=year)}
    towns = Town.objects.order_by("code")
    scores = []
    for town in towns:
        items = []
        for indicator, label in Indicator.choices:
            rule = rules.get(indicator)
            actual = _actual_for(indicator, computed[indicator], town.pk)
            target = targets.get((town.pk, indicator))
            points = score(actual.value if actual else None, target, rule) if rule else None
            items.append(IndicatorScore(indicator, label, rule, target, actual, points))
        scores.append(TownScore(town, items))
    scores.sort(key=lambda entry: (-entry.total, entry.town.code))
    for position, entry in enumerate(scores):
        same = position and entry.total == scores[position - 1].total
        entry.rank = scores[position - 1].rank if same else position + 1
    visible = set(visible_towns(user).values_list("pk", flat=True))
    return [entry for entry in scores if entry.town.pk in visible]


def actual_enterprises(year: int, town: Town, indicator: str) -> frozenset[int] | None:
    """The enterprises behind one town's actual (``None`` when it cannot be computed)."""
    by_town = ACTUALS[indicator](year)
    actual = _actual_for(indicator, by_town, town.pk)
    return None if actual is None else actual.enterprise_ids

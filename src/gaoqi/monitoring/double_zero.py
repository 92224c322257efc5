"""双清零: the two lists by town, their baselines and the progress to zero.

The lists come from the engine's ``double_zero`` flags in the stored evaluations, so the thresholds
(1亿元 and 5亿元 of last year's sales, manufacturing only) stay in the engine's region parameters:

- ``double_zero_lists(as_of=None, town=None, user=None)`` → ``DoubleZeroLists`` of enterprise querysets;
- ``town_progress(year, as_of=None, user=None)`` → a ``TownProgress`` per town (baseline, now, cleared);
- ``record_baseline(year, user=None)`` stores each town's lists as the year's baseline;
- ``cleared_ids(year, town_code, which=None)``: baseline enterprises no longer on the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.monitoring.models import DoubleZeroBaseline, DoubleZeroList
from gaoqi.monitoring.scopes import visible_towns
from gaoqi.reference.models import Town

__all__ = [
    "LISTS",
    "DoubleZeroLists",
    "TownProgress",
    "cleared_ids",
    "double_zero_lists",
    "record_baseline",
    "town_progress",
]

LISTS: tuple[str, ...] = tuple(DoubleZeroList.values)


@dataclass(frozen=True)
class DoubleZeroLists:
    """The enterprises on each list (``no_rd_activity``, ``no_rd_institution``)."""

    no_rd_activity: QuerySet[Enterprise]
    no_rd_institution: QuerySet[Enterprise]

    def get(self, which: str) -> QuerySet[Enterprise]:
        """The list named ``which`` (a ``DoubleZeroList`` value)."""
        return getattr(self, which)


def _evaluations(as_of: dt.date | None) -> QuerySet[Evaluation]:
    """The latest evaluation of every enterprise, or the newest one made on or before ``as_of``."""
    if as_of is None:
        return Evaluation.objects.filter(is_latest=True)
    newest = (
        Evaluation.objects.filter(enterprise=OuterRef("enterprise"), evaluated_at__date__lte=as_of)
        .order_by("-evaluated_at", "-pk")
        .values("pk")[:1]
    )
    return Evaluation.objects.filter(pk=Subquery(newest))


def double_zero_lists(
    as_of: dt.date | None = None, town: str | None = None, user: Any = None
) -> DoubleZeroLists:
    """The two lists per the latest evaluations (made on or before ``as_of`` when given), of the town
    with code ``town`` when given, within ``user``'s scope when given."""
    evaluations = _evaluations(as_of)
    base = Enterprise.objects.for_user(user) if user is not None else Enterprise.objects.all()
    if town:
        base = base.filter(town__code=town)
    lists = {
        which: base.filter(
            pk__in=evaluations.filter(**{f"result__double_zero__{which}": True}).values("enterprise_id")
        )
        for which in LISTS
    }
    return DoubleZeroLists(**lists)


@dataclass
class TownProgress:
    """One town's 双清零 figures for a year: the baseline lists, the lists now and who was cleared."""

    town: Town
    baseline: DoubleZeroBaseline | None
    now: dict[str, set[int]] = field(default_factory=dict)

    def baseline_count(self, which: str) -> int | None:
        """How many were on list ``which`` at the baseline (``None`` without a baseline)."""
        return None if self.baseline is None else len(self.baseline.ids(which))

    def count(self, which: str) -> int:
        """How many are on list ``which`` now."""
        return len(self.now.get(which, ()))

    def cleared(self, which: str) -> set[int]:
        """Baseline enterprises no longer on list ``which``."""
        return set() if self.baseline is None else self.baseline.ids(which) - self.now.get(which, set())

    def progress(self, which: str) -> float | None:
        """The share of the baseline cleared (1.0 when the baseline was already zero)."""
        total = self.baseline_count(which)
        if total is None:
            return None
        return 1.0 if total == 0 else len(self.cleared(which)) / total

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per list for the templates."""
        return [
            {
                "list": which,
                "label": DoubleZeroList(which).label,
                "baseline": self.baseline_count(which),
                "now": self.count(which),
                "cleared": len(self.cleared(which)),
                "progress": self.progress(which),
            }
            for which in LISTS
        ]


def _members(lists: DoubleZeroLists) -> dict[str, dict[int, set[int]]]:
    """Per list, the enterprise ids on it by town id."""
    members: dict[str, dict[int, set[int]]] = {}
    for which in LISTS:
        by_town: dict[int, set[int]] = {}
        for pk, town_id in lists.get(which).values_list("pk", "town_id"):
            by_town.setdefault(town_id, set()).add(pk)
        members[which] = by_town
    return members


def town_progress(year: int, as_of: dt.date | None = None, user: Any = None) -> list[TownProgress]:
    """Every town's baseline of ``year`` and lists now (as of ``as_of``), within ``user``'s scope."""
    towns = visible_towns(user)
    members = _members(double_zero_lists(as_of, user=user))
    baselines = {row.town_id: row for row in DoubleZeroBaseline.objects.filter(year=year)}
    return [
        TownProgress(
            town=town,
            baseline=baselines.get(town.pk),
            now={which: members[which].get(town.pk, set()) for which in LISTS},
        )
        for town in towns
    ]


def record_baseline(year: int, user: Any = None, as_of: dt.date | None = None) -> int:
    """Store (or replace) every town's lists as the baseline of ``year``; return how many towns."""
    members = _members(double_zero_lists(as_of))
    towns = list(Town.objects.order_by("code"))
    with transaction.atomic():
        for town in towns:
            DoubleZeroBaseline.objects.update_or_create(
                year=year,
                town=town,
                defaults={
                    **{which: sorted(members[which].get(town.pk, set())) for which in LISTS},
                    "recorded_by": user,
                },
            )
    return len(towns)


def cleared_ids(
    year: int, town_code: str, which: str | None = None, as_of: dt.date | None = None
) -> set[int] | None:
    """Enterprises of the town's ``year`` baseline no longer on the list (both lists when ``which`` is
    ``None``); ``None`` when the town has no baseline for ``year``."""
    baseline = DoubleZeroBaseline.objects.filter(year=year, town__code=town_code).first()
    if baseline is None:
        return None
    lists = double_zero_lists(as_of, town=town_code)
    names = LISTS if which is None else (which,)
    cleared: set[int] = set()
    for name in names:
        cleared |= baseline.ids(name) - set(lists.get(name).values_list("pk", flat=True))
    return cleared

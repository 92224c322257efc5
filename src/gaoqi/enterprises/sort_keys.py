"""The list's sort keys on the enterprise row, refreshed after every write of what they copy.

``Enterprise.list_*`` hold the latest evaluation's verdict, tier and score and the last fiscal year
with its sales, so that the list sorts and filters a town by its own indexes and stops after the page.
``refresh_sort_keys`` recomputes them set-based (one ``UPDATE`` with subqueries per 500 enterprises).
Bulk writes call it themselves (evaluations, imports, the demo district, the benchmark's copies); the
signals connected here cover single saves and deletes of evaluations, fiscal years and enterprises.
Any other writer that bypasses the signals (``QuerySet.update()``, raw SQL) must call it as well.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save

from gaoqi.enterprises.models import Enterprise, Evaluation, FiscalYear

CHUNK = 500
SORT_KEY_FIELDS = ("list_verdict", "list_tier", "list_score_min", "list_score_max", "list_year", "list_sales")


def sort_key_values(evaluation: type[Model], fiscal_year: type[Model]) -> dict[str, Subquery]:
    """The ``list_*`` fields as subqueries of an enterprise (``OuterRef("pk")``); the models are
    parameters so that a migration can pass its historical ones."""
    latest = evaluation._default_manager.filter(enterprise=OuterRef("pk"), is_latest=True).order_by()
    last = fiscal_year._default_manager.filter(enterprise=OuterRef("pk")).order_by("-year")
    return {
        "list_verdict": Subquery(latest.values("hnte_verdict")[:1]),
        "list_tier": Subquery(latest.values("tier")[:1]),
        "list_score_min": Subquery(latest.values("score_min")[:1]),
        "list_score_max": Subquery(latest.values("score_max")[:1]),
        "list_year": Subquery(last.values("year")[:1]),
        "list_sales": Subquery(last.values("sales_revenue")[:1]),
    }


def refresh_sort_keys(enterprises: Collection[int] | QuerySet[Enterprise] | None = None) -> int:
    """Recompute the sort keys of ``enterprises`` (ids or a queryset; ``None``: all); return the rows
    updated. Neither the row version nor its audit changes: the keys are derived, not edited."""
    values = sort_key_values(Evaluation, FiscalYear)
    rows = Enterprise.objects.order_by()
    if enterprises is None:
        return rows.update(**values)
    if isinstance(enterprises, QuerySet):
        return rows.filter(pk__in=enterprises.values("pk")).update(**values)
    ids = sorted(set(enterprises))
    return sum(
        rows.filter(pk__in=ids[start : start + CHUNK]).update(**values) for start in range(0, len(ids), CHUNK)
    )


def _refresh_one(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A saved or deleted evaluation or fiscal year: refresh its enterprise's keys, unless the
    enterprise itself is being deleted (its rows go with it). A saved enterprise: its keys again,
    in case the instance carried keys older than the stored ones."""
    if sender is Enterprise:
        if not kwargs.get("created"):
            refresh_sort_keys([instance.pk])
        return
    origin = kwargs.get("origin")
    if isinstance(origin, Enterprise) or (isinstance(origin, QuerySet) and origin.model is Enterprise):
        return
    refresh_sort_keys([instance.enterprise_id])


def connect() -> None:
    """Connect the handlers (called once from the app config's ``ready``)."""
    for model in (Evaluation, FiscalYear):
        post_save.connect(_refresh_one, sender=model, dispatch_uid=f"sort-keys-{model.__name__}-save")
        post_delete.connect(_refresh_one, sender=model, dispatch_uid=f"sort-keys-{model.__name__}-delete")
    post_save.connect(_refresh_one, sender=Enterprise, dispatch_uid="sort-keys-Enterprise-save")

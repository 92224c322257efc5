"""Provenance of the file's values: which edit, import or department supplied each value, and when.

Writers (edit forms, imports) call ``record_sources`` with the values they wrote; pages call
``current_sources`` to show where each figure came from. A value's earlier sources stay as history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q

from gaoqi.enterprises.models import FieldSource


def record_sources(
    enterprise_id: int,
    values: Mapping[str, Any],
    *,
    year: int | None = None,
    kind: str = FieldSource.Kind.MANUAL,
    user: Any = None,
    department: str = "",
    reference: str = "",
    row: int | None = None,
) -> list[FieldSource]:
    """Record that ``values`` (field name → value) of the enterprise (identity when ``year`` is None,
    else that fiscal year) came from this source now; the fields' earlier sources stop being current."""
    if not values:
        return []
    recorded_by = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        FieldSource.objects.filter(
            enterprise_id=enterprise_id, year=year, field__in=list(values), is_current=True
        ).update(is_current=False)
        return FieldSource.objects.bulk_create(
            FieldSource(
                enterprise_id=enterprise_id,
                year=year,
                field=field,
                value="" if value is None else str(value),
                source_kind=kind,
                department=department,
                reference=reference,
                row=row,
                recorded_by=recorded_by,
            )
            for field, value in values.items()
        )


def current_sources(
    enterprise_id: int, years: Iterable[int | None] | None = None
) -> dict[tuple[int | None, str], FieldSource]:
    """The current source of each value, keyed by ``(year, field)`` (year None for identity fields);
    ``years`` limits the result to those years. One query."""
    sources = FieldSource.objects.filter(enterprise_id=enterprise_id, is_current=True).select_related(
        "recorded_by"
    )
    if years is not None:
        wanted = list(years)
        limit = Q(year__in=[year for year in wanted if year is not None])
        if None in wanted:
            limit |= Q(year__isnull=True)
        sources = sources.filter(limit)
    return {(source.year, source.field): source for source in sources.order_by("recorded_at", "pk")}

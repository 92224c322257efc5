"""Values and their sources for the enterprise file: the current source of each value (through
``enterprises.provenance.current_sources``) and the other sources that disagree with it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from gaoqi.enterprises.models import Enterprise, FieldSource, FiscalYear
from gaoqi.enterprises.provenance import current_sources
from gaoqi.exchange.conf import source_label


def _label(field: str, year: int | None) -> str:
    model = FiscalYear if year is not None else Enterprise
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def describe(source: FieldSource) -> dict[str, Any]:
    """One source as the panel shows it."""
    return {
        "value": source.value,
        "department": source_label(source.department),
        "kind": source.get_source_kind_display(),
        "reference": source.reference,
        "row": source.row,
        "by": str(source.recorded_by) if source.recorded_by_id else "",
        "at": source.recorded_at,
    }


def value_sources(enterprise: Enterprise) -> dict[str, Any]:
    """Rows of (year, field, current source, disagreeing sources), identity first, then by year
    (two queries)."""
    current = current_sources(enterprise.pk)
    others: dict[tuple[int | None, str], dict[str, FieldSource]] = {}
    kept = FieldSource.objects.filter(enterprise=enterprise, is_current=False).select_related("recorded_by")
    for source in kept.order_by("recorded_at", "pk"):
        holder = current.get((source.year, source.field))
        if holder is not None and source.value != holder.value and source.department != holder.department:
            others.setdefault((source.year, source.field), {})[source.department] = source
    rows = [
        {
            "year": year,
            "label": _label(field, year),
            "current": describe(source),
            "others": [describe(other) for other in others.get((year, field), {}).values()],
        }
        for (year, field), source in sorted(current.items(), key=lambda item: (item[0][0] or 0, item[0][1]))
    ]
    return {"rows": rows, "conflicts": sum(1 for row in rows if row["others"]), "title": _("数据来源")}

"""The file page's reference names from the per-process copies of ``gaoqi.reference.copies``, so
that its enterprise query joins no reference table: planning and reading those joins cost more than
the rest of the query (bench/pages.py)."""

from __future__ import annotations

from typing import Any

from gaoqi.reference.copies import INDUSTRIES, SEGMENTS, TECH_FIELDS, TOWNS


def attach_references(enterprise: Any) -> None:
    """Give ``enterprise`` its town, segment and technology field (with its parent) from the copies."""
    enterprise.town = TOWNS.get(enterprise.town_id)
    if enterprise.segment_id is not None:
        enterprise.segment = SEGMENTS.get(enterprise.segment_id)
    if enterprise.tech_field_id is not None:
        enterprise.tech_field = TECH_FIELDS.get(enterprise.tech_field_id)


def industry_names(code: str) -> str:
    """The section and division names of an industry code ("制造业 / 纺织业")."""
    classes = (INDUSTRIES.get(part, reload_missing=False) for part in sorted({code[:1], code[:3]}, key=len))
    return " / ".join(industry.name for industry in classes if industry is not None)

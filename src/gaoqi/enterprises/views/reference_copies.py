"""Per-process copies of the small reference tables the file page names (towns, segments, technology
fields, industry classes), so that its enterprise query joins none of them: planning and reading
those joins cost more than the rest of the query (bench/pages.py).

Reference data is loaded at deployment (``gaoqi load_reference``); a save or delete in this process
clears its copy, a migration or flush clears them all, a primary key a copy lacks reloads it (a row
added by another process), and a copy older than ``REFERENCE_TTL`` is read again (a change made by
another process), like the list's filter options."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from gaoqi.enterprises.filters import REFERENCE_TTL
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town


class ReferenceCopy:
    """The rows of ``model`` by ``key`` (the primary key unless given), with ``related`` joined."""

    def __init__(self, model: type[Model], key: str = "pk", related: tuple[str, ...] = ()) -> None:
        self.model, self.key, self.related = model, key, related
        self._rows: dict[Any, Any] = {}
        self._read_at = 0.0
        for signal in (post_save, post_delete):
            signal.connect(self.clear, sender=model, weak=False, dispatch_uid=f"file-page-{model.__name__}")

    def clear(self, **kwargs: Any) -> None:
        """Forget the copy (read again on next use)."""
        self._rows = {}

    def get(self, key: Any, *, reload_missing: bool = True) -> Any:
        """The row with ``key``, or ``None``; a key the copy lacks reloads it unless ``reload_missing``
        is false (for keys that may well not exist, such as a code's possible parents)."""
        if key is None:
            return None
        stale = time.monotonic() - self._read_at >= REFERENCE_TTL
        if not self._rows or stale or (reload_missing and key not in self._rows):
            rows = self.model.objects.select_related(*self.related)
            self._rows = {getattr(row, self.key): row for row in rows}
            self._read_at = time.monotonic()
        return self._rows.get(key)


TOWNS = ReferenceCopy(Town)
SEGMENTS = ReferenceCopy(Segment)
TECH_FIELDS = ReferenceCopy(TechField, related=("parent",))
INDUSTRIES = ReferenceCopy(IndustryClass, key="code")


@receiver(post_migrate, dispatch_uid="file-page-forget-references-on-migrate")
def forget_reference_copies(**kwargs: Any) -> None:
    """Forget every copy (the reference data changed: a migration, a flush)."""
    for copy in (TOWNS, SEGMENTS, TECH_FIELDS, INDUSTRIES):
        copy.clear()


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

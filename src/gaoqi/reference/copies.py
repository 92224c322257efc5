"""Per-process copies of the small reference tables (towns, segments, technology fields, industry
classes), so that hot pages (the enterprise list's filters, the file page's names) neither query nor
join them on every request.

Reference data is loaded at deployment (``gaoqi load_reference``); a save or delete in this process
clears a copy, a migration or flush clears them all, a primary key a copy lacks reloads it (a row
added by another process), and a copy older than ``REFERENCE_TTL`` is read again (a change made by
another process)."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

REFERENCE_TTL = 300.0  # seconds: reference data changed by another process shows within this time


class ReferenceCopy:
    """The rows of ``model`` (in its order) by ``key`` (the primary key unless given), with ``related``
    joined."""

    def __init__(self, model: type[Model], key: str = "pk", related: tuple[str, ...] = ()) -> None:
        self.model, self.key, self.related = model, key, related
        self._rows: dict[Any, Any] = {}
        self.read_at = 0.0  # when the copy was last read: changes with every reload
        for signal in (post_save, post_delete):
            signal.connect(
                self.clear, sender=model, weak=False, dispatch_uid=f"reference-copy-{model.__name__}"
            )

    def clear(self, **kwargs: Any) -> None:
        """Forget the copy (read again on next use)."""
        self._rows = {}

    def get(self, key: Any, *, reload_missing: bool = True) -> Any:
        """The row with ``key``, or ``None``; a key the copy lacks reloads it unless ``reload_missing``
        is false (for keys that may well not exist, such as a code's possible parents)."""
        if key is None:
            return None
        self._read_if(reload_missing and key not in self._rows)
        return self._rows.get(key)

    def rows(self) -> list[Any]:
        """Every row, in the model's order."""
        self.refresh()
        return list(self._rows.values())

    def refresh(self) -> None:
        """Read the table again if the copy is empty or older than the TTL."""
        self._read_if(False)

    def _read_if(self, needed: bool) -> None:
        """Read the table when ``needed``, when the copy is empty, or when it is older than the TTL."""
        if needed or not self._rows or time.monotonic() - self.read_at >= REFERENCE_TTL:
            rows = self.model.objects.select_related(*self.related)
            self._rows = {getattr(row, self.key): row for row in rows}
            self.read_at = time.monotonic()


TOWNS = ReferenceCopy(Town)
SEGMENTS = ReferenceCopy(Segment)
TECH_FIELDS = ReferenceCopy(TechField, related=("parent",))
INDUSTRIES = ReferenceCopy(IndustryClass, key="code")
COPIES = (TOWNS, SEGMENTS, TECH_FIELDS, INDUSTRIES)


@receiver(post_migrate, dispatch_uid="reference-copies-forget-on-migrate")
def forget_reference_copies(**kwargs: Any) -> None:
    """Forget every copy (the reference data changed: a migration, a flush)."""
    for copy in COPIES:
        copy.clear()

"""Re-evaluate an enterprise after its file changes, once the transaction that changed it commits.

Saves and deletes of the enterprise or of any row the engine reads collect the enterprise's id; after
commit the collected enterprises are evaluated in one batch (so a form saving ten rows evaluates once).
Failures are logged, never raised into the request that saved the data. ``settings.GAOQI_AUTO_EVALUATE``
(default on) switches this off, e.g. for a bulk load that evaluates the district itself at the end.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)

logger = logging.getLogger(__name__)
WATCHED = (Enterprise, FiscalYear, IPAsset, Achievement, RDInstitution, Certificate, Incident)
_pending = threading.local()


def _pending_ids() -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    return _pending.ids


def schedule_evaluation(enterprise_id: int, using: str | None = None) -> None:
    """Evaluate the enterprise after the current transaction commits (at once in autocommit mode)."""
    _pending_ids().add(enterprise_id)
    transaction.on_commit(evaluate_pending, using=using, robust=True)


def evaluate_pending() -> None:
    """Evaluate every enterprise scheduled so far in this thread (no-op when none is left)."""
    ids, _pending.ids = _pending_ids(), set()
    if ids:
        evaluate_enterprises(Enterprise.objects.filter(pk__in=ids))


def _changed(sender: type, instance: Any, using: str, **kwargs: Any) -> None:
    if not getattr(settings, "GAOQI_AUTO_EVALUATE", True) or kwargs.get("raw"):
        return
    schedule_evaluation(instance.pk if sender is Enterprise else instance.enterprise_id, using)


def connect() -> None:
    """Connect the handlers (called once from the app config's ``ready``)."""
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"evaluate-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"evaluate-{model.__name__}-delete")

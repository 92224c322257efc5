"""Re-evaluate an enterprise after its file changes, once the transaction that changed it commits.

Saves and deletes of the enterprise or of any row the engine reads collect the enterprise's id; after
commit the collected enterprises are evaluated in one batch (so a form saving ten rows evaluates once).
Failures are logged, never raised into the request that saved the data. ``settings.GAOQI_AUTO_EVALUATE``
(default on) switches this off, e.g. for a bulk load that evaluates the district itself at the end.
"""

from __future__ import annotations

import weakref
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

WATCHED = (Enterprise, FiscalYear, IPAsset, Achievement, RDInstitution, Certificate, Incident)
_batches: weakref.WeakKeyDictionary[Any, set[int]] = weakref.WeakKeyDictionary()


def schedule_evaluation(enterprise_id: int, using: str | None = None) -> None:
    """Evaluate the enterprise after the current transaction commits (at once in autocommit mode).

    The enterprises changed inside one outermost atomic block share a batch: the first commit callback
    evaluates them all and the others find it empty. A rolled-back savepoint may leave its enterprise in
    the batch; evaluating the committed data again is harmless (unchanged inputs are skipped).
    """
    connection = transaction.get_connection(using)
    batch = _batches.setdefault(connection.atomic_blocks[0], set()) if connection.atomic_blocks else set()
    batch.add(enterprise_id)

    def evaluate_batch() -> None:
        ids = set(batch)
        batch.clear()
        if ids:
            evaluate_enterprises(Enterprise.objects.filter(pk__in=ids))

    transaction.on_commit(evaluate_batch, using=using, robust=True)


def _changed(sender: type, instance: Any, using: str, **kwargs: Any) -> None:
    if not getattr(settings, "GAOQI_AUTO_EVALUATE", True) or kwargs.get("raw"):
        return
    schedule_evaluation(instance.pk if sender is Enterprise else instance.enterprise_id, using)


def connect() -> None:
    """Connect the handlers (called once from the app config's ``ready``)."""
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"evaluate-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"evaluate-{model.__name__}-delete")

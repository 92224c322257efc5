"""Recompute the engine's evaluations of enterprises and store them as ``Evaluation`` rows.

The enterprise file is read through the bridge, evaluated by ``gaoqi.policy.evaluate_records`` under the
parameters in force on ``as_of`` for ``settings.GAOQI_REGION``, and stored in bulk: the new rows become
``is_latest`` and the previous ones are kept as history. An enterprise whose inputs, parameters and date
are unchanged since its latest evaluation is skipped. The list's sort keys of the evaluated enterprises
are refreshed in the same transaction (``sort_keys``). Concurrent evaluations of the same enterprises
take turns (``_lock``), so each batch is one transaction that cannot break the one-latest constraint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gaoqi import policy
from gaoqi.enterprises.bridge import build_tables, records_from_tables
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.sort_keys import refresh_sort_keys

BATCH_SIZE = 1000


def inputs_hash(record: dict[str, Any]) -> str:
    """A stable SHA-256 of a contract record (keys sorted), to recognise unchanged inputs."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def evaluate_enterprises(
    enterprises: QuerySet[Enterprise], as_of: dt.date | None = None, *, force: bool = False
) -> int:
    """Evaluate ``enterprises`` on ``as_of`` (default today) and store the results; return how many
    were (re)evaluated. With ``force`` even unchanged enterprises are evaluated again."""
    as_of = as_of or timezone.localdate()
    params = policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    ids = list(enterprises.order_by("pk").values_list("pk", flat=True))
    return sum(_evaluate_batch(batch, as_of, params, force) for batch in _chunks(ids, BATCH_SIZE))


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _evaluate_batch(ids: Sequence[int], as_of: dt.date, params: Any, force: bool) -> int:
    """Evaluate one batch in one transaction that holds the enterprises' rows from the read to the swap
    of their latest evaluations (see ``_lock``)."""
    with transaction.atomic():
        built = build_tables(_lock(ids), as_of, params)
        records = records_from_tables(built.tables)
        hashes = [inputs_hash(record) for record in records]
        unchanged = set() if force else _unchanged(built.enterprise_ids, hashes, as_of, params.version)
        todo = [i for i, pk in enumerate(built.enterprise_ids) if pk not in unchanged]
        if not todo:
            return 0
        results = policy.evaluate_records([records[i] for i in todo], as_of, params=params)
        rows = [
            _evaluation(built.enterprise_ids[i], result, as_of, params.version, hashes[i])
            for i, result in zip(todo, results, strict=True)
        ]
        Evaluation.objects.filter(
            enterprise_id__in=[row.enterprise_id for row in rows], is_latest=True
        ).update(is_latest=False)
        Evaluation.objects.bulk_create(rows, batch_size=500)
        refresh_sort_keys([row.enterprise_id for row in rows])
    return len(rows)


def _lock(ids: Sequence[int]) -> QuerySet[Enterprise]:
    """The batch's enterprises, their rows locked until the transaction ends (PostgreSQL), in key order.

    Two evaluations of one enterprise (a district job and an edit's re-evaluation) thus run one after
    the other: the second reads the file and the latest evaluation as the first committed them, so it
    never inserts a second latest row, and the latest evaluation is of the latest data. The lock is
    ``FOR NO KEY UPDATE``: it waits for edits of the enterprise row but not for writes of its other rows.
    Every locker takes the rows in key order (imports too), so evaluations cannot deadlock each other.
    SQLite ignores the lock; there every transaction begins by taking the one write lock.
    """
    locked = Enterprise.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True)
    return Enterprise.objects.filter(pk__in=list(locked.values_list("pk", flat=True))).order_by("pk")


def _unchanged(ids: Sequence[int], hashes: Sequence[str], as_of: dt.date, version: str) -> set[int]:
    """Enterprises whose latest evaluation has the same inputs, parameters and date."""
    wanted = dict(zip(ids, hashes, strict=True))
    latest = Evaluation.objects.filter(
        enterprise_id__in=ids, is_latest=True, as_of=as_of, params_version=version
    ).values_list("enterprise_id", "inputs_hash")
    return {pk for pk, digest in latest if wanted.get(pk) == digest}


def _evaluation(
    enterprise_id: int, result: dict[str, Any], as_of: dt.date, version: str, digest: str
) -> Evaluation:
    """An unsaved ``Evaluation`` row holding one contract output object and its headline fields."""
    hnte = result.get("hnte") or {}
    score = hnte.get("score") or {}
    return Evaluation(
        enterprise_id=enterprise_id,
        as_of=as_of,
        result=result,
        hnte_verdict=hnte.get("verdict", ""),
        tech_sme_verdict=(result.get("tech_sme") or {}).get("verdict", ""),
        tier=result.get("tier", Evaluation.Tier.NONE),
        score_min=_points(score.get("min")),
        score_max=_points(score.get("max")),
        params_version=version,
        inputs_hash=digest,
        evaluated_at=timezone.now(),
        is_latest=True,
    )


def _points(value: Any) -> int | None:
    return None if value is None else round(value)

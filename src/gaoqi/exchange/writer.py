"""Writing a plan: new rows, changed rows, their sources and their audit entries, in bulk.

The caller holds the transaction (one file is one transaction). Bulk writes send no model signals, so
this module writes what the signals would have: an audit entry per created or updated row (with the
changed fields before and after, the user and the request id of the import) and the provenance of
every value that became current (``FieldSource``, as ``enterprises.provenance.record_sources`` does,
but for thousands of values in a few statements). Unchanged rows write nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.models import Enterprise, FieldSource
from gaoqi.exchange.plan import Plan, RowPlan, chunks

BATCH_SIZE = 1000


def write_plan(plan: Plan, *, reference: str, user: Any) -> set[int]:
    """Write ``plan``; return the ids of the enterprises whose file changed."""
    kind = plan.checked.kind
    creates = [row for row in plan.rows if row.action == "create"]
    updates = [row for row in plan.rows if row.action == "update"]
    kind.model.objects.bulk_create([row.obj for row in creates], batch_size=BATCH_SIZE)
    _update(kind.model, updates)
    _sources(plan, reference, user)
    _audit(creates, updates)
    return {_enterprise_id(row.obj) for row in (*creates, *updates)}


def _enterprise_id(obj: models.Model) -> int:
    return obj.pk if isinstance(obj, Enterprise) else obj.enterprise_id


def _update(model: type[models.Model], rows: list[RowPlan]) -> None:
    """Save the changed fields of ``rows`` (versioned rows get a new version, as a save gives them)."""
    if not rows:
        return
    fields = sorted({name for row in rows for name in row.changes})
    if hasattr(model, "version"):
        now = timezone.now()
        for row in rows:
            row.obj.version += 1
            row.obj.updated_at = now
        fields += ["version", "updated_at"]
    model.objects.bulk_update([row.obj for row in rows], fields, batch_size=BATCH_SIZE)


def _sources(plan: Plan, reference: str, user: Any) -> None:
    """Stop the superseded sources being current; record the incoming values and the kept ones."""
    for part in chunks(plan.superseded):
        FieldSource.objects.filter(pk__in=part).update(is_current=False)
    recorded_by = user if getattr(user, "is_authenticated", False) else None
    numbers = plan.checked.sheet.row_numbers
    year_of = plan.checked.kind.yearly

    def source(row: RowPlan, name: str, value: str, current: bool) -> FieldSource:
        return FieldSource(
            enterprise_id=_enterprise_id(row.obj),
            year=row.obj.year if year_of else None,
            field=name,
            value=value,
            source_kind=FieldSource.Kind.DEPARTMENT if plan.department else FieldSource.Kind.IMPORT,
            department=plan.department,
            reference=reference,
            row=numbers[row.index],
            recorded_by=recorded_by,
            is_current=current,
        )

    FieldSource.objects.bulk_create(
        (
            source(row, name, value, current)
            for row in plan.rows
            for values, current in ((row.sources, True), (row.kept, False))
            for name, value in values.items()
        ),
        batch_size=BATCH_SIZE,
    )


def _audit(creates: Iterable[RowPlan], updates: Iterable[RowPlan]) -> None:
    """One audit entry per created or updated row, as the save signals would write."""
    context = audit.current_context()
    user = context.acting_user() if context else None
    common = {
        "user": user,
        "username": user.get_username() if user is not None else "",
        "request_id": context.request_id if context else "",
        "ip": context.ip if context else "",
    }
    entries = []
    for action, rows in ((AuditAction.CREATE, creates), (AuditAction.UPDATE, updates)):
        for row in rows:
            obj = row.obj
            if not audit.is_audited(type(obj)):
                continue
            names = sorted(row.changes)
            entries.append(
                AuditEntry(
                    action=action,
                    model_label=obj._meta.label,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:200],
                    enterprise_id=_enterprise_id(obj),
                    before=None
                    if action == AuditAction.CREATE
                    else _json({n: row.changes[n][0] for n in names}),
                    after=_json({n: row.changes[n][1] for n in names}),
                    changed_fields=names,
                    **common,
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))

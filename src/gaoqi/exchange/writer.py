"""Writing a plan: new rows, changed rows, their sources and their audit entries, in bulk.

The caller holds the transaction (one file is one transaction). Bulk writes send no model signals, so
this module writes what the signals would have: an audit entry per created or updated row (with the
changed fields before and after, the user and the request id of the import) and the provenance of
every value that became current (``FieldSource`` rows as ``enterprises.provenance.record_sources``
writes them, but one statement per 10,000 rows of the file: see ``bulk``). Unchanged rows write nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.models import Enterprise, FieldSource, FiscalYear
from gaoqi.exchange.bulk import insert_rows
from gaoqi.exchange.kinds import ImportKind
from gaoqi.exchange.plan import Plan, RowPlan, chunks

BATCH_SIZE = 1000


def write_plan(plan: Plan, *, reference: str, user: Any) -> set[int]:
    """Write ``plan``; return the ids of the enterprises whose file changed."""
    kind = plan.checked.kind
    now = timezone.now()
    creates = [row for row in plan.rows if row.action == "create"]
    updates = [row for row in plan.rows if row.action == "update"]
    _create(kind.model, creates, now)
    _update(kind.model, updates, now)
    _sources(plan, reference, user, now)
    _audit(kind, creates, updates, now)
    return {_enterprise_id(row.obj) for row in (*creates, *updates)}


def _enterprise_id(obj: models.Model) -> int:
    return obj.pk if isinstance(obj, Enterprise) else obj.enterprise_id


def _create(model: type[models.Model], rows: list[RowPlan], now: Any) -> None:
    """Insert new rows: fiscal years straight to the driver (there can be 100,000 of them), the rest
    through ``bulk_create`` (which gives enterprises their ids and IP items their class)."""
    objs = [row.obj for row in rows]
    if model is not FiscalYear:
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    for obj in objs:
        obj.created_at = obj.updated_at = now
    insert_rows(
        model,
        [field.attname for field in fields],
        ([getattr(obj, f.attname) for f in fields] for obj in objs),
    )


def _update(model: type[models.Model], rows: list[RowPlan], now: Any) -> None:
    """Save the changed fields of ``rows`` (versioned rows get a new version, as a save gives them)."""
    if not rows:
        return
    fields = sorted({name for row in rows for name in row.changes})
    if hasattr(model, "version"):
        for row in rows:
            row.obj.version += 1
            row.obj.updated_at = now
        fields += ["version", "updated_at"]
    model.objects.bulk_update([row.obj for row in rows], fields, batch_size=BATCH_SIZE)


SOURCE_FIELDS = (
    "enterprise_id",
    "year",
    "field",
    "value",
    "source_kind",
    "department",
    "reference",
    "row",
    "recorded_by_id",
    "recorded_at",
    "is_current",
)


def _sources(plan: Plan, reference: str, user: Any, now: Any) -> None:
    """Stop the superseded sources being current; record the incoming values and the kept ones."""
    for part in chunks(plan.superseded):
        FieldSource.objects.filter(pk__in=part).update(is_current=False)
    recorded_by = user.pk if getattr(user, "is_authenticated", False) else None
    numbers = plan.checked.sheet.row_numbers
    yearly = plan.checked.kind.yearly
    kind = FieldSource.Kind.DEPARTMENT if plan.department else FieldSource.Kind.IMPORT
    rows = (
        (
            _enterprise_id(row.obj),
            row.obj.year if yearly else None,
            name,
            value,
            kind,
            plan.department,
            reference,
            numbers[row.index],
            recorded_by,
            now,
            current,
        )
        for row in plan.rows
        for values, current in ((row.sources, True), (row.kept, False))
        for name, value in values.items()
    )
    insert_rows(FieldSource, SOURCE_FIELDS, rows)


AUDIT_FIELDS = (
    "action",
    "model_label",
    "object_id",
    "object_repr",
    "enterprise_id",
    "before",
    "after",
    "changed_fields",
    "user_id",
    "username",
    "at",
    "request_id",
    "ip",
)


def _audit(kind: ImportKind, creates: list[RowPlan], updates: list[RowPlan], now: Any) -> None:
    """One audit entry per created or updated row, as the save signals would write."""
    if not audit.is_audited(kind.model) or audit.is_suspended():
        return
    context = audit.current_context()
    user = context.acting_user() if context else None
    who = (user.pk if user else None, user.get_username() if user else "")
    where = (context.request_id if context else "", context.ip if context else "")
    ids = _ids_of(kind, creates)
    label = kind.model._meta.label

    def entry(action: str, row: RowPlan) -> tuple[Any, ...]:
        obj, names = row.obj, sorted(row.changes)
        before = None if action == str(AuditAction.CREATE) else {n: row.changes[n][0] for n in names}
        after = {n: row.changes[n][1] for n in names}
        pk = obj.pk if obj.pk is not None else ids.get(_natural_key(kind, obj))
        return (
            action,
            label,
            str(pk),
            str(obj)[:200],
            _enterprise_id(obj),
            before,
            after,
            names,
            *who,
            now,
            *where,
        )

    rows = (
        entry(action, row)
        for action, group in ((str(AuditAction.CREATE), creates), (str(AuditAction.UPDATE), updates))
        for row in group
    )
    insert_rows(AuditEntry, AUDIT_FIELDS, rows)


def _natural_key(kind: ImportKind, obj: models.Model) -> tuple[Any, ...]:
    return (obj.enterprise_id, *(getattr(obj, name) for name in kind.row_key))


def _ids_of(kind: ImportKind, rows: list[RowPlan]) -> dict[tuple[Any, ...], int]:
    """The ids of rows inserted without them (fiscal years), by their natural key."""
    missing = sorted({row.obj.enterprise_id for row in rows if row.obj.pk is None})
    found: dict[tuple[Any, ...], int] = {}
    for part in chunks(missing):
        stored = kind.model.objects.filter(enterprise_id__in=part).values_list(
            "pk", "enterprise_id", *kind.row_key
        )
        found.update((tuple(values), pk) for pk, *values in stored)
    return found

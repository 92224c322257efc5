"""Audit as data: who changed, exported or logged in, with before/after values and the request id.

Changes to domain data are recorded by signals (``gaoqi.core.signals``), never by views. The request
in flight (user, request id, address) reaches them through a context variable set by
``gaoqi.core.middleware.RequestContextMiddleware``. Public surface:

- ``record_export(request, label, row_count, filters, enterprise_id=None)``: call once per download of a
  list or of a file from one enterprise's file.
- ``enterprise_history(enterprise_id)``: the audit entries of one enterprise, newest first; render them
  with ``{% include "core/_audit_entries.html" with entries=... %}`` (labels via ``describe_changes``).
- ``acting_as(user)``: attribute changes made outside a request (commands, jobs) to ``user``.
- ``suspended()``: write no change entries inside the block (bulk generation of demo data).
- ``is_audited(model)``: whether a model's changes are recorded (settings ``GAOQI_AUDITED_MODELS``,
  entries ``"app_label"`` or ``"app_label.ModelName"``, minus ``GAOQI_AUDIT_EXCLUDED_MODELS``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from gaoqi.core.audit_models import AuditAction, AuditEntry

__all__ = [
    "AuditAction",
    "AuditEntry",
    "Change",
    "RequestContext",
    "acting_as",
    "describe_changes",
    "enterprise_history",
    "is_audited",
    "model_title",
    "record_export",
    "suspended",
]


@dataclass(frozen=True)
class RequestContext:
    """What the audit needs to know about the request (or job) in flight."""

    request_id: str
    ip: str = ""
    request: HttpRequest | None = None
    user: Any = None

    def acting_user(self) -> Any:
        """The explicit user, else the request's authenticated user (read late: DRF sets it in the view)."""
        user = self.user if self.user is not None else getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


_context: ContextVar[RequestContext | None] = ContextVar("gaoqi_audit_context", default=None)
_suspended: ContextVar[bool] = ContextVar("gaoqi_audit_suspended", default=False)


def new_request_id() -> str:
    """A fresh request id."""
    return uuid.uuid4().hex


def current_context() -> RequestContext | None:
    """The context of the request or job in flight, if any."""
    return _context.get()


@contextmanager
def bound(context: RequestContext) -> Iterator[RequestContext]:
    """Make ``context`` current inside the block."""
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


@contextmanager
def acting_as(user: Any, request_id: str | None = None) -> Iterator[RequestContext]:
    """Attribute every change inside the block to ``user`` (for commands and background jobs)."""
    with bound(RequestContext(request_id=request_id or new_request_id(), user=user)) as context:
        yield context


@contextmanager
def suspended() -> Iterator[None]:
    """Record no change entries inside the block."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def is_suspended() -> bool:
    """Whether change entries are switched off in this context."""
    return _suspended.get()


def is_audited(model: type[models.Model]) -> bool:
    """Whether changes to ``model`` are recorded."""
    if model._meta.abstract:
        return False
    meta = model._meta.concrete_model._meta
    label = meta.label
    excluded = set(getattr(settings, "GAOQI_AUDIT_EXCLUDED_MODELS", ()))
    audited = set(getattr(settings, "GAOQI_AUDITED_MODELS", ()))
    return label not in excluded and (label in audited or meta.app_label in audited)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-ready data (secrets redacted)."""
    redacted = set(getattr(settings, "GAOQI_AUDIT_REDACTED_FIELDS", ("password",)))
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if isinstance(value, models.fields.files.FieldFile):
            value = value.name
        values[field.attname] = _fingerprint(value) if field.name in redacted and value else value
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _fingerprint(secret: Any) -> str:
    """A short digest that shows a secret changed without storing it."""
    return "***" + hashlib.sha256(str(secret).encode()).hexdigest()[:8]


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields whose values differ, ignoring bookkeeping fields (version, timestamps)."""
    ignored = set(getattr(settings, "GAOQI_AUDIT_IGNORED_FIELDS", ("version", "updated_at", "last_login")))
    return sorted(name for name in after if name not in ignored and before.get(name) != after.get(name))


def enterprise_id_of(instance: models.Model) -> int | None:
    """The enterprise an object belongs to (itself for an enterprise), for the per-enterprise history."""
    if instance._meta.label == "enterprises.Enterprise":
        return instance.pk
    return getattr(instance, "enterprise_id", None)


def write(
    action: str,
    *,
    model_label: str = "",
    object_id: Any = "",
    object_repr: str = "",
    enterprise_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    changed: list[str] | None = None,
    user: Any = None,
    username: str = "",
) -> AuditEntry:
    """Write one audit entry, filling the user, request id and address from the current context."""
    context = current_context()
    acting = user if user is not None else (context.acting_user() if context else None)
    return AuditEntry.objects.create(
        action=action,
        model_label=model_label,
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr[:200],
        enterprise_id=enterprise_id,
        before=before,
        after=after,
        changed_fields=changed or [],
        user=acting,
        username=(acting.get_username() if acting is not None else username)[:150],
        request_id=context.request_id if context else "",
        ip=context.ip if context else "",
    )


def record_export(
    request: HttpRequest,
    label: str,
    row_count: int,
    filters: dict[str, Any],
    *,
    enterprise_id: int | None = None,
) -> AuditEntry:
    """Record that the request's user downloaded ``label`` (e.g. "企业名单") with ``row_count`` rows;
    ``enterprise_id`` files the entry under one enterprise's history (a download from its file)."""
    clean_filters = json.loads(json.dumps(filters, default=str))
    return write(
        AuditAction.EXPORT,
        model_label=label,
        object_repr=label,
        enterprise_id=enterprise_id,
        after={"rows": row_count, "filters": clean_filters},
        user=request.user if request.user.is_authenticated else None,
    )


def enterprise_history(enterprise_id: int) -> QuerySet[AuditEntry]:
    """Every change recorded for one enterprise and the objects that belong to it, newest first."""
    return AuditEntry.objects.filter(enterprise_id=enterprise_id).select_related("user")


@dataclass(frozen=True)
class Change:
    """One changed field of an entry, labelled for people."""

    label: str
    before: Any
    after: Any


def _meta_of(label: str) -> Any:
    """The model options of ``label`` ("app.Model"), or ``None`` for other labels (exports, logins)."""
    try:
        return apps.get_model(label)._meta
    except (LookupError, ValueError):
        return None


def model_title(label: str) -> str:
    """A model label as people name it (``"enterprises.FiscalYear"`` → "年度指标"); other labels unchanged."""
    meta = _meta_of(label)
    return str(meta.verbose_name) if meta is not None else label


def describe_changes(entry: AuditEntry) -> list[Change]:
    """The entry's changed fields with their Chinese labels and values before and after."""
    meta = _meta_of(entry.model_label)
    before, after = entry.before or {}, entry.after or {}
    names = entry.changed_fields or sorted(after or before)
    return [Change(_field_label(meta, name), before.get(name), after.get(name)) for name in names]


def _field_label(meta: Any, attname: str) -> str:
    if meta is None:
        return attname
    for field in meta.concrete_fields:
        if field.attname == attname:
            return str(field.verbose_name)
    return attname

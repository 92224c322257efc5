"""Signals that write the audit: changes of audited models, logins and failed logins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction

_BEFORE = "_audit_before"


def _should_record(sender: type[models.Model], raw: bool = False) -> bool:
    return not raw and not audit.is_suspended() and audit.is_audited(sender)


@receiver(pre_save, dispatch_uid="audit_pre_save")
def remember_before(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    """Keep the stored values of an object about to be updated."""
    if not _should_record(sender, raw) or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).order_by().first()
    setattr(instance, _BEFORE, audit.snapshot(stored) if stored is not None else None)


@receiver(post_save, dispatch_uid="audit_post_save")
def record_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Record a create, or an update that changed something, with before and after values."""
    if not _should_record(sender, raw):
        return
    before = None if created else instance.__dict__.pop(_BEFORE, None)
    after = audit.snapshot(instance)
    changed = audit.changed_fields(before or {}, after)
    if before is not None and not changed:
        return
    audit.write(
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        model_label=sender._meta.concrete_model._meta.label,
        object_id=instance.pk,
        object_repr=str(instance),
        enterprise_id=audit.enterprise_id_of(instance),
        before=before,
        after=after,
        changed=changed,
    )


@receiver(post_delete, dispatch_uid="audit_post_delete")
def record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Record a delete with the values the object had."""
    if not _should_record(sender):
        return
    audit.write(
        AuditAction.DELETE,
        model_label=sender._meta.concrete_model._meta.label,
        object_id=instance.pk,
        object_repr=str(instance),
        enterprise_id=audit.enterprise_id_of(instance),
        before=audit.snapshot(instance),
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Record a successful login."""
    audit.write(
        AuditAction.LOGIN, model_label=user._meta.label, object_id=user.pk, object_repr=str(user), user=user
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """Record a failed login with the username tried (never the password)."""
    username = str(credentials.get("username", ""))
    audit.write(AuditAction.LOGIN_FAILED, object_repr=username, username=username)

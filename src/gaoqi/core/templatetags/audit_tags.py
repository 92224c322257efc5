"""Audit display helpers: ``{% load audit_tags %}`` then ``{% for change in entry|changes %}``."""

from __future__ import annotations

from django import template

from gaoqi.core.audit import Change, describe_changes, model_title
from gaoqi.core.audit_models import AuditEntry

register = template.Library()


@register.filter(name="changes")
def changes(entry: AuditEntry) -> list[Change]:
    """The changed fields of ``entry`` with labels and values before and after."""
    return describe_changes(entry)


register.filter("model_title", model_title)

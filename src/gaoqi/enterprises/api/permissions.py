"""API permissions: the role map for the kind of action, ``can_edit`` for the enterprise concerned."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.core.scopes import can_edit


def enterprise_of(obj: Any) -> Any:
    """The enterprise a row belongs to (the row itself for an enterprise)."""
    return obj.enterprise if hasattr(obj, "enterprise_id") else obj


class EnterpriseFilePermission(permissions.BasePermission):
    """Reading needs ``enterprise.view``; writing needs ``enterprise.edit`` and ``can_edit`` on the file."""

    message = _("您没有权限执行此操作。")

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = Perm.VIEW_ENTERPRISES if request.method in permissions.SAFE_METHODS else Perm.EDIT_ENTERPRISES
        return has_perm(request.user, perm)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_edit(request.user, enterprise_of(obj))

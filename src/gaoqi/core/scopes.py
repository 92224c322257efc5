"""Data scopes in the query layer: which enterprises (and rows hanging off them) a user may see or edit.

Every list, detail, search, export and API path starts from ``Model.objects.for_user(user)``. A model
declares ``scope_path``: the lookup prefix from it to its enterprise (``""`` for ``Enterprise`` itself,
``"enterprise__"`` for a fiscal year). The table of roles is in docs/platform-design.md.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gaoqi.accounts.models import Role
from gaoqi.accounts.permissions import ROLE_PERMS, Perm, has_perm

ALL_VISIBLE_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_OFFICER, Role.LEADER, Role.DEPARTMENT_OFFICER})
# Roles that see every file and may edit files at all: they edit every file.
EDIT_ALL_ROLES = frozenset(role for role in ALL_VISIBLE_ROLES if Perm.EDIT_ENTERPRISES in ROLE_PERMS[role])


def _is_active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def enterprise_filter(user: Any, path: str = "") -> models.Q | None:
    """The filter selecting the enterprises ``user`` may see, with lookups prefixed by ``path``.

    ``None`` means every enterprise; users without a scope get a filter that matches nothing.
    """
    nothing = models.Q(pk__in=[])
    if not _is_active(user):
        return nothing
    if user.is_superuser or user.role in ALL_VISIBLE_ROLES:
        return None
    if user.role == Role.TOWN_OFFICER and user.town_code:
        return models.Q(**{f"{path}town__code": user.town_code})
    enterprise_id = getattr(user, "enterprise_id", None)
    if user.role == Role.ENTERPRISE_USER and enterprise_id is not None:
        return models.Q(**{f"{path}pk": enterprise_id})
    return nothing


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may see."""

    def for_user(self, user: Any) -> ScopedQuerySet:
        """The rows ``user`` may see (none for anonymous or inactive users)."""
        condition = enterprise_filter(user, getattr(self.model, "scope_path", ""))
        return self.all() if condition is None else self.filter(condition)


def can_edit(user: Any, enterprise: Any) -> bool:
    """Whether ``user`` may change the file of ``enterprise``: a role allowed to edit files at all
    (``accounts.permissions``), within its scope (every file; its town's; its own enterprise's)."""
    if not has_perm(user, Perm.EDIT_ENTERPRISES):
        return False
    if user.is_superuser or user.role in EDIT_ALL_ROLES:
        return True
    if user.role == Role.TOWN_OFFICER:
        return bool(user.town_code) and enterprise.town.code == user.town_code
    if user.role == Role.ENTERPRISE_USER:
        enterprise_id = getattr(user, "enterprise_id", None)
        return enterprise_id is not None and enterprise_id == enterprise.pk
    return False

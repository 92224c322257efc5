"""What each role may do: one map, asked by views, the API and templates alike.

Data scopes (which enterprises a user sees) live in the query layer (``Model.objects.for_user``);
this module answers the other question: which *kinds* of action a role may take at all.

Public functions:

- ``perms_for(user) -> frozenset[Perm]``: every permission the user holds (empty when logged out or
  inactive; a superuser holds all).
- ``has_perm(user, perm) -> bool``: one permission; ``perm`` is a ``Perm`` or its string value.
- ``sees_contacts(user) -> bool``: whether personal contact data is shown unmasked.
- ``require(perm)``: a view decorator that answers 403 unless the user holds ``perm``.

In templates (``{% load accounts_tags %}``): ``{% if request.user|can:"enterprise.edit" %}``; and
``{{ value|contact:request.user }}`` masks a phone number or e-mail address for roles that need not
see it (see ``gaoqi.accounts.masking``).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from gaoqi.accounts.models import Role

__all__ = ["ROLE_PERMS", "Perm", "has_perm", "perms_for", "require", "sees_contacts"]


class Perm(StrEnum):
    """A kind of action. Scopes still decide *which* enterprises it applies to."""

    VIEW_ENTERPRISES = "enterprise.view"
    EDIT_ENTERPRISES = "enterprise.edit"
    EXPORT = "enterprise.export"
    VIEW_CONTACTS = "contacts.view"
    IMPORT_DATA = "data.import"
    VIEW_DASHBOARD = "dashboard.view"
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"


_READERS = frozenset({Perm.VIEW_ENTERPRISES, Perm.EXPORT, Perm.VIEW_DASHBOARD})

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.BUREAU_ADMIN: frozenset(Perm),
    Role.BUREAU_OFFICER: _READERS | {Perm.EDIT_ENTERPRISES, Perm.VIEW_CONTACTS, Perm.IMPORT_DATA},
    Role.LEADER: _READERS | {Perm.VIEW_CONTACTS},
    Role.TOWN_OFFICER: _READERS | {Perm.EDIT_ENTERPRISES, Perm.VIEW_CONTACTS},
    Role.DEPARTMENT_OFFICER: _READERS | {Perm.IMPORT_DATA},
    Role.ENTERPRISE_USER: frozenset({Perm.VIEW_ENTERPRISES, Perm.EDIT_ENTERPRISES, Perm.VIEW_CONTACTS}),
    Role.UNIVERSITY_USER: frozenset(),
    Role.EXPERT: frozenset(),
    Role.FINANCE_USER: frozenset(),
}


def perms_for(user: Any) -> frozenset[Perm]:
    """Every permission ``user`` holds; none for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Perm)
    return ROLE_PERMS.get(user.role, frozenset())


def has_perm(user: Any, perm: Perm | str) -> bool:
    """Whether ``user`` holds ``perm`` (a ``Perm`` or its string value such as ``"enterprise.edit"``)."""
    return Perm(perm) in perms_for(user)


def sees_contacts(user: Any) -> bool:
    """Whether personal contact data (phones, e-mail addresses) is shown to ``user`` unmasked."""
    return has_perm(user, Perm.VIEW_CONTACTS)


def require(perm: Perm) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view: log in first, then 403 unless the user holds ``perm``."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator

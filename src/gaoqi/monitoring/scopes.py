"""Which towns a user's monitoring figures cover (enterprise rows are scoped by ``for_user``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gaoqi.accounts.models import Role
from gaoqi.reference.models import Town


def visible_towns(user: Any = None) -> QuerySet[Town]:
    """Every town, ordered by code; a town officer's own town only (``user=None``: every town)."""
    towns = Town.objects.order_by("code")
    if user is not None and not user.is_superuser and user.role == Role.TOWN_OFFICER:
        return towns.filter(code=user.town_code)
    return towns

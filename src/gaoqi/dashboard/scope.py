"""Which aggregates a user sees: the district's, or their town's (the same rule as ``for_user``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from gaoqi.accounts.models import Role
from gaoqi.core.scopes import enterprise_filter
from gaoqi.enterprises.models import Enterprise

DISTRICT = "district"
TOWN_PREFIX = "town:"


@dataclass(frozen=True)
class Scope:
    """A dashboard scope: the whole district (``town_code`` empty) or one town."""

    town_code: str = ""

    @property
    def key(self) -> str:
        """The snapshot key: ``"district"`` or ``"town:<code>"``."""
        return f"{TOWN_PREFIX}{self.town_code}" if self.town_code else DISTRICT

    def condition(self, path: str = "") -> Q:
        """The filter selecting this scope's rows, lookups prefixed by ``path`` (``"enterprise__"``)."""
        return Q(**{f"{path}town__code": self.town_code}) if self.town_code else Q()

    def enterprises(self) -> QuerySet[Enterprise]:
        """The enterprises of this scope."""
        return Enterprise.objects.filter(self.condition())

    @classmethod
    def from_key(cls, key: str) -> Scope:
        """The scope named by a snapshot key."""
        return cls(key.removeprefix(TOWN_PREFIX) if key.startswith(TOWN_PREFIX) else "")


def scope_for(user: Any) -> Scope | None:
    """The scope of ``user``'s dashboard: the district for roles that see every enterprise, the town of
    a town officer, ``None`` for anyone else (an enterprise user has no district dashboard)."""
    if enterprise_filter(user) is None:
        return Scope()
    if getattr(user, "role", None) == Role.TOWN_OFFICER and user.town_code:
        return Scope(user.town_code)
    return None

"""Who may do what in cultivation; which enterprises stays the query layer's job (``for_user``)."""

from __future__ import annotations

from typing import Any

from gaoqi.accounts.models import Role
from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.core.scopes import can_edit
from gaoqi.jobs.tasks import may_evaluate_district

MANAGER_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_OFFICER, Role.TOWN_OFFICER})

__all__ = ["may_manage", "may_manage_any", "may_run_screening", "may_screen", "may_update_action"]


def may_screen(user: Any) -> bool:
    """Screening results and tier statistics: the roles that read dashboards."""
    return has_perm(user, Perm.VIEW_DASHBOARD)


def may_run_screening(user: Any) -> bool:
    """District screening runs: whoever may start a district-wide evaluation."""
    return may_evaluate_district(user)


def may_manage_any(user: Any) -> bool:
    """Whether the user's role manages pool entries at all (bureau and town officers)."""
    active = getattr(user, "is_authenticated", False) and user.is_active
    return bool(active and (user.is_superuser or user.role in MANAGER_ROLES))


def may_manage(user: Any, enterprise: Any) -> bool:
    """Enter, plan, visit and exit ``enterprise``: a managing role that may edit its file (its scope)."""
    return may_manage_any(user) and can_edit(user, enterprise)


def may_update_action(user: Any, enterprise: Any) -> bool:
    """Change an action's status: the enterprise's managers, and the enterprise's own users."""
    own = (
        getattr(user, "role", None) == Role.ENTERPRISE_USER
        and getattr(user, "enterprise_id", None) == enterprise.pk
    )
    return may_manage(user, enterprise) or bool(own and user.is_active)

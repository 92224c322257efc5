"""The cultivation pool's life cycle: entry with a plan seeded from the engine, actions, visits, exit.

Every function checks the acting user's scope and role (``permissions``) and writes through model saves,
so each change is versioned and audited by the signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.cultivation.models import PlanAction, PoolEntry, ScreeningResult
from gaoqi.cultivation.permissions import may_manage, may_update_action
from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.models import Enterprise
from gaoqi.policy import InputError, ParameterError, plan_for

MONTH_DAYS = 30


@dataclass
class Added:
    """What ``add_to_pool`` did: the new entries and the enterprises skipped (with the reason)."""

    entries: list[PoolEntry] = field(default_factory=list)
    skipped: list[tuple[Enterprise, str]] = field(default_factory=list)


def add_to_pool(
    user: Any,
    enterprise_ids: Iterable[int],
    year: int,
    reason: str,
    *,
    owner: Any = None,
    run_id: int | None = None,
    entered_on: dt.date | None = None,
) -> Added:
    """Enter the enterprises (within the user's scope and management rights) in the pool of ``year``,
    each with a plan seeded from the engine's cheapest plan. Enterprises already in that year's pool,
    or outside the user's rights, are skipped."""
    entered_on = entered_on or timezone.localdate()
    enterprises = Enterprise.objects.for_user(user).filter(pk__in=list(enterprise_ids)).select_related("town")
    present = set(
        PoolEntry.objects.filter(year=year, enterprise__in=enterprises).values_list(
            "enterprise_id", flat=True
        )
    )
    results = _results(run_id, enterprises)
    outcome = Added()
    for enterprise in enterprises.order_by("name"):
        if enterprise.pk in present:
            outcome.skipped.append((enterprise, _("已在 %(year)s 年度培育库中") % {"year": year}))
        elif not may_manage(user, enterprise):
            outcome.skipped.append((enterprise, _("无权管理该企业")))
        else:
            with transaction.atomic():
                entry = PoolEntry.objects.create(
                    enterprise=enterprise,
                    year=year,
                    entered_on=entered_on,
                    entry_reason=reason,
                    owner=owner or user,
                    screening_result_id=results.get(enterprise.pk),
                )
                seed_plan(entry)
            outcome.entries.append(entry)
    return outcome


def _results(run_id: int | None, enterprises: Any) -> dict[int, int]:
    if run_id is None:
        return {}
    rows = ScreeningResult.objects.filter(run_id=run_id, enterprise__in=enterprises).values_list(
        "enterprise_id", "pk"
    )
    return dict(rows)


def seed_plan(entry: PoolEntry, as_of: dt.date | None = None) -> list[PlanAction]:
    """Add the engine's cheapest plan (on ``as_of``, default the entry date) as suggested actions, each
    due after its lead time and in the charge of the entry's owner; the plan's blockers become notes on a
    review action. Returns the actions."""
    as_of = as_of or entry.entered_on
    responsible = str(entry.owner)[:64] if entry.owner else ""
    try:
        plan = plan_for(to_record(entry.enterprise, as_of), as_of)
    except (InputError, ParameterError) as error:
        plan = {"error": str(error)}
    actions = [
        PlanAction(
            entry=entry,
            source=PlanAction.Source.ENGINE,
            kind=item["kind"],
            description=item["description"][:255],
            cost=Decimal(str(item["cost"])),
            responsible=responsible,
            deadline=entry.entered_on + dt.timedelta(days=MONTH_DAYS * int(item["lead_months"] or 0)),
        )
        for item in plan.get("actions", [])
    ]
    notes = [blocker["text"] for blocker in plan.get("blockers", [])]
    if plan.get("error"):
        notes.append(plan["error"])
    if notes:
        actions.append(
            PlanAction(
                entry=entry,
                source=PlanAction.Source.ENGINE,
                kind="review",
                description=str(_("核实无法通过投入解决的事项")),
                responsible=responsible,
                note="\n".join(notes),
            )
        )
    for action in actions:
        action.save()
    return actions


def set_action_status(user: Any, action: PlanAction, status: str, expected_version: int) -> PlanAction:
    """Change an action's status as an edit of ``expected_version`` (done sets the completion date)."""
    if not may_update_action(user, action.entry.enterprise):
        raise PermissionDenied
    if status not in PlanAction.Status.values:
        raise ValueError(status)
    action.status = status
    action.completed_on = timezone.localdate() if status == PlanAction.Status.DONE else None
    action.save_versioned(expected_version)
    return action


def exit_entry(
    user: Any, entry: PoolEntry, *, exited_on: dt.date, kind: str, reason: str, expected_version: int
) -> PoolEntry:
    """Take ``entry`` out of the pool with a date, a kind and a reason."""
    if not may_manage(user, entry.enterprise):
        raise PermissionDenied
    entry.exited_on, entry.exit_kind, entry.exit_reason = exited_on, kind, reason
    entry.full_clean(exclude=["enterprise", "owner", "screening_result"])
    entry.save_versioned(expected_version)
    return entry

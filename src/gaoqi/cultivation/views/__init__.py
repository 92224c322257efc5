"""Cultivation pages: screening, the pool, tiers."""

from gaoqi.cultivation.views.pool import (
    action_edit,
    action_new,
    action_status,
    entry_detail,
    entry_edit,
    entry_exit,
    pool_add,
    pool_list,
    visit_edit,
    visit_new,
)
from gaoqi.cultivation.views.screening import (
    result_detail,
    run_changes,
    screening,
    screening_export,
    start_screening,
)
from gaoqi.cultivation.views.tiers import target_edit, tier_overview, tiers_export

__all__ = [
    "action_edit",
    "action_new",
    "action_status",
    "entry_detail",
    "entry_edit",
    "entry_exit",
    "pool_add",
    "pool_list",
    "result_detail",
    "run_changes",
    "screening",
    "screening_export",
    "start_screening",
    "target_edit",
    "tier_overview",
    "tiers_export",
    "visit_edit",
    "visit_new",
]

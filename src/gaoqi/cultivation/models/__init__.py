"""Cultivation models: screening runs and results, the pool with plans and visits, tiers and targets."""

from gaoqi.cultivation.models.pool import PlanAction, PoolEntry, Visit
from gaoqi.cultivation.models.screening import (
    ScreeningResult,
    ScreeningRun,
    pack,
    pack_text,
    unpack,
    unpack_text,
)
from gaoqi.cultivation.models.tiers import TIER_RANK, DoublingTarget, TierRecord

__all__ = [
    "TIER_RANK",
    "DoublingTarget",
    "PlanAction",
    "PoolEntry",
    "ScreeningResult",
    "ScreeningRun",
    "TierRecord",
    "Visit",
    "pack",
    "pack_text",
    "unpack",
    "unpack_text",
]

"""The kinds of enterprise a district holds, with their shares and the ranges their figures come from.

Most enterprises are ordinary traditional firms; the rest are chosen so that every result of the engine
shows up: valid and expired HNTEs, clear and uncertain candidates, candidates pinned just below, on and
just above each HNTE threshold, 双清零 cases, young enterprises, tech SMEs and upper-tier candidates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Archetype:
    key: str
    share: float
    """Expected fraction of the district; every archetype appears at least once when count allows."""
    sales: tuple[float, float, float]
    """Last-year sales in 万元: lognormal median and sigma, then a floor."""
    rd_ratio: tuple[float, float]
    staff_ratio: tuple[float, float]
    hitech_share: tuple[float, float]
    age_days: tuple[int, int]
    ip: str
    """``none``, ``few``, ``class2``, ``mixed``, ``class1`` or ``strong`` (see ``portfolio``)."""
    achievements: tuple[int, int] = (0, 1)
    """Range of achievements transformed in the last three years."""
    hnte: str = "none"
    """``none``, ``valid`` or ``expired``."""
    institution: str = "none"
    """``none``, ``maybe``, ``municipal``, ``provincial`` or ``national``."""
    expert_known: bool = False
    tech_sme: bool = False
    manufacturing_only: bool = False
    growth: tuple[float, float] = (0.0, 0.12)
    no_rd_share: float = 0.0
    """Fraction of these enterprises that report no R&D at all."""
    insolvent_share: float = 0.0
    """Fraction of these enterprises whose net assets are negative."""
    pin: str | None = None
    """``rd``, ``staff`` or ``hitech`` with ``:below``, ``:at`` or ``:above``."""
    incident: bool = False


_YEAR = 365
_CANDIDATE = {
    "sales": (2500.0, 0.8, 300.0),
    "rd_ratio": (0.058, 0.08),
    "staff_ratio": (0.15, 0.3),
    "hitech_share": (0.66, 0.88),
    "age_days": (5 * _YEAR, 18 * _YEAR),
    "ip": "class1",
    "achievements": (12, 18),
    "institution": "municipal",
    "expert_known": True,
    "tech_sme": True,
    "growth": (0.14, 0.24),
}
_HNTE = {**_CANDIDATE, "hnte": "valid", "tech_sme": False, "growth": (0.12, 0.24)}


def _like(base: dict, **changes: object) -> Archetype:
    """An archetype from a shared set of values with some of them changed."""
    return Archetype(**{**base, **changes})


def _pinned(indicator: str, side: str) -> Archetype:
    return _like(_CANDIDATE, key=f"{indicator}_{side}", share=0.004, pin=f"{indicator}:{side}")


ARCHETYPES: tuple[Archetype, ...] = (
    _like(
        _HNTE,
        sales=(2500.0, 1.0, 600.0),
        rd_ratio=(0.038, 0.07),
        staff_ratio=(0.12, 0.35),
        key="hnte_valid",
        share=0.15,
        hitech_share=(0.62, 0.9),
        age_days=(5 * _YEAR, 25 * _YEAR),
        ip="mixed",
    ),
    Archetype(
        key="hnte_expired",
        share=0.03,
        sales=(4000.0, 1.0, 600.0),
        rd_ratio=(0.025, 0.06),
        staff_ratio=(0.08, 0.25),
        hitech_share=(0.5, 0.85),
        age_days=(6 * _YEAR, 25 * _YEAR),
        ip="mixed",
        achievements=(3, 12),
        hnte="expired",
        institution="maybe",
    ),
    _like(_CANDIDATE, key="candidate_pass", share=0.025),
    _like(_CANDIDATE, expert_known=False, growth=(0.08, 0.3), key="candidate_uncertain", share=0.04),
    *(
        _pinned(indicator, side)
        for indicator in ("rd", "staff", "hitech")
        for side in ("below", "at", "above")
    ),
    Archetype(
        key="double_zero_rd",
        share=0.012,
        sales=(16000.0, 0.35, 10000.0),
        rd_ratio=(0.0, 0.0),
        staff_ratio=(0.01, 0.05),
        hitech_share=(0.0, 0.15),
        age_days=(8 * _YEAR, 30 * _YEAR),
        ip="few",
        manufacturing_only=True,
    ),
    Archetype(
        key="double_zero_institution",
        share=0.005,
        sales=(70000.0, 0.3, 50000.0),
        rd_ratio=(0.004, 0.015),
        staff_ratio=(0.03, 0.08),
        hitech_share=(0.1, 0.4),
        age_days=(10 * _YEAR, 30 * _YEAR),
        ip="class2",
        achievements=(0, 4),
        manufacturing_only=True,
    ),
    Archetype(
        key="young_new",
        share=0.015,
        sales=(300.0, 0.7, 20.0),
        rd_ratio=(0.03, 0.12),
        staff_ratio=(0.1, 0.5),
        hitech_share=(0.3, 0.9),
        age_days=(30, 360),
        ip="few",
    ),
    Archetype(
        key="young_growing",
        share=0.03,
        sales=(900.0, 0.7, 50.0),
        rd_ratio=(0.04, 0.1),
        staff_ratio=(0.1, 0.4),
        hitech_share=(0.5, 0.9),
        age_days=(400, 3 * _YEAR - 10),
        ip="class2",
        achievements=(0, 6),
        growth=(0.3, 0.8),
    ),
    Archetype(
        key="tech_sme",
        share=0.12,
        sales=(1200.0, 0.8, 100.0),
        rd_ratio=(0.03, 0.07),
        staff_ratio=(0.1, 0.3),
        hitech_share=(0.3, 0.7),
        age_days=(3 * _YEAR, 15 * _YEAR),
        ip="class2",
        achievements=(0, 6),
        institution="maybe",
        tech_sme=True,
    ),
    _like(
        _HNTE,
        sales=(12000.0, 0.4, 5200.0),
        rd_ratio=(0.043, 0.06),
        hitech_share=(0.7, 0.9),
        key="little_giant",
        share=0.007,
        age_days=(10 * _YEAR, 25 * _YEAR),
        ip="strong",
        institution="provincial",
    ),
    _like(
        _HNTE,
        sales=(80000.0, 0.3, 52000.0),
        rd_ratio=(0.032, 0.045),
        staff_ratio=(0.12, 0.25),
        key="leading",
        share=0.002,
        hitech_share=(0.65, 0.85),
        age_days=(15 * _YEAR, 30 * _YEAR),
        ip="strong",
        institution="national",
        manufacturing_only=True,
    ),
    _like(_CANDIDATE, key="incident", share=0.005, incident=True),
)

ORDINARY = Archetype(
    key="ordinary",
    share=0.0,
    sales=(1500.0, 1.3, 50.0),
    rd_ratio=(0.0, 0.012),
    staff_ratio=(0.01, 0.08),
    hitech_share=(0.0, 0.3),
    age_days=(3 * _YEAR, 30 * _YEAR),
    ip="few",
    achievements=(0, 0),
    growth=(-0.08, 0.1),
    no_rd_share=0.35,
    insolvent_share=0.02,
)


def plan_archetypes(rng: random.Random, count: int) -> list[Archetype]:
    """``count`` archetypes in a shuffled order: each special one by its share, at least one each."""
    plan: list[Archetype] = []
    for archetype in ARCHETYPES:
        plan.extend([archetype] * max(1, round(archetype.share * count)))
    plan = plan[:count]
    plan.extend([ORDINARY] * (count - len(plan)))
    rng.shuffle(plan)
    return plan

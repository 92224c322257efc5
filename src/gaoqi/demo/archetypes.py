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
    """``none``, ``few``, ``class2``, ``class1`` or ``strong``."""
    hnte: str = "none"
    """``none``, ``valid`` or ``expired``."""
    institution: str = "none"
    """``none``, ``maybe``, ``municipal``, ``provincial`` or ``national``."""
    expert_known: bool = False
    tech_sme: bool = False
    manufacturing_only: bool = False
    growth: tuple[float, float] = (0.0, 0.12)
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
    "institution": "municipal",
    "expert_known": True,
    "tech_sme": True,
    "growth": (0.14, 0.24),
}


def _pinned(indicator: str, side: str) -> Archetype:
    return Archetype(key=f"{indicator}_{side}", share=0.004, pin=f"{indicator}:{side}", **_CANDIDATE)


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "hnte_valid",
        0.15,
        (6000.0, 1.0, 800.0),
        (0.038, 0.07),
        (0.12, 0.35),
        (0.62, 0.9),
        (5 * _YEAR, 25 * _YEAR),
        "strong",
        hnte="valid",
        institution="municipal",
        expert_known=True,
        growth=(0.12, 0.24),
    ),
    Archetype(
        "hnte_expired",
        0.03,
        (5000.0, 1.0, 600.0),
        (0.025, 0.06),
        (0.08, 0.25),
        (0.5, 0.85),
        (6 * _YEAR, 25 * _YEAR),
        "strong",
        hnte="expired",
        institution="maybe",
    ),
    Archetype("candidate_pass", 0.025, **_CANDIDATE),
    Archetype("candidate_uncertain", 0.04, **{**_CANDIDATE, "expert_known": False, "growth": (0.02, 0.2)}),
    *(
        _pinned(indicator, side)
        for indicator in ("rd", "staff", "hitech")
        for side in ("below", "at", "above")
    ),
    Archetype(
        "double_zero_rd",
        0.012,
        (16000.0, 0.35, 10000.0),
        (0.0, 0.0),
        (0.01, 0.05),
        (0.0, 0.15),
        (8 * _YEAR, 30 * _YEAR),
        "few",
        manufacturing_only=True,
    ),
    Archetype(
        "double_zero_institution",
        0.005,
        (70000.0, 0.3, 50000.0),
        (0.004, 0.015),
        (0.03, 0.08),
        (0.1, 0.4),
        (10 * _YEAR, 30 * _YEAR),
        "class2",
        manufacturing_only=True,
    ),
    Archetype("young_new", 0.015, (300.0, 0.7, 20.0), (0.03, 0.12), (0.1, 0.5), (0.3, 0.9), (30, 360), "few"),
    Archetype(
        "young_growing",
        0.03,
        (900.0, 0.7, 50.0),
        (0.04, 0.1),
        (0.1, 0.4),
        (0.5, 0.9),
        (400, 3 * _YEAR - 10),
        "class2",
        growth=(0.3, 0.8),
    ),
    Archetype(
        "tech_sme",
        0.12,
        (1200.0, 0.8, 100.0),
        (0.03, 0.07),
        (0.1, 0.3),
        (0.3, 0.7),
        (3 * _YEAR, 15 * _YEAR),
        "class2",
        institution="maybe",
        tech_sme=True,
    ),
    Archetype(
        "little_giant",
        0.007,
        (12000.0, 0.4, 5200.0),
        (0.043, 0.06),
        (0.15, 0.3),
        (0.7, 0.9),
        (10 * _YEAR, 25 * _YEAR),
        "strong",
        hnte="valid",
        institution="provincial",
        expert_known=True,
        growth=(0.12, 0.25),
    ),
    Archetype(
        "leading",
        0.002,
        (80000.0, 0.3, 52000.0),
        (0.032, 0.045),
        (0.12, 0.25),
        (0.65, 0.85),
        (15 * _YEAR, 30 * _YEAR),
        "strong",
        hnte="valid",
        institution="national",
        expert_known=True,
        manufacturing_only=True,
        growth=(0.1, 0.2),
    ),
    Archetype("incident", 0.005, incident=True, **_CANDIDATE),
)

ORDINARY = Archetype(
    "ordinary",
    0.0,
    (1500.0, 1.3, 50.0),
    (0.0, 0.012),
    (0.01, 0.08),
    (0.0, 0.3),
    (3 * _YEAR, 30 * _YEAR),
    "few",
    growth=(-0.08, 0.1),
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

"""The deterministic district generator: ``generate_district(region, count, seed, today, thresholds)``.

Pure: it reads nothing and writes nothing, and the same arguments always give the same district.
Each enterprise draws from its own ``random.Random`` seeded by ``(seed, index)``, so one enterprise's
data does not depend on how many random numbers the others used.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from gaoqi.demo import finance, identity, portfolio
from gaoqi.demo.archetypes import Archetype, plan_archetypes
from gaoqi.demo.profiles import PROFILES, IndustryProfile
from gaoqi.demo.records import CertificateData, EnterpriseData, FiscalYearData, RegionRef
from gaoqi.demo.thresholds import Thresholds

FISCAL_YEARS = 5
_PIN_OFFSETS = {
    "rd": {"below": Decimal("-0.002"), "at": Decimal(0), "above": Decimal("0.002")},
    "staff": {"below": Decimal("-0.0025"), "at": Decimal(0), "above": Decimal("0.0025")},
    "hitech": {"below": Decimal("-0.005"), "at": Decimal(0), "above": Decimal("0.005")},
}
"""How far a pinned candidate sits from the threshold: just below, exactly on, just above."""


def generate_district(
    region: RegionRef, count: int, seed: int, today: date, thresholds: Thresholds
) -> list[EnterpriseData]:
    """``count`` enterprises of ``region`` as of ``today``, boundary candidates pinned to ``thresholds``;
    equal arguments give equal districts."""
    plan = plan_archetypes(random.Random(seed), count)
    seen: set[str] = set()
    district = []
    for index, kind in enumerate(plan):
        rng = random.Random(f"{seed}:{index}")
        enterprise = _enterprise(rng, region, kind, today, seen, thresholds)
        seen.update((enterprise.uscc, enterprise.name))
        district.append(enterprise)
    return district


def _enterprise(
    rng: random.Random,
    region: RegionRef,
    kind: Archetype,
    today: date,
    seen: set[str],
    thresholds: Thresholds,
) -> EnterpriseData:
    profile = _profile(rng, kind)
    registered_on = today - timedelta(days=rng.randint(*kind.age_days))
    town = rng.choices(region.towns, [1 if t.name.endswith("镇") else 3 for t in region.towns])[0]
    trade_name, name = _unique_name(rng, region, profile, seen)
    hnte = portfolio.hnte_certificates(rng, kind.hnte, today, region.division_code[:2])
    ip = portfolio.ip_portfolio(
        rng, kind, profile, registered_on, today, trade_name, sorted(c.issued_on.year for c in hnte)
    )
    done = portfolio.achievements(rng, rng.randint(*kind.achievements), profile, today)
    return EnterpriseData(
        archetype=kind.key,
        uscc=_unique_uscc(rng, region, seen),
        name=name,
        former_names=_former_names(rng, region, profile, trade_name, name),
        registered_on=registered_on,
        town_code=town.code,
        industry_code=rng.choice(profile.classes),
        tech_field=_tech_field(rng, region, profile, kind),
        segment_code=_segment(region, profile),
        address=identity.address(rng, town.name),
        legal_representative=identity.person_name(rng),
        contact_name=identity.person_name(rng),
        contact_phone=identity.fake_phone(rng),
        contact_email=f"contact{rng.randint(0, 99_999_999):08d}@example.com",
        standards_drafted=rng.random() < (0.5 if kind.expert_known else 0.05),
        national_award_top3_5y=kind.key == "leading" and rng.random() < 0.4,
        led_standard_5y=kind.key == "leading",
        ic_or_mother_machine=profile.key in ("optoelectronics", "integrated_circuits", "textile_machinery")
        and rng.random() < 0.3,
        rd_management=_rd_management(rng) if kind.expert_known else None,
        expert_points=_expert_points(rng, len(done)) if kind.expert_known else None,
        fiscal_years=_fiscal_years(rng, kind, profile, registered_on, today, thresholds),
        ip_assets=tuple(ip),
        achievements=tuple(done),
        institutions=tuple(portfolio.institutions(rng, kind.institution, trade_name, registered_on, today)),
        certificates=(*hnte, *_registrations(rng, kind, region, registered_on, today)),
        incidents=tuple(portfolio.incidents(rng, kind.incident, today)),
    )


def _former_names(
    rng: random.Random, region: RegionRef, profile: IndustryProfile, trade_name: str, name: str
) -> tuple[str, ...]:
    """Some enterprises were renamed: the same trade name with another line of business."""
    former = identity.company_name(rng, region.name_prefix, trade_name, profile.business[0])
    return (former,) if former != name and rng.random() < 0.12 else ()


def _registrations(
    rng: random.Random, kind: Archetype, region: RegionRef, registered_on: date, today: date
) -> tuple[CertificateData, ...]:
    """Tech-SME registration numbers, and for half of the upper-tier candidates their recognition."""
    result: list[CertificateData] = []
    if kind.tech_sme or (kind.hnte == "valid" and rng.random() < 0.3):
        result += portfolio.tech_sme_registrations(rng, today, region.division_code, registered_on)
    if kind.key in ("little_giant", "leading") and rng.random() < 0.5:
        result.append(portfolio.tier_certificate(rng, kind.key, today, region.division_code))
    return tuple(result)


def _profile(rng: random.Random, kind: Archetype) -> IndustryProfile:
    needs_field = kind.hnte != "none" or kind.expert_known or kind.pin is not None
    pool = [
        p
        for p in PROFILES
        if (p.manufacturing or not kind.manufacturing_only) and (p.tech_fields or not needs_field)
    ]
    return rng.choices(pool, [p.weight for p in pool])[0]


def _unique_name(
    rng: random.Random, region: RegionRef, profile: IndustryProfile, seen: set[str]
) -> tuple[str, str]:
    while True:
        trade_name = identity.brand(rng)
        name = identity.company_name(rng, region.name_prefix, trade_name, rng.choice(profile.business))
        if name not in seen:
            return trade_name, name


def _unique_uscc(rng: random.Random, region: RegionRef, seen: set[str]) -> str:
    while True:
        code = identity.make_uscc(rng, region.division_code)
        if code not in seen:
            return code


def _tech_field(
    rng: random.Random, region: RegionRef, profile: IndustryProfile, kind: Archetype
) -> str | None:
    fields = [f for f in profile.tech_fields if not region.tech_fields or f in region.tech_fields]
    if not fields or (kind.key == "ordinary" and rng.random() < 0.7):
        return None
    return rng.choice(fields)


def _segment(region: RegionRef, profile: IndustryProfile) -> str | None:
    for word in profile.segment_words:
        for segment in region.segments:
            if word in segment.name:
                return segment.code
    return None


def _rd_management(rng: random.Random) -> dict[str, int]:
    return {
        "system": rng.randint(5, 6),
        "institution": rng.randint(4, 6),
        "incentives": rng.randint(3, 4),
        "talent": rng.randint(3, 4),
    }


def _expert_points(rng: random.Random, achievements_3y: int) -> dict[str, int]:
    """Expert points inside the bands the data fixes (transformation by the annual average)."""
    average = achievements_3y / 3
    band_floor = 25 if average >= 5 else 19 if average >= 4 else 13 if average >= 3 else 7
    return {
        "advancement": rng.randint(6, 8),
        "core_support": rng.randint(6, 8),
        "acquisition": rng.randint(4, 6),
        "standards": 0,
        "transformation": rng.randint(band_floor, band_floor + 5),
    }


def _fiscal_years(
    rng: random.Random,
    kind: Archetype,
    profile: IndustryProfile,
    registered_on: date,
    today: date,
    thresholds: Thresholds,
) -> tuple[FiscalYearData, ...]:
    years = [y for y in range(today.year - FISCAL_YEARS, today.year) if y >= registered_on.year]
    if not years:
        return ()
    median, sigma, floor = kind.sales
    shape = finance.Shape(
        last_sales=max(floor, median * math.exp(rng.gauss(0, sigma))),
        growth=rng.uniform(*kind.growth),
        rd_ratio=0.0 if rng.random() < kind.no_rd_share else rng.uniform(*kind.rd_ratio),
        staff_ratio=rng.uniform(*kind.staff_ratio),
        hitech_share=rng.uniform(*kind.hitech_share),
        revenue_per_employee=profile.revenue_per_employee * rng.uniform(0.4, 0.9),
        entrusted_share=rng.uniform(0.02, 0.12) if rng.random() < 0.3 else 0.0,
        overseas_share=rng.uniform(0.05, 0.5) if rng.random() < 0.03 and kind.pin is None else 0.0,
        other_share=0.25 if rng.random() < 0.05 and kind.pin is None else rng.uniform(0.0, 0.1),
        with_deduction=rng.random() < 0.6,
        equity=rng.uniform(-0.3, -0.05) if rng.random() < kind.insolvent_share else rng.uniform(0.3, 0.85),
    )
    first_fraction = (date(years[0], 12, 31) - max(registered_on, date(years[0], 1, 1))).days / 365
    rows = finance.build_years(rng, shape, years, max(first_fraction, 0.05))
    _shape_case(rng, kind, rows, shape, thresholds)
    return tuple(FiscalYearData(year=row.pop("year"), figures=row) for row in rows)


def _shape_case(
    rng: random.Random, kind: Archetype, rows: list[dict], shape: finance.Shape, thresholds: Thresholds
) -> None:
    """Pin the archetype's indicator onto its boundary, or clear R&D for the 双清零 cases."""
    last = rows[-1]
    if kind.key == "double_zero_rd":
        if rng.random() < 0.25:
            finance.rescale_sales(rows, thresholds.no_rd_activity_sales)
        for row in rows:
            finance.clear_rd(row)
    elif kind.key == "double_zero_institution" and rng.random() < 0.25:
        finance.rescale_sales(rows, thresholds.no_rd_institution_sales)
    if kind.pin is None:
        return
    indicator, side = kind.pin.split(":")
    offset = _PIN_OFFSETS[indicator][side]
    if indicator == "rd":
        if side == "at" and rng.random() < 0.5:
            finance.rescale_sales(rows, thresholds.first_bracket_top)
        finance.pin_rd_ratio(rng, rows[-3:], thresholds.rd_ratio(last["sales_revenue"]) + offset, shape)
    elif indicator == "staff":
        employees = Decimal(10 * max(3, round(last["employees"] / 10)))
        if side == "at" and rng.random() < 0.5:
            employees += Decimal("0.5")
        finance.pin_staff_ratio(last, thresholds.staff_ratio + offset, employees)
    else:
        finance.pin_hitech_share(last, thresholds.hitech_share + offset)

"""The dashboard's aggregates over one scope, each counted in the database (no per-enterprise loop).

Definitions (docs/dashboard.md):
- HNTE in year Y: an HNTE certificate valid on 31 December of Y (issued within the three years before);
- tech-SME in year Y: a tech-SME registration of year Y (its ``year``, else the year it was issued);
- R&D expense: ``rd_total`` when given, else the sum of the R&D categories; intensity = Σ R&D / Σ sales;
- tiers: the latest evaluation's tier (the enterprise list filters on the same column, so every tier
  figure drills down to exactly the enterprises it counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce

from gaoqi.dashboard.scope import Scope
from gaoqi.enterprises.models import Certificate, Evaluation, FiscalYear
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.reference.models import Segment, Town

TREND_YEARS = 5
HNTE_VALID_YEARS = 3
TIERS = tuple(value for value, _label in Evaluation.Tier.choices)
CERTIFIED_TIERS = ("hnte", "little_giant", "leading")
_MONEY = DecimalField(max_digits=24, decimal_places=4)


def shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years`` years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def hnte_valid_on(day: dt.date, path: str = "") -> Q:
    """HNTE certificates (``path`` prefixes the lookups) valid on ``day``."""
    return Q(
        **{
            f"{path}kind": Certificate.Kind.HNTE,
            f"{path}issued_on__lte": day,
            f"{path}issued_on__gt": shift_years(day, -HNTE_VALID_YEARS),
        }
    )


def tech_sme_of_year(year: int, path: str = "") -> Q:
    """Tech-SME registrations of ``year``."""
    return Q(**{f"{path}kind": Certificate.Kind.TECH_SME}) & (
        Q(**{f"{path}year": year}) | Q(**{f"{path}year__isnull": True, f"{path}issued_on__year": year})
    )


def rd_expense() -> Coalesce:
    """A fiscal year's R&D expense: the given total, else the sum of its categories."""
    parts = [Coalesce(F(name), Value(Decimal(0)), output_field=_MONEY) for name in RD_CATEGORY_FIELDS]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return Coalesce(F("rd_total"), ExpressionWrapper(total, output_field=_MONEY), output_field=_MONEY)


def trend_years(scope: Scope, as_of: dt.date) -> list[int]:
    """The last ``TREND_YEARS`` fiscal years ending with the latest one recorded (not after ``as_of``)."""
    latest = (
        FiscalYear.objects.filter(scope.condition("enterprise__"), year__lte=as_of.year).aggregate(
            last=Max("year")
        )["last"]
        or as_of.year - 1
    )
    return list(range(latest - TREND_YEARS + 1, latest + 1))


def year_end(year: int, as_of: dt.date) -> dt.date:
    """31 December of ``year``, or ``as_of`` when that comes first."""
    return min(dt.date(year, 12, 31), as_of)


def intensity(rd: Decimal | None, sales: Decimal | None) -> str | None:
    """R&D / sales as text with six decimals, ``None`` without sales."""
    if not rd or not sales:
        return None if not sales else "0"
    return str((rd / sales).quantize(Decimal("0.000001")))


def _text(value: Decimal | None) -> str:
    return str((value or Decimal(0)).quantize(Decimal("0.0001")))


def _certificate_counts(scope: Scope, years: list[int], as_of: dt.date, group: str | None) -> dict:
    """Per group (``None``: the whole scope) and year: HNTE holders at year end, tech-SME registrations."""
    counts: dict[str, Any] = {}
    for year in years:
        counts[f"h{year}"] = Count("enterprise", distinct=True, filter=hnte_valid_on(year_end(year, as_of)))
        counts[f"t{year}"] = Count("enterprise", distinct=True, filter=tech_sme_of_year(year))
    counts["t_now"] = Count("enterprise", distinct=True, filter=tech_sme_of_year(as_of.year))
    rows = Certificate.objects.filter(scope.condition("enterprise__"))
    if group is None:
        return {None: rows.aggregate(**counts)}
    return {row[group]: row for row in rows.values(group).annotate(**counts).order_by()}


def _money_by(scope: Scope, group: str | None, years: list[int]) -> dict:
    """Σ R&D and Σ sales per group (``None``: the whole scope) and year."""
    sums: dict[str, Any] = {}
    for year in years:
        sums[f"rd{year}"] = Sum(rd_expense(), filter=Q(year=year))
        sums[f"s{year}"] = Sum("sales_revenue", filter=Q(year=year))
    rows = FiscalYear.objects.filter(scope.condition("enterprise__"), year__in=years)
    if group is None:
        return {None: rows.aggregate(**sums)}
    return {row[group]: row for row in rows.values(group).annotate(**sums).order_by()}


def _tiers_by(scope: Scope, group: str | None) -> dict:
    """Latest-evaluation tier counts per group (``None``: the whole scope)."""
    counts = {tier: Count("pk", filter=Q(tier=tier)) for tier in TIERS}
    rows = Evaluation.objects.filter(scope.condition("enterprise__"), is_latest=True)
    if group is None:
        return {None: rows.aggregate(**counts)}
    return {row[group]: row for row in rows.values(group).annotate(**counts).order_by()}


def _enterprises_by(scope: Scope, group: str | None) -> dict:
    rows = scope.enterprises()
    if group is None:
        return {None: rows.count()}
    return dict(rows.values_list(group).annotate(n=Count("pk")).order_by())


def _row(years: list[int], certs: dict, money: dict, tiers: dict, enterprises: int) -> dict[str, Any]:
    """One group's figures: the tiers now, and per year HNTE, tech-SME, R&D, sales and intensity."""
    last = years[-1]
    tier_counts = {tier: int(tiers.get(tier) or 0) for tier in TIERS}
    return {
        "enterprises": enterprises,
        "evaluated": sum(tier_counts.values()),
        "tiers": tier_counts,
        "hnte": sum(tier_counts[tier] for tier in CERTIFIED_TIERS),
        "tech_sme": int(certs.get("t_now") or 0),
        "rd_total": _text(money.get(f"rd{last}")),
        "sales": _text(money.get(f"s{last}")),
        "rd_intensity": intensity(money.get(f"rd{last}"), money.get(f"s{last}")),
        "trend": [
            {
                "year": year,
                "hnte": int(certs.get(f"h{year}") or 0),
                "tech_sme": int(certs.get(f"t{year}") or 0),
                "rd_total": _text(money.get(f"rd{year}")),
                "sales": _text(money.get(f"s{year}")),
                "rd_intensity": intensity(money.get(f"rd{year}"), money.get(f"s{year}")),
            }
            for year in years
        ],
    }


def _grouped(scope: Scope, years: list[int], as_of: dt.date, group: str | None) -> dict:
    """``_row`` for every group value found by any of the four queries."""
    enterprise_group = None if group is None else group.removeprefix("enterprise__")
    certs = _certificate_counts(scope, years, as_of, group)
    money = _money_by(scope, group, years)
    tiers = _tiers_by(scope, group)
    enterprises = _enterprises_by(scope, enterprise_group)
    keys: Iterable[Any] = set(certs) | set(money) | set(tiers) | set(enterprises)
    return {
        key: _row(years, certs.get(key, {}), money.get(key, {}), tiers.get(key, {}), enterprises.get(key, 0))
        for key in keys
    }


def district_figures(scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """The scope's figures, with its trend over ``trend_years``."""
    years = trend_years(scope, as_of)
    return {"years": years, "overall": _grouped(scope, years, as_of, None)[None]}


def by_town(scope: Scope, years: list[int], as_of: dt.date) -> list[dict[str, Any]]:
    """The figures of each town of the region (in its order) that has enterprises in the scope."""
    rows = _grouped(scope, years, as_of, "enterprise__town__code")
    towns = Town.objects.filter(region=settings.GAOQI_REGION).order_by("sort_order", "code")
    return [
        {"code": town.code, "name": town.name, **rows[town.code]}
        for town in towns
        if town.code in rows and rows[town.code]["enterprises"]
    ]


def by_segment(scope: Scope, years: list[int], as_of: dt.date) -> list[dict[str, Any]]:
    """The figures of each industry segment of the region with enterprises in the scope."""
    rows = _grouped(scope, years, as_of, "enterprise__segment_id")
    segments = Segment.objects.filter(region=settings.GAOQI_REGION).order_by("sort_order", "code")
    return [
        {"id": segment.pk, "name": segment.name, **rows[segment.pk]}
        for segment in segments
        if segment.pk in rows and rows[segment.pk]["enterprises"]
    ]

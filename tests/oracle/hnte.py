"""The oracle's HNTE reading: the eight conditions with gaps, and the innovation score as ranges."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

from tests.oracle.common import UNSPECIFIED, YUAN, band, ceil_to, fiscal_year, hnte_rd, num, pct, to_date

Range = tuple[Any, Any]

RD_BRACKETS = ((Fraction(5_000), pct("5%")), (Fraction(20_000), pct("4%")))
RD_TOP_THRESHOLD = pct("3%")
SIXTY = pct("60%")
TEN = pct("10%")
GROWTH_BANDS = (
    (pct("35%"), (9, 10)),
    (pct("25%"), (7, 8)),
    (pct("15%"), (5, 6)),
    (pct("5%"), (3, 4)),
)
TRANSFORMATION_BANDS = ((15, (25, 30)), (12, (19, 24)), (9, (13, 18)), (6, (7, 12)), (1, (1, 6)))
RDM_SCALE = {"system": 6, "institution": 6, "incentives": 4, "talent": 4}


def window_years(record: dict[str, Any], as_of: dt.date) -> list[int]:
    """The last three fiscal years before ``as_of``, from the year of registration on."""
    registered = to_date(record["registered_on"]).year
    return [year for year in range(as_of.year - 3, as_of.year) if year >= registered]


def _unknown(threshold: Any = UNSPECIFIED) -> dict[str, Any]:
    return {"passed": None, "value": None, "threshold": threshold, "gap": None}


def _ratio_condition(num_: Fraction, den: Fraction, threshold: Fraction, gap: Any) -> dict[str, Any]:
    if den == 0:
        return {"passed": UNSPECIFIED, "value": UNSPECIFIED, "threshold": threshold, "gap": UNSPECIFIED}
    passed = num_ >= threshold * den
    return {"passed": passed, "value": num_ / den, "threshold": threshold, "gap": 0 if passed else gap}


def staff_condition(last: dict[str, Any] | None) -> dict[str, Any]:
    """Sci-tech staff ÷ employees ≥ 10 % in the last year; gap in whole hires."""
    if last is None or last.get("employees") is None or last.get("scitech_staff") is None:
        return _unknown(TEN)
    employees, staff = num(last["employees"]), num(last["scitech_staff"])
    return _ratio_condition(staff, employees, TEN, math.ceil((employees - 10 * staff) / 9))


def rd_threshold(last_sales: Fraction) -> Fraction:
    """The R&D-ratio bracket chosen by last year's sales (boundaries inclusive downwards)."""
    for limit, rate in RD_BRACKETS:
        if last_sales <= limit:
            return rate
    return RD_TOP_THRESHOLD


def rd_conditions(record: dict[str, Any], years: list[int]) -> tuple[dict, dict]:
    """rd_ratio and domestic_rd_share over the window; null when a window year is missing."""
    items = [fiscal_year(record, year) for year in years]
    rds = [hnte_rd(item) for item in items]
    if not years or any(item is None or item.get("sales_revenue") is None for item in items):
        return _unknown(), _unknown(SIXTY)
    threshold = rd_threshold(num(items[-1]["sales_revenue"]))
    if any(rd is None for rd in rds):
        return _unknown(threshold), _unknown(SIXTY)
    sales = sum(num(item["sales_revenue"]) for item in items)
    total = sum(rd[0] for rd in rds)
    domestic = sum(rd[1] for rd in rds)
    ratio = _ratio_condition(total, sales, threshold, ceil_to(threshold * sales - total, YUAN))
    share = _ratio_condition(domestic, total, SIXTY, ceil_to((3 * total - 5 * domestic) / 2, YUAN))
    return ratio, share


def hitech_condition(last: dict[str, Any] | None) -> dict[str, Any]:
    """High-tech revenue ÷ total revenue ≥ 60 % in the last year; gap in 万元."""
    if last is None or last.get("hitech_revenue") is None or last.get("total_revenue") is None:
        return _unknown(SIXTY)
    hitech, total = num(last["hitech_revenue"]), num(last["total_revenue"])
    return _ratio_condition(hitech, total, SIXTY, ceil_to((3 * total - 5 * hitech) / 2, YUAN))


def _given(source: dict[str, Any] | None, key: str) -> int | None:
    return None if source is None else source.get(key)


def ip_score(record: dict[str, Any]) -> Range:
    """IP item: advancement, core support, quantity band, acquisition band, standards bonus; cap 30."""
    ip = record.get("ip") or {}
    expert = record.get("expert")
    class1, class2 = ip.get("class1") or 0, ip.get("class2") or 0
    quantity = band(Fraction(class2), ((5, (5, 6)), (3, (3, 4)), (1, (1, 2))), (0, 0))
    if class1 >= 1:
        quantity = (7, 8)
    acquisition = (1, 3) if class1 + class2 > 0 else (0, 0)
    if ip.get("self_developed"):
        acquisition = (1, 6)
    standards = (1, 2) if record.get("standards_drafted") else (0, 0)
    items = [
        _expert_or(expert, "advancement", (0, 8)),
        _expert_or(expert, "core_support", (0, 8)),
        quantity,
        _expert_or(expert, "acquisition", acquisition),
        _expert_or(expert, "standards", standards),
    ]
    return min(30, sum(low for low, _ in items)), min(30, sum(high for _, high in items))


def _expert_or(expert: dict[str, Any] | None, key: str, default: Range) -> Range:
    point = _given(expert, key)
    return default if point is None else (point, point)


def transformation_score(record: dict[str, Any]) -> Range:
    """Achievement transformation by the annual average (total ÷ 3); any non-zero total reaches E."""
    point = _given(record.get("expert"), "transformation")
    if point is not None:
        return point, point
    total = record.get("achievements_3y")
    if total is None:
        return 0, 30
    return band(Fraction(total), TRANSFORMATION_BANDS, (0, 0))


def rd_management_score(record: dict[str, Any]) -> Range:
    """R&D management: the expert's points where known, else each sub-item over its scale."""
    rdm = record.get("rd_management")
    items = [_expert_or(rdm, key, (0, scale)) for key, scale in RDM_SCALE.items()]
    return sum(low for low, _ in items), sum(high for _, high in items)


def growth_item(record: dict[str, Any], years: list[int], field: str) -> dict[str, Any]:
    """One growth indicator: {rate, min, max} by the contract's reading of the edge cases."""
    values = [num((fiscal_year(record, year) or {}).get(field)) for year in years]
    zero = {"rate": UNSPECIFIED, "min": 0, "max": 0}
    if len(values) == 3:
        first, second, third = values
        if first is None or second is None or first < 0 or second < 0:
            return zero
        if third is None:
            return {"rate": UNSPECIFIED, "min": UNSPECIFIED, "max": UNSPECIFIED}
        if second == 0:
            return zero
        rate = third / second - 1 if first == 0 else (second / first + third / second) / 2 - 1
    elif len(values) == 2:
        first, second = values
        if first is None or first < 0:
            return zero
        if first == 0 or second is None:
            return {"rate": UNSPECIFIED, "min": UNSPECIFIED, "max": UNSPECIFIED}
        rate = second / first - 1
    elif len(values) == 1:
        return {"rate": None, "min": 0, "max": 0}
    else:
        return {"rate": UNSPECIFIED, "min": UNSPECIFIED, "max": UNSPECIFIED}
    low, high = (1, 2) if rate > 0 else (0, 0)
    low, high = band(rate, GROWTH_BANDS, (low, high))
    return {"rate": rate, "min": low, "max": high}


def _sum(values: list[Any]) -> Any:
    return UNSPECIFIED if any(value is UNSPECIFIED for value in values) else sum(values)


def score(record: dict[str, Any], years: list[int]) -> dict[str, Any]:
    """The innovation score as min/max ranges, item by item."""
    net = growth_item(record, years, "net_assets")
    sales = growth_item(record, years, "sales_revenue")
    parts = {
        "ip": ip_score(record),
        "transformation": transformation_score(record),
        "rd_management": rd_management_score(record),
        "growth": (_sum([net["min"], sales["min"]]), _sum([net["max"], sales["max"]])),
    }
    result: dict[str, Any] = {name: {"min": low, "max": high} for name, (low, high) in parts.items()}
    result["min"] = _sum([low for low, _ in parts.values()])
    result["max"] = _sum([high for _, high in parts.values()])
    result["net_asset_growth"], result["sales_growth"] = net, sales
    return result


def innovation_passed(total: dict[str, Any]) -> Any:
    """True above 70 for sure, False when 70 is out of reach, else None."""
    if total["min"] is UNSPECIFIED:
        return UNSPECIFIED
    if total["min"] > 70:
        return True
    return False if total["max"] <= 70 else None


def verdict(passes: list[Any]) -> Any:
    """pass / fail / uncertain from the condition results (innovation score included)."""
    if any(value is False for value in passes):
        return "fail"
    if any(value is UNSPECIFIED for value in passes):
        return UNSPECIFIED
    return "pass" if all(value is True for value in passes) else "uncertain"


def evaluate_hnte(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The contract's ``hnte`` object without explanations."""
    years = window_years(record, as_of)
    last = fiscal_year(record, as_of.year - 1) if as_of.year - 1 in years else None
    days = (as_of - to_date(record["registered_on"])).days
    ip = record.get("ip") or {}
    ratio, share = rd_conditions(record, years)
    total = score(record, years)
    conditions = {
        "registered_365_days": {"passed": days >= 365, "value": days},
        "core_ip": {"passed": (ip.get("class1") or 0) + (ip.get("class2") or 0) > 0},
        "tech_field": {"passed": record.get("tech_field") is not None},
        "scitech_staff_ratio": staff_condition(last),
        "rd_ratio": ratio,
        "domestic_rd_share": share,
        "hitech_revenue_share": hitech_condition(last),
        "innovation_score": {"passed": innovation_passed(total), "threshold": 70},
        "no_major_incident": {"passed": not record.get("major_incident_1y", False)},
    }
    passes = [item["passed"] for item in conditions.values()]
    return {"verdict": verdict(passes), "conditions": conditions, "score": total}

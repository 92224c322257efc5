"""The oracle's reading of tech-SME, super deduction, 双清零 and the tier (Keqiao's example defaults)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from tests.oracle.common import (
    RD_CATEGORIES_INTERNAL,
    UNSPECIFIED,
    band,
    fiscal_year,
    hnte_rd,
    hnte_valid,
    num,
    on_negative_list,
    pct,
    round_half_up_yuan,
    to_date,
)

STAFF_BANDS = ((pct("30%"), 20), (pct("25%"), 16), (pct("20%"), 12), (pct("15%"), 8), (pct("10%"), 4))
RD_SALES_BANDS = ((pct("6%"), 50), (pct("5%"), 40), (pct("4%"), 30), (pct("3%"), 20), (pct("2%"), 10))
RD_COST_BANDS = ((pct("30%"), 50), (pct("25%"), 40), (pct("20%"), 30), (pct("15%"), 20), (pct("10%"), 10))
IP_CLASS2_BANDS = ((4, 24), (3, 18), (2, 12), (1, 6))
DIRECT_INSTITUTIONS = ("provincial", "national")


def deduction_parts(item: dict[str, Any]) -> tuple[Fraction, Fraction, Fraction, Fraction, bool] | None:
    """(five, other, entrusted domestic, entrusted overseas, estimated) of one fiscal year."""
    given = item.get("deduction_rd")
    if given is not None:
        parts = [num(given.get(key)) or Fraction(0) for key in ("five", "other")]
        entrusted = [num(given.get(f"entrusted_{key}")) or Fraction(0) for key in ("domestic", "overseas")]
        return parts[0], parts[1], entrusted[0], entrusted[1], False
    rd = item.get("rd")
    totals = item.get("rd_total") if item.get("rd_total") is not None else (rd or {}).get("rd_total")
    if totals is not None:
        return num(totals), Fraction(0), Fraction(0), Fraction(0), True
    if rd is None:
        return None
    five = sum((num(rd.get(key)) or Fraction(0)) for key in RD_CATEGORIES_INTERNAL)
    rest = [num(rd.get(key)) or Fraction(0) for key in ("other", "entrusted_domestic", "entrusted_overseas")]
    return five, rest[0], rest[1], rest[2], True


def deduction_base(item: dict[str, Any]) -> tuple[Fraction, bool] | None:
    """The super-deduction base (10 % other cap, 80 % entrusted, ⅔ overseas cap) and ``estimated``."""
    parts = deduction_parts(item)
    if parts is None:
        return None
    five, other, domestic, overseas, estimated = parts
    domestic_part = five + min(other, five / 9) + Fraction(4, 5) * domestic
    return domestic_part + min(Fraction(4, 5) * overseas, Fraction(2, 3) * domestic_part), estimated


def deduction_rate(record: dict[str, Any], year: int) -> Fraction:
    """The extra-deduction rate of expensed R&D in ``year``."""
    if on_negative_list(record):
        return Fraction(0)
    manufacturing = record["industry_code"].startswith("C")
    registered_sme = year in (record.get("tech_sme_registered") or ())
    if year <= 2016:
        return pct("50%")
    if year == 2017:
        return pct("75%") if registered_sme else pct("50%")
    if year <= 2020:
        return pct("75%")
    if year == 2021:
        return pct("100%") if manufacturing else pct("75%")
    if year == 2022:
        return pct("100%") if manufacturing or registered_sme else pct("81.25%")
    if record.get("ic_or_mother_machine") and year <= 2027:
        return pct("120%")
    return pct("100%")


def deduction(record: dict[str, Any]) -> dict[str, Any]:
    """The ``deduction`` object: one entry per given fiscal year, oldest first."""
    certificate = record.get("hnte_certificate") or {}
    issued = to_date(certificate.get("issued_on"))
    years = []
    for item in sorted(record.get("fiscal_years") or (), key=lambda entry: entry["year"]):
        year = item["year"]
        base = deduction_base(item)
        if base is None:
            years.append({"year": year, **dict.fromkeys(("rate", "base", "extra", "tax_saved"), UNSPECIFIED)})
            continue
        rate = deduction_rate(record, year)
        extra = base[0] * rate
        hnte_rate = issued is not None and issued.year <= year <= issued.year + 2
        tax = extra * (pct("15%") if hnte_rate else pct("25%"))
        years.append(
            {
                "year": year,
                "rate": rate,
                "base": round_half_up_yuan(base[0]),
                "extra": round_half_up_yuan(extra),
                "tax_saved": round_half_up_yuan(tax),
                "estimated": base[1],
            }
        )
    return {"years": years}


def sme_rd(item: dict[str, Any]) -> Fraction | None:
    """Tech-SME R&D: the super-deduction base when ``deduction_rd`` is given, else the HNTE total."""
    if item.get("deduction_rd") is not None:
        return deduction_base(item)[0]
    rd = hnte_rd(item)
    return None if rd is None else rd[0]


def tech_sme(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The ``tech_sme`` object, assessed on the last fiscal year."""
    last = fiscal_year(record, as_of.year - 1)
    rd = None if last is None else sme_rd(last)
    if last is None or rd is None or not all(num(last.get(key)) for key in ("employees", "sales_revenue")):
        return dict.fromkeys(("verdict", "direct", "score", "staff", "rd", "ip"), UNSPECIFIED)
    employees, sales = num(last["employees"]), num(last["sales_revenue"])
    staff = band(num(last["scitech_staff"]) / employees, STAFF_BANDS, 0)
    rd_points = band(rd / sales, RD_SALES_BANDS, 0)
    cost = num(last.get("cost_total"))
    rd_points = max(rd_points, band(rd / cost, RD_COST_BANDS, 0)) if cost else rd_points
    ip = record.get("ip") or {}
    ip_points = band(Fraction(ip.get("class2") or 0), IP_CLASS2_BANDS, 0)
    if (ip.get("class1") or 0) >= 1:
        ip_points = 30
    total = staff + rd_points + ip_points
    direct = (
        hnte_valid(record, as_of)
        or bool(record.get("national_award_top3_5y"))
        or record.get("rd_institution") in DIRECT_INSTITUTIONS
        or bool(record.get("led_standard_5y"))
    )
    eligible = (
        employees <= 500
        and sales <= 20_000
        and num(last["total_assets"]) <= 20_000
        and not record.get("major_incident_1y")
        and not on_negative_list(record)
    )
    passed = eligible and (direct or (total >= 60 and staff > 0))
    return {
        "verdict": "pass" if passed else "fail",
        "direct": direct,
        "score": total,
        "staff": staff,
        "rd": rd_points,
        "ip": ip_points,
    }


def double_zero(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """双清零 flags on the last fiscal year for manufacturers (section C)."""
    last = fiscal_year(record, as_of.year - 1) or {}
    manufacturing = record["industry_code"].startswith("C")
    sales, rd = num(last.get("sales_revenue")), hnte_rd(last or None)
    # the contract's bools: an unknown amount is not shown to be zero or large enough
    return {
        "no_rd_activity": manufacturing
        and sales is not None
        and sales >= 10_000
        and rd is not None
        and rd[0] == 0,
        "no_rd_institution": manufacturing
        and sales is not None
        and sales >= 50_000
        and record.get("rd_institution") == "none",
    }


def tier(record: dict[str, Any], as_of: dt.date, sme_verdict: Any) -> Any:
    """Keqiao's illustrative tier defaults of the contract, highest first."""
    last = fiscal_year(record, as_of.year - 1)
    valid = hnte_valid(record, as_of)
    if valid and last is not None and hnte_rd(last) is not None:
        sales, rd = num(last["sales_revenue"]), hnte_rd(last)[0]
        ip = record.get("ip") or {}
        institution = record.get("rd_institution") in DIRECT_INSTITUTIONS
        if sales >= 50_000 and rd >= pct("3%") * sales and institution:
            return "leading"
        if sales >= 5_000 and rd >= pct("4%") * sales and (ip.get("class1") or 0) >= 1:
            return "little_giant"
    if valid:
        return "hnte"
    registered = record.get("tech_sme_registered") or ()
    if as_of.year in registered or as_of.year - 1 in registered or sme_verdict == "pass":
        return "tech_sme"
    return UNSPECIFIED if sme_verdict is UNSPECIFIED else "none"

"""Seeded random-but-plausible contract records that often sit exactly on a threshold."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
INDUSTRIES = (
    "C1713", "C1713", "C2811", "C3511", "C3911", "C2614", "C1610",
    "F5123", "H6110", "K7010", "L7212", "R9011", "R8610", "I6510", "M7320",
)  # fmt: skip
TOWNS = ("柯桥街道", "华舍街道", "齐贤街道", "平水镇")
INSTITUTIONS = ("none", "none", "enterprise", "municipal", "provincial", "national")
# Last-year sales that sit on the brackets of the R&D ratio, 双清零 and the tech-SME limit (万元).
SALES_EDGES = (5_000, 20_000, 10_000, 50_000)
RDM_SCALES = {"system": 6, "institution": 6, "incentives": 4, "talent": 4}
EXPERT_SCALES = {"advancement": 8, "core_support": 8, "acquisition": 6, "standards": 2, "transformation": 30}
AS_OF_DATES = (
    dt.date(2017, 6, 30),
    dt.date(2018, 3, 1),
    dt.date(2020, 7, 1),
    dt.date(2022, 5, 20),
    dt.date(2023, 6, 30),
    dt.date(2025, 6, 30),
    dt.date(2029, 6, 30),
)


def uscc(serial: int) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015) for Keqiao with a valid organisation code inside."""
    body = f"{serial:08d}"[-8:]
    org_check = 11 - sum(int(char) * weight for char, weight in zip(body, ORG_WEIGHTS, strict=True)) % 11
    org = body + {10: "X", 11: "0"}.get(org_check, str(org_check))
    first17 = "91330603" + org
    total = sum(USCC_CHARSET.index(char) * w for char, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_CHARSET[(31 - total % 31) % 31]


def wan(yuan: int) -> float:
    """An amount in whole yuan as the contract's 万元 number (4 decimals at most)."""
    return yuan / 10_000


def _sales_yuan(rng: random.Random, last: bool) -> int:
    if last and rng.random() < 0.3:
        return rng.choice(SALES_EDGES) * 10_000 + rng.choice((0, 0, 1, -1))
    return rng.choice((100, 1_000, 3_000, 8_000, 30_000, 80_000)) * 100 * rng.randint(50, 150)


def _rd(rng: random.Random, sales: int, percent: int) -> dict[str, Any]:
    if percent == 0:
        return {"rd_total": 0, "rd_domestic": 0} if rng.random() < 0.5 else {"rd": {}}
    budget = sales * rng.choice((percent, percent, percent, rng.randint(1, 8))) // 100
    if rng.random() < 0.4:
        domestic = budget * rng.choice((100, 60, 59, 80, 30)) // 100
        return {"rd_total": wan(budget), "rd_domestic": wan(domestic)}
    parts = ("personnel", "direct", "depreciation", "amortization", "design", "trials")
    rd = {key: wan(budget * rng.randint(0, 30) // 100) for key in parts}
    for key in ("entrusted_domestic", "entrusted_overseas", "other"):
        if rng.random() < 0.5:
            rd[key] = wan(budget * rng.randint(0, 40) // 100)
    return {"rd": rd}


def _deduction_rd(rng: random.Random, sales: int) -> dict[str, float]:
    five = sales * rng.randint(0, 8) // 100
    return {
        "five": wan(five),
        "other": wan(five * rng.choice((0, 5, 11, 12, 30)) // 100),
        "entrusted_domestic": wan(five * rng.randint(0, 50) // 100),
        "entrusted_overseas": wan(five * rng.choice((0, 20, 83, 84, 150)) // 100),
    }


def fiscal_year(rng: random.Random, year: int, last: bool, rd_percent: int, strong: bool) -> dict[str, Any]:
    """One plausible fiscal-year object; R&D is mostly ``rd_percent`` % of sales (0: no R&D at all).

    A ``strong`` enterprise meets the staff and high-tech revenue shares (often exactly).
    """
    sales = _sales_yuan(rng, last)
    total = sales + rng.choice((0, sales // 10, 1))
    hitech = total * rng.choice((60, 61, 90) if strong else (0, 30, 59, 60, 60, 61, 90)) // 100
    employees = rng.choice((8, 45, 120, 300, 500, 501)) * 10_000 + rng.choice((0, 0, 5_000))
    staff = employees * rng.choice((10, 15, 30) if strong else (5, 9, 10, 10, 15, 20, 25, 30, 60)) // 100
    item: dict[str, Any] = {
        "year": year,
        "sales_revenue": wan(sales),
        "total_revenue": wan(total),
        "hitech_revenue": wan(hitech),
        **_rd(rng, sales, rd_percent),
        "net_assets": wan(rng.choice((-1, 0, 1, 1, 1, 1)) * sales * rng.randint(20, 80) // 100),
        "total_assets": wan(rng.choice((sales, 200_000_000, 200_000_001, sales * 2))),
        "cost_total": wan(max(1, sales * rng.randint(60, 100) // 100)),
        "employees": employees / 10_000,
        "scitech_staff": staff / 10_000,
    }
    if rng.random() < 0.4 and rd_percent:
        item["deduction_rd"] = _deduction_rd(rng, sales)
    return item


def _registered_on(rng: random.Random, as_of: dt.date) -> dt.date:
    choice = rng.random()
    if choice < 0.1:
        return as_of - dt.timedelta(days=rng.choice((364, 365, 366)))
    if choice < 0.3:
        return dt.date(as_of.year - rng.randint(1, 3), rng.randint(1, 12), rng.randint(1, 28))
    return dt.date(as_of.year - rng.randint(4, 15), rng.randint(1, 12), rng.randint(1, 28))


def _optional_points(rng: random.Random, scales: dict[str, int], strong: bool) -> dict[str, int] | None:
    if strong:
        return {key: rng.randint(scale * 3 // 4, scale) for key, scale in scales.items()}
    if rng.random() < 0.4:
        return None
    return {key: rng.randint(0, scale) for key, scale in scales.items() if rng.random() < 0.7}


def record(rng: random.Random, serial: int, as_of: dt.date) -> dict[str, Any]:
    """One random contract record for an assessment on ``as_of``."""
    registered = _registered_on(rng, as_of)
    industry = rng.choice(INDUSTRIES)
    strong = rng.random() < 0.3
    rd_percent = 0 if rng.random() < 0.08 else rng.choice((5, 6, 8) if strong else (1, 2, 3, 4, 5, 6, 8))
    years = [year for year in range(as_of.year - 4, as_of.year) if year >= registered.year]
    if rng.random() < 0.06 and len(years) > 1:
        years.remove(rng.choice(years))
    last = as_of.year - 1
    own = rng.random() < 0.7
    class1, class2 = rng.choice((0, 0, 1, 2)), rng.choice((0, 1, 2, 3, 4, 5, 7))
    own = own and class1 + class2 > 0
    issued = as_of - dt.timedelta(days=rng.choice((0, 200, 700, 1095, 1096, 1200)))
    return {
        "uscc": uscc(serial),
        "name": f"测试企业{serial}",
        "registered_on": registered.isoformat(),
        "industry_code": industry,
        "tech_field": None if rng.random() < 0.1 else rng.choice(("4.3", "8.5", "1.1")),
        "town": rng.choice(TOWNS),
        "fiscal_years": [fiscal_year(rng, year, year == last, rd_percent, strong) for year in years],
        "ip": {"class1": class1, "class2": class2, "self_developed": own},
        "achievements_3y": None if rng.random() < 0.1 else rng.choice((0, 1, 2, 3, 5, 6, 9, 12, 14, 15, 20)),
        "standards_drafted": rng.random() < 0.3,
        "rd_management": _optional_points(rng, RDM_SCALES, strong),
        "expert": _optional_points(rng, EXPERT_SCALES, strong),
        "major_incident_1y": rng.random() < 0.05 and not strong,
        "rd_institution": rng.choice(INSTITUTIONS),
        "hnte_certificate": {"issued_on": issued.isoformat()} if rng.random() < 0.5 else None,
        "tech_sme_registered": sorted(rng.sample(range(as_of.year - 5, as_of.year + 1), rng.randint(0, 2))),
        "national_award_top3_5y": rng.random() < 0.05,
        "led_standard_5y": rng.random() < 0.05,
        "ic_or_mother_machine": rng.random() < 0.1,
    }


def batches(seed: int, per_date: int) -> list[tuple[dt.date, list[dict[str, Any]]]]:
    """``per_date`` records for each assessment date of ``AS_OF_DATES``, deterministic in ``seed``."""
    rng = random.Random(seed)
    return [
        (as_of, [record(rng, index * per_date + serial, as_of) for serial in range(per_date)])
        for index, as_of in enumerate(AS_OF_DATES)
    ]

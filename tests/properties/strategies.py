"""Hypothesis strategies for valid contract records (amounts drawn in whole yuan, shown in 万元)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tests.oracle.records import EXPERT_SCALES, RDM_SCALES, uscc

AS_OF_DATES = (dt.date(2025, 6, 30), dt.date(2023, 3, 15))


def wan(yuan: int) -> float:
    """Whole yuan as a contract 万元 number."""
    return yuan / 10_000


def plus(value: Any, amount: Decimal) -> float:
    """A contract number plus an exact decimal amount, as a contract number."""
    return float(Decimal(repr(value)) + amount)


def last_year(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The record's fiscal-year object for the year before ``as_of`` (it always has one here)."""
    return next(item for item in record["fiscal_years"] if item["year"] == as_of.year - 1)


@st.composite
def fiscal_year(draw: st.DrawFn, year: int) -> dict[str, Any]:
    """One valid fiscal year; R&D (totals) is 0–8 % of sales so that the R&D ratio often fails."""
    sales = draw(st.integers(1_000_000, 3_000_000_000))
    total = sales + draw(st.integers(0, sales // 5))
    rd_total = sales * draw(st.integers(0, 800)) // 10_000 + draw(st.integers(0, 9_999))
    employees = draw(st.integers(10, 600)) * 10_000 + draw(st.sampled_from((0, 0, 5_000, 1)))
    return {
        "year": year,
        "sales_revenue": wan(sales),
        "total_revenue": wan(total),
        "hitech_revenue": wan(total * draw(st.integers(0, 100)) // 100),
        "rd_total": wan(rd_total),
        "rd_domestic": wan(rd_total * draw(st.integers(40, 100)) // 100),
        "net_assets": wan(draw(st.integers(-sales // 10, sales))),
        "total_assets": wan(draw(st.integers(sales // 2, sales * 3))),
        "cost_total": wan(draw(st.integers(sales // 2, sales * 2))),
        "employees": employees / 10_000,
        "scitech_staff": employees * draw(st.integers(0, 40)) // 100 / 10_000,
    }


def plain_record(serial: int, industry: str, years: range, *, ic: bool) -> dict[str, Any]:
    """A fixed small record (sales 100 万元 a year, no R&D) for explicit examples."""
    year = {"sales_revenue": 100, "total_revenue": 100, "hitech_revenue": 0, "rd_total": 0, "rd_domestic": 0}
    year |= {"net_assets": 0, "total_assets": 50, "cost_total": 50, "employees": 10, "scitech_staff": 0}
    return {
        "uscc": uscc(serial),
        "name": f"性质测试企业{serial}",
        "registered_on": f"{years[0]}-01-01",
        "industry_code": industry,
        "fiscal_years": [{"year": item, **year} for item in years],
        "ic_or_mother_machine": ic,
    }


def _points(scales: dict[str, int]) -> st.SearchStrategy[dict[str, int] | None]:
    known = st.fixed_dictionaries({}, optional={key: st.integers(0, top) for key, top in scales.items()})
    return st.none() | known


@st.composite
def records(draw: st.DrawFn, as_of: dt.date, serial: int = 1) -> dict[str, Any]:
    """A valid record assessed on ``as_of``, registered one to ten years before it."""
    registered = dt.date(as_of.year - draw(st.integers(1, 10)), draw(st.integers(1, 12)), 1)
    years = range(max(registered.year, as_of.year - 3), as_of.year)
    class1, class2 = draw(st.integers(0, 2)), draw(st.integers(0, 6))
    return {
        "uscc": uscc(serial),
        "name": f"性质测试企业{serial}",
        "registered_on": registered.isoformat(),
        "industry_code": draw(st.sampled_from(("C1713", "C2811", "I6510", "M7320"))),
        "tech_field": draw(st.sampled_from(("4.3", "8.5", None))),
        "town": "柯桥街道",
        "fiscal_years": [draw(fiscal_year(year)) for year in years],
        "ip": {
            "class1": class1,
            "class2": class2,
            "self_developed": class1 + class2 > 0 and draw(st.booleans()),
        },
        "achievements_3y": draw(st.none() | st.integers(0, 20)),
        "standards_drafted": draw(st.booleans()),
        "rd_management": draw(_points(RDM_SCALES)),
        "expert": draw(_points(EXPERT_SCALES)),
        "major_incident_1y": draw(st.sampled_from((False,) * 9 + (True,))),
        "rd_institution": draw(st.sampled_from(("none", "enterprise", "provincial"))),
        "hnte_certificate": None,
        "tech_sme_registered": [],
        "national_award_top3_5y": False,
        "led_standard_5y": False,
        "ic_or_mother_machine": draw(st.booleans()),
    }


def dated_records() -> st.SearchStrategy[tuple[dt.date, dict[str, Any]]]:
    """(as_of, record) pairs over the assessment dates."""
    return st.sampled_from(AS_OF_DATES).flatmap(lambda day: st.tuples(st.just(day), records(day)))


@st.composite
def plannable_records(draw: st.DrawFn) -> tuple[dt.date, dict[str, Any]]:
    """(as_of, record) that money can bring to a pass: in a listed field, registered two years or more,
    no incident, and the expert's points known (a plan cannot buy those)."""
    as_of, record = draw(dated_records())
    registered = dt.date.fromisoformat(record["registered_on"])
    expert = {key: draw(st.integers(top // 2, top)) for key, top in EXPERT_SCALES.items()}
    return as_of, {
        **record,
        "registered_on": registered.replace(year=min(registered.year, as_of.year - 2)).isoformat(),
        "tech_field": "4.3",
        "major_incident_1y": False,
        "expert": expert,
    }

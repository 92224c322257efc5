"""The pure generator: deterministic, valid identities, a textile district, and exact boundary cases."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import pytest

from gaoqi.demo.finance import RD_CATEGORIES
from gaoqi.demo.generator import generate_district
from gaoqi.demo.records import EnterpriseData, RegionRef, SegmentRef, TownRef
from gaoqi.demo.thresholds import thresholds_from
from gaoqi.policy import load_parameters
from gaoqi.policy.inputs.uscc import is_valid_uscc
from gaoqi.reference.loading import read_fixture

TODAY = date(2026, 6, 15)
THRESHOLDS = thresholds_from(load_parameters(TODAY, region="keqiao"))


def keqiao() -> RegionRef:
    fixture = read_fixture("regions/keqiao")
    return RegionRef(
        towns=tuple(TownRef(t["code"], t["name"]) for t in fixture["towns"]),
        segments=tuple(SegmentRef(s["code"], s["name"]) for s in fixture["segments"]),
        name_prefix="绍兴柯桥",
    )


@cache
def district(count: int = 3000, seed: int = 2023) -> tuple[EnterpriseData, ...]:
    return tuple(generate_district(keqiao(), count, seed, TODAY, THRESHOLDS))


def by_archetype(key: str) -> list[EnterpriseData]:
    return [e for e in district() if e.archetype == key]


def last(enterprise: EnterpriseData) -> dict:
    return enterprise.fiscal_years[-1].figures


def small(seed: int) -> list[EnterpriseData]:
    return generate_district(keqiao(), 80, seed, TODAY, THRESHOLDS)


def test_same_seed_same_district_and_other_seed_another() -> None:
    assert small(5) == small(5)
    assert {e.uscc for e in small(6)}.isdisjoint(e.uscc for e in small(5))


def test_thresholds_come_from_the_engine_parameters() -> None:
    assert THRESHOLDS.rd_ratio(Decimal("5000")) == Decimal("0.05")
    assert (
        THRESHOLDS.rd_ratio(Decimal("5000.0001")) == THRESHOLDS.rd_ratio(Decimal("20000")) == Decimal("0.04")
    )
    assert THRESHOLDS.rd_ratio(Decimal("20000.0001")) == Decimal("0.03")
    assert (THRESHOLDS.staff_ratio, THRESHOLDS.hitech_share) == (Decimal("0.10"), Decimal("0.60"))
    assert (THRESHOLDS.no_rd_activity_sales, THRESHOLDS.no_rd_institution_sales) == (10000, 50000)


def test_count_is_honoured_and_identities_are_valid_and_unique() -> None:
    enterprises = district()
    assert len(enterprises) == 3000
    assert all(is_valid_uscc(e.uscc) and e.uscc[2:8] == "330603" for e in enterprises)
    assert len({e.uscc for e in enterprises}) == len({e.name for e in enterprises}) == 3000
    assert all(e.name.startswith("绍兴柯桥") and e.name.endswith("公司") for e in enterprises)
    assert all(e.contact_phone[3:7] == "0000" and len(e.contact_phone) == 11 for e in enterprises)


def test_another_region_gets_its_own_towns_and_codes() -> None:
    region = RegionRef((TownRef("330110001", "甲街道"), TownRef("330110100", "乙镇")), name_prefix="杭州余杭")
    enterprises = generate_district(region, 50, 1, TODAY, THRESHOLDS)
    assert {e.town_code for e in enterprises} <= {"330110001", "330110100"}
    assert all(e.uscc[2:8] == "330110" and e.segment_code is None for e in enterprises)


def test_textiles_dominate_and_every_line_of_business_appears() -> None:
    divisions = Counter(e.industry_code[:3] for e in district())
    textile = divisions["C17"] + divisions["C18"] + divisions["C28"]
    assert 0.4 < textile / 3000 < 0.7
    assert divisions["C17"] == max(divisions.values())
    for division in ("C26", "C27", "C35", "C39", "I65"):
        assert divisions[division] > 0
    assert sum(n for code, n in divisions.items() if code[0] == "E") > 0


def test_every_textile_manufacturer_belongs_to_the_textile_segment() -> None:
    textile = [e for e in district() if e.industry_code[:3] in ("C17", "C18")]
    assert textile and {e.segment_code for e in textile} == {"textile"}


def test_division_39_firms_are_shared_between_optoelectronics_and_the_ic_segment() -> None:
    segments = Counter(e.segment_code for e in district() if e.industry_code[:3] == "C39")
    assert set(segments) == {"optoelectronics", "ic"}
    assert 0.15 < segments["ic"] / segments.total() < 0.5
    ic_classes = {e.industry_code for e in district() if e.segment_code == "ic"}
    assert "C3973" in ic_classes and all(code[:4] in ("C397", "C398", "C356") for code in ic_classes)


def test_five_fiscal_years_before_the_current_year_with_sane_figures() -> None:
    for enterprise in district():
        years = [f.year for f in enterprise.fiscal_years]
        assert years == list(range(max(TODAY.year - 5, enterprise.registered_on.year), TODAY.year))
        for fiscal in enterprise.fiscal_years:
            f = fiscal.figures
            assert f["scitech_staff"] <= f["employees"]
            assert f["hitech_revenue"] <= f["total_revenue"]
            assert f["sales_revenue"] <= f["total_revenue"]
            assert all(f[name] >= 0 for name in RD_CATEGORIES)
            assert f["net_assets"] <= f["total_assets"]


def test_several_hundred_valid_hntes_some_expiring_soon() -> None:
    valid = [
        c
        for e in district()
        for c in e.certificates
        if c.kind == "hnte" and c.issued_on <= TODAY < c.expires_on
    ]
    assert 300 <= len(valid) <= 700
    within_6 = sum(c.expires_on <= TODAY + timedelta(days=183) for c in valid)
    within_12 = sum(c.expires_on <= TODAY + timedelta(days=365) for c in valid)
    assert 0 < within_6 < within_12 < len(valid)


def test_young_enterprises_and_class_two_ip_used_before() -> None:
    ages = [(TODAY - e.registered_on).days for e in district()]
    assert sum(age < 365 for age in ages) >= 10
    assert sum(365 <= age < 3 * 365 for age in ages) >= 30
    used = [ip for e in district() for ip in e.ip_assets if ip.hnte_used_year]
    assert used and all(ip.kind in ("utility_model", "design", "software_copyright") for ip in used)


def _window(enterprise: EnterpriseData) -> list[dict]:
    return [f.figures for f in enterprise.fiscal_years if f.year >= TODAY.year - 3]


def _rd_threshold(sales: Decimal) -> Decimal:
    return Decimal("0.05") if sales <= 5000 else Decimal("0.04") if sales <= 20000 else Decimal("0.03")


@pytest.mark.parametrize(("side", "compare"), [("below", -1), ("at", 0), ("above", 1)])
def test_rd_ratio_candidates_sit_exactly_where_named(side: str, compare: int) -> None:
    for enterprise in by_archetype(f"rd_{side}"):
        window = _window(enterprise)
        assert all(f["rd_entrusted_domestic"] == f["rd_entrusted_overseas"] == 0 for f in window)
        rd = sum(f[name] for f in window for name in RD_CATEGORIES)
        sales = sum(f["sales_revenue"] for f in window)
        threshold = _rd_threshold(window[-1]["sales_revenue"])
        assert (rd > sales * threshold) - (rd < sales * threshold) == compare


@pytest.mark.parametrize(("side", "compare"), [("below", -1), ("at", 0), ("above", 1)])
def test_staff_and_hitech_candidates_sit_exactly_where_named(side: str, compare: int) -> None:
    for enterprise in by_archetype(f"staff_{side}"):
        f = last(enterprise)
        staff = f["scitech_staff"] * 10
        assert (staff > f["employees"]) - (staff < f["employees"]) == compare
    for enterprise in by_archetype(f"hitech_{side}"):
        f = last(enterprise)
        hitech = f["hitech_revenue"] * 10
        target = f["total_revenue"] * 6
        assert (hitech > target) - (hitech < target) == compare


def test_double_zero_cases_are_large_manufacturers() -> None:
    no_rd = by_archetype("double_zero_rd")
    assert no_rd and all(e.industry_code[0] == "C" and last(e)["sales_revenue"] >= 10000 for e in no_rd)
    assert all(sum(last(e)[name] for name in RD_CATEGORIES) == 0 for e in no_rd)
    no_institution = by_archetype("double_zero_institution")
    assert no_institution and all(
        not e.institutions and last(e)["sales_revenue"] >= 50000 for e in no_institution
    )


def test_small_districts_still_hold_every_kind() -> None:
    kinds = Counter(e.archetype for e in generate_district(keqiao(), 40, 3, TODAY, THRESHOLDS))
    assert {"rd_at", "staff_below", "hitech_above", "double_zero_rd", "young_new", "leading"} <= set(kinds)


def test_a_few_insolvent_enterprises_have_negative_net_assets_but_positive_assets() -> None:
    insolvent = [e for e in district() if e.fiscal_years and last(e)["net_assets"] < 0]
    assert 0 < len(insolvent) < 100
    assert all(f.figures["total_assets"] > 0 for e in insolvent for f in e.fiscal_years)

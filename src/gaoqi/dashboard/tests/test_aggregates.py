"""The dashboard's aggregates against the hand-made district (every figure computed by hand)."""

from __future__ import annotations

import pytest

from gaoqi.dashboard.scope import Scope
from gaoqi.dashboard.snapshots import compute
from gaoqi.dashboard.tests.district import AS_OF, TOWN_A, TOWN_B, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return build()


def test_trend_counts_hnte_holders_at_each_year_end_and_registrations(district) -> None:
    data = compute(Scope(), AS_OF)
    assert data["years"] == [2020, 2021, 2022, 2023, 2024]
    trend = {row["year"]: row for row in data["overall"]["trend"]}
    # B1 from Dec 2020 for three years; B2 from Sep 2022; A1 from Mar 2023.
    assert [trend[year]["hnte"] for year in data["years"]] == [1, 1, 2, 2, 2]
    assert [trend[year]["tech_sme"] for year in data["years"]] == [0, 0, 0, 0, 1]
    assert data["overall"]["tech_sme"] == 1  # A2's 2025 registration


def test_rd_expense_uses_the_total_else_the_categories(district) -> None:
    data = compute(Scope(), AS_OF)
    last = data["overall"]["trend"][-1]
    assert last["rd_total"] == "140.0000"  # 50 + (60 + 30) + nothing
    assert last["sales"] == "6000.0000"
    assert last["rd_intensity"] == "0.023333"
    assert data["overall"]["trend"][-2]["rd_intensity"] == "0.050000"  # A1 alone in 2023: 40 / 800


def test_counts_by_town_and_segment(district) -> None:
    data = compute(Scope(), AS_OF)
    towns = {town["code"]: town for town in data["towns"]}
    assert set(towns) == {TOWN_A, TOWN_B}
    assert towns[TOWN_A]["enterprises"] == 2
    assert towns[TOWN_A]["tiers"] == {"none": 0, "tech_sme": 1, "hnte": 1, "little_giant": 0, "leading": 0}
    assert towns[TOWN_A]["rd_intensity"] == "0.035000"  # 140 / 4000
    assert towns[TOWN_B]["tiers"]["hnte"] == 1  # B2; B1's older evaluation is not the latest
    assert towns[TOWN_B]["rd_intensity"] == "0"
    assert [(row["name"], row["enterprises"], row["hnte"]) for row in data["segments"]] == [
        ("现代纺织", 1, 1)
    ]


def test_pyramid_counts_latest_tiers(district) -> None:
    tiers = compute(Scope(), AS_OF)["overall"]["tiers"]
    assert tiers == {"none": 1, "tech_sme": 1, "hnte": 2, "little_giant": 0, "leading": 0}


def test_expiring_certificates_within_6_and_12_months(district) -> None:
    expiring = compute(Scope(), AS_OF)["expiring"]
    assert (expiring["within_6"], expiring["within_12"]) == (1, 2)
    assert [(row["name"], row["expires_on"], row["within_6"]) for row in expiring["rows"]] == [
        ("柯岩乙二光电有限公司", "2025-09-01", True),
        ("柯桥甲一新材料有限公司", "2026-03-01", False),
    ]


def test_double_zero_by_town_from_latest_evaluations(district) -> None:
    double_zero = compute(Scope(), AS_OF)["double_zero"]
    assert double_zero["no_rd_activity"] == 1
    assert [(town["code"], town["no_rd_activity"]) for town in double_zero["towns"]] == [(TOWN_B, 1)]


def test_a_town_scope_counts_only_its_town(district) -> None:
    data = compute(Scope(TOWN_A), AS_OF)
    assert data["overall"]["enterprises"] == 2
    assert [town["code"] for town in data["towns"]] == [TOWN_A]
    assert data["expiring"]["within_12"] == 1
    assert data["double_zero"]["towns"] == []


def test_the_pool_funnel_counts_the_years_entries(district) -> None:
    from gaoqi.cultivation.models import PoolEntry

    for enterprise, exit_kind in ((district.a1, "certified"), (district.a2, ""), (district.b1, "")):
        PoolEntry.objects.create(
            enterprise=enterprise,
            year=AS_OF.year,
            entered_on=AS_OF,
            entry_reason="测试",
            exit_kind=exit_kind,
            exited_on=AS_OF if exit_kind else None,
            exit_reason="已认定" if exit_kind else "",
        )
    PoolEntry.objects.create(
        enterprise=district.b2, year=AS_OF.year - 1, entered_on=AS_OF, entry_reason="去年"
    )
    pool = compute(Scope(), AS_OF)["pool"]
    stages = {stage["key"]: stage["count"] for stage in pool["stages"]}
    # a1 passes and left the pool certified; a2 and b1 are still in it; b2 entered the year before.
    assert stages == {"enterprises": 4, "evaluated": 4, "entered": 3, "passing": 1, "certified": 1}
    assert pool["active"] == 2

"""HNTE conditions: every boundary on both sides, the window, derived R&D and exact gaps.

Expected values are derived by hand from 国科发火〔2016〕32号 第十一条 and the engine contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gaoqi.policy.evaluate import evaluate_tables
from gaoqi.policy.rules.missing import missing_labels
from gaoqi.policy.tests.support import enterprise, tables, three_years, year

AS_OF = dt.date(2025, 6, 1)


def evaluate_one(years: list[dict[str, Any]], as_of: dt.date = AS_OF, **fields: Any) -> dict[str, Any]:
    return evaluate_tables(tables([enterprise(0, **fields)], years), as_of).to_dicts()[0]


@pytest.mark.parametrize(
    ("registered", "passed"), [(dt.date(2024, 6, 1), True), (dt.date(2024, 6, 2), False)]
)
def test_registration_needs_365_days(registered: dt.date, passed: bool) -> None:
    row = evaluate_one(three_years(), registered_on=registered)
    assert row["hnte_registered_365_days_passed"] is passed
    assert row["hnte_registered_365_days_value"] == (365 if passed else 364)


@pytest.mark.parametrize(
    ("staff", "employees", "passed", "gap"),
    [
        (12, 120, True, 0),  # exactly 10 %
        (11, 120, False, 2),  # 12/121 < 10 %, 13/122 ≥ 10 %
        ("11.9999", 120, False, 1),  # 12.9999/121 ≥ 10 %
    ],
)
def test_scitech_staff_ratio_boundary_and_gap(staff: Any, employees: int, passed: bool, gap: int) -> None:
    row = evaluate_one(three_years(scitech_staff=staff, employees=employees))
    assert row["hnte_scitech_staff_ratio_passed"] is passed
    assert row["hnte_scitech_staff_ratio_gap"] == gap


@pytest.mark.parametrize(
    ("last_sales", "threshold"),
    [(5000, 0.05), ("5000.0001", 0.04), (20000, 0.04), ("20000.0001", 0.03)],
)
def test_rd_bracket_follows_last_year_sales(last_sales: Any, threshold: float) -> None:
    years = [year(2022), year(2023), year(2024, sales_revenue=last_sales)]
    assert evaluate_one(years)["hnte_rd_ratio_threshold"] == threshold


def test_rd_ratio_of_exactly_five_percent_passes() -> None:
    row = evaluate_one(three_years(sales_revenue=4000, rd_total=200, rd_domestic=200))
    assert row["hnte_rd_ratio_passed"] is True
    assert row["hnte_rd_ratio_gap"] == 0


def test_rd_ratio_one_yuan_short_fails_with_a_one_yuan_gap() -> None:
    years = three_years(sales_revenue=4000, rd_total=200, rd_domestic=200)
    years[0] = year(2022, sales_revenue=4000, rd_total="199.9999", rd_domestic="199.9999")
    row = evaluate_one(years)
    assert row["hnte_rd_ratio_passed"] is False
    assert row["hnte_rd_ratio_gap"] == 1  # yuan


def test_domestic_share_boundary_and_gap_rounded_up() -> None:
    exact = evaluate_one(three_years(rd_total=100, rd_domestic=60))
    assert exact["hnte_domestic_rd_share_passed"] is True
    years = three_years(rd_total=100, rd_domestic=60)
    years[2] = year(2024, rd_total=100, rd_domestic="59.9999")
    short = evaluate_one(years)
    # (1,799,999 + x) / (3,000,000 + x) ≥ 0.6 ⇔ x ≥ 2.5 yuan → 3 yuan
    assert short["hnte_domestic_rd_share_passed"] is False
    assert short["hnte_domestic_rd_share_gap"] == 3


def test_hitech_share_boundary_and_gap() -> None:
    assert evaluate_one(three_years(total_revenue=5000, hitech_revenue=3000))[
        "hnte_hitech_revenue_share_passed"
    ]
    row = evaluate_one(three_years(total_revenue=5000, hitech_revenue="2999.9999"))
    # (29,999,999 + x) / (50,000,000 + x) ≥ 0.6 ⇔ x ≥ 2.5 yuan → 3 yuan
    assert row["hnte_hitech_revenue_share_passed"] is False
    assert row["hnte_hitech_revenue_share_gap"] == 3


def test_rd_categories_count_entrusted_at_80_percent_and_other_up_to_a_quarter() -> None:
    categories = {
        "rd_total": None,
        "rd_domestic": None,
        "rd_personnel": 100,
        "rd_entrusted_domestic": 50,
        "rd_entrusted_overseas": 25,
        "rd_other": 100,
    }
    row = evaluate_one(three_years(sales_revenue=4000, **categories))
    # rest = 100 + 40 + 20 = 160; other counted = min(100, 160 / 4) = 40; total 200; domestic 180
    assert row["hnte_rd_ratio_value"] == pytest.approx(200 / 4000)
    assert row["hnte_domestic_rd_share_value"] == pytest.approx(180 / 200)


def test_enterprise_younger_than_three_years_uses_its_operating_years() -> None:
    years = [year(2023, sales_revenue=1000, rd_total=50), year(2024, sales_revenue=3000, rd_total=150)]
    row = evaluate_one(years, registered_on=dt.date(2023, 3, 1))
    assert row["hnte_rd_ratio_value"] == pytest.approx(200 / 4000)
    assert row["hnte_rd_ratio_passed"] is True
    assert not [label for label in missing_labels(row["missing"], AS_OF) if label.startswith("fiscal_years")]


def test_missing_year_makes_window_conditions_unknown() -> None:
    row = evaluate_one([year(2023), year(2024)], standards_drafted=True)
    assert "fiscal_years[2022]" in missing_labels(row["missing"], AS_OF)
    assert row["hnte_rd_ratio_passed"] is None
    assert row["hnte_domestic_rd_share_passed"] is None
    assert row["hnte_scitech_staff_ratio_passed"] is True  # the last year is there
    assert row["hnte_verdict"] == "uncertain"


def test_verdict_pass_fail_and_score_line_at_70() -> None:
    experts = {
        "expert_advancement": 8,
        "expert_core_support": 8,
        "expert_acquisition": 6,
        "rdm_system": 6,
        "rdm_institution": 6,
        "rdm_incentives": 4,
        "rdm_talent": 4,
        "expert_transformation": 30,
    }
    strong = evaluate_one(three_years(), **experts)
    # IP 8 + 8 + 7..8 + 6 + 0 = 29..30, transformation 30, R&D management 20, growth 0 → 79..80
    assert (strong["score_min"], strong["score_max"]) == (79, 80)
    assert strong["hnte_verdict"] == "pass"
    weak = evaluate_one(three_years(), **{**experts, "expert_transformation": 21})
    assert (weak["score_min"], weak["score_max"]) == (70, 71)
    assert weak["hnte_innovation_score_passed"] is None
    at_line = evaluate_one(three_years(), **{**experts, "expert_transformation": 20})
    assert at_line["score_max"] == 70 and at_line["hnte_innovation_score_passed"] is False
    assert at_line["hnte_verdict"] == "fail"


def test_any_failed_condition_fails_the_verdict_even_with_unknowns() -> None:
    row = evaluate_one([year(2023), year(2024)], tech_field=None)
    assert row["hnte_tech_field_passed"] is False
    assert row["hnte_verdict"] == "fail"


def test_years_in_any_order_give_the_same_results() -> None:
    firms = [enterprise(0), enterprise(1, registered_on=dt.date(2023, 5, 1))]
    years = [
        *three_years(0, sales_revenue=4000, rd_total=200),
        year(2023, 1, sales_revenue=100, rd_total=3),
        year(2024, 1, sales_revenue=300, rd_total=17),
    ]
    ordered = evaluate_tables(tables(firms, years), AS_OF)
    shuffled = evaluate_tables(tables(firms, [years[4], years[1], years[3], years[2], years[0]]), AS_OF)
    assert shuffled.equals(ordered)
    assert ordered["hnte_rd_ratio_value"].to_list() == [0.05, 0.05]  # 600/12000 and 20/400
    assert [entry["year"] for entry in shuffled["deduction"][0]] == [2022, 2023, 2024]


def test_unknown_ip_fails_core_ip_as_a_bool_and_is_named_missing() -> None:
    row = evaluate_one(three_years(), ip_class1=None, ip_class2=None)
    assert row["hnte_core_ip_passed"] is False  # the contract's bool: no IP known is no IP shown
    assert row["hnte_verdict"] == "fail"
    assert {"ip.class1", "ip.class2"} <= set(missing_labels(row["missing"], AS_OF))


def test_unknown_last_year_rd_is_no_double_zero_flag_and_is_named_missing() -> None:
    years = [*three_years(first=2022)[:2], year(2024, sales_revenue=60000, rd_total=None, rd_domestic=None)]
    row = evaluate_one(years, section="C", industry_code="C1713", rd_institution="none")
    assert row["dz_no_rd_activity"] is False  # not shown to be zero
    assert row["dz_no_rd_institution"] is True
    assert "fiscal_years[2024].rd" in missing_labels(row["missing"], AS_OF)

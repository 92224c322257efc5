"""The cheapest plan, against the real engine, with expectations derived by hand.

The base enterprise (assessed on 2026-06-01, so on fiscal years 2023–2025) passes everything:
sales 1000/1400/2000 万元 (5% bracket, R&D needed 220 万元), R&D 70/75/80 = 225, 100 employees with
20 sci-tech staff, high-tech revenue 1500 of 2100, growth ≈ 41% on both indicators (band A, 9 points
each at least), one class I patent, 15 achievements (annual average 5: band A, 25), full R&D
management (20), expert points advancement 8, core support 8, acquisition 6: score minimum
29 + 25 + 20 + 18 = 92.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gaoqi.policy import evaluate_records, load_parameters, plan_for
from gaoqi.policy.inputs.uscc import check_digit
from gaoqi.policy.plan import Action, apply_actions

AS_OF = dt.date(2026, 6, 1)
COSTS = [  # the test's own cost model, so that expectations do not follow the shipped 示例口径
    {"action": "rd_extra", "unit_name": "万元", "unit_cost": Decimal(1), "lead_months": 12},
    {"action": "scitech_hire", "unit_name": "人·年", "unit_cost": Decimal(15), "lead_months": 6},
    {"action": "hitech_revenue", "unit_name": "万元", "unit_cost": Decimal("0.1"), "lead_months": 12},
    {"action": "ip_class1", "unit_name": "件", "unit_cost": Decimal(5), "lead_months": 18},
    {"action": "ip_class2", "unit_name": "件", "unit_cost": Decimal("0.8"), "lead_months": 8},
    {"action": "achievement", "unit_name": "项", "unit_cost": Decimal(3), "lead_months": 6},
    {"action": "rdm_system", "unit_name": "项", "unit_cost": Decimal(2), "lead_months": 3},
    {"action": "rdm_institution", "unit_name": "项", "unit_cost": Decimal(8), "lead_months": 6},
    {"action": "rdm_incentives", "unit_name": "项", "unit_cost": Decimal(1), "lead_months": 3},
    {"action": "rdm_talent", "unit_name": "项", "unit_cost": Decimal(1), "lead_months": 3},
]


def uscc(number: int) -> str:
    body = f"91330621MA2B{number:05d}"
    return body + check_digit(body)


def enterprise(number: int = 1, *, rd=(70, 75, 80), domestic=None, years=(2023, 2024, 2025), **changes):
    """The passing base enterprise; ``rd``/``domestic`` per fiscal year, other fields by keyword."""
    sales = {2023: 1000, 2024: 1400, 2025: 2000}
    net_assets = {2023: 500, 2024: 700, 2025: 1000}
    domestic = domestic or rd
    record = {
        "uscc": uscc(number),
        "name": f"柯桥测试科技有限公司{number}",
        "registered_on": "2015-01-01",
        "industry_code": "C1713",
        "tech_field": "4.3",
        "town": "柯桥街道",
        "fiscal_years": [
            {
                "year": year,
                "sales_revenue": sales[year],
                "total_revenue": sales[year] + 100,
                "hitech_revenue": 1500 if year == 2025 else 700,
                "rd_total": rd[position],
                "rd_domestic": domestic[position],
                "net_assets": net_assets[year],
                "total_assets": 2 * net_assets[year],
                "cost_total": sales[year] - 100,
                "employees": 100,
                "scitech_staff": 20,
            }
            for position, year in enumerate(years)
        ],
        "ip": {"class1": 1, "class2": 0, "self_developed": True},
        "achievements_3y": 15,
        "standards_drafted": False,
        "rd_management": {"system": 6, "institution": 6, "incentives": 4, "talent": 4},
        "expert": {"advancement": 8, "core_support": 8, "acquisition": 6},
        "major_incident_1y": False,
        "rd_institution": "enterprise",
    }
    record.update(changes)
    return record


def with_last_year(record, **values):
    record["fiscal_years"][-1].update(values)
    return record


@pytest.fixture(scope="module")
def params():
    base = load_parameters(AS_OF)
    return base.with_overrides({"plan_costs.actions": COSTS, "plan_costs.rd_net_of_tax_saving": False})


def kinds(plan):
    return [(action["kind"], action["amount"]) for action in plan["actions"]]


def test_the_base_enterprise_passes_and_needs_no_plan(params):
    plan = plan_for(enterprise(), AS_OF, params=params)
    assert plan["verdict_before"] == "pass"
    assert plan["score_before"]["min"] == 92
    assert plan["needed"] is False and plan["actions"] == []


def test_failing_only_the_rd_ratio_costs_exactly_the_rd_gap(params):
    plan = plan_for(enterprise(rd=(60, 70, 80)), AS_OF, params=params)
    # 5% of 4400 = 220 万元 against 210: the gap is 10 万元, at 1 万元 per 万元
    assert kinds(plan) == [("rd_extra", 10.0)]
    assert plan["total_cost"] == 10.0
    assert plan["verification"] == {"verdict": "pass", "passed": True}
    assert plan["feasible"] is True


def test_rd_cost_net_of_the_super_deduction_tax_saving(params):
    net = params.with_overrides({"plan_costs.rd_net_of_tax_saving": True})
    plan = plan_for(enterprise(rd=(60, 70, 80)), AS_OF, params=net)
    # 2025: 100% extra deduction, 25% income tax (no certificate): 10 × (1 − 1.00 × 0.25) = 7.5
    assert plan["total_cost"] == 7.5


def test_domestic_share_and_rd_ratio_gaps_are_closed_by_the_larger_domestic_amount(params):
    record = enterprise(rd=(60, 70, 80), domestic=(30, 40, 40))
    plan = plan_for(record, AS_OF, params=params)
    # ratio gap 10; domestic: (110 + x) / (210 + x) ≥ 0.6 ⇔ 0.4x ≥ 16 ⇔ x ≥ 40
    assert kinds(plan) == [("rd_extra", 40.0)]
    assert plan["verification"]["passed"] is True


def test_sci_tech_staff_gap_is_bought_as_whole_hires(params):
    plan = plan_for(with_last_year(enterprise(), scitech_staff=8), AS_OF, params=params)
    # (8 + h) / (100 + h) ≥ 0.1 ⇔ 9h ≥ 20 ⇔ h ≥ 3; 3 × 15 万元
    assert kinds(plan) == [("scitech_hire", 3.0)]
    assert plan["total_cost"] == 45.0
    assert plan["verification"]["passed"] is True


def test_hitech_revenue_gap_at_its_conversion_cost(params):
    plan = plan_for(with_last_year(enterprise(), hitech_revenue=1000), AS_OF, params=params)
    # (1000 + x) / (2100 + x) ≥ 0.6 ⇔ 0.4x ≥ 260 ⇔ x ≥ 650; 650 × 0.1 万元
    assert kinds(plan) == [("hitech_revenue", 650.0)]
    assert plan["total_cost"] == 65.0
    assert plan["verification"]["passed"] is True


def score_short_enterprise():
    """Score minimum 56: IP 8+8+1+6 = 23 (2 class II: band D), achievements 6 (average 2: band D, 7),
    R&D management 0+0+4+4 = 8, growth 18."""
    return enterprise(
        ip={"class1": 0, "class2": 2, "self_developed": True},
        achievements_3y=6,
        rd_management={"system": 0, "institution": 0, "incentives": 4, "talent": 4},
    )


def test_score_points_are_bought_by_the_cheapest_combination_not_the_greedy_one(params):
    plan = plan_for(score_short_enterprise(), AS_OF, params=params)
    assert plan["score_before"]["min"] == 56
    # 15 points are needed (56 → 71). Cost per point favours system (2/6), then class II items, so a
    # greedy buyer ends at system + class I + institution (18 points, 15 万元). The optimum is
    # system + institution (12 points, 10) + 3 class II items to band B (+4, 2.4): 12.4 万元, 72 points.
    chosen = sorted(kinds(plan))
    assert chosen == [("ip_class2", 3.0), ("rdm_institution", 1.0), ("rdm_system", 1.0)]
    assert plan["total_cost"] == pytest.approx(12.4, abs=1e-9)
    assert plan["score_after"]["min"] == 72
    assert plan["verification"] == {"verdict": "pass", "passed": True}
    assert plan["lead_months"] == 8


def test_a_plan_applied_to_the_record_passes_when_evaluated_again(params):
    record = with_last_year(score_short_enterprise(), scitech_staff=9, hitech_revenue=1200)
    plan = plan_for(record, AS_OF, params=params)
    actions = [Action(row["kind"], Decimal(str(row["amount"])), row["target"]) for row in plan["actions"]]
    applied = apply_actions(record, actions, as_of=AS_OF, params=params)
    [result] = evaluate_records([applied], AS_OF, params=params, explain=False)
    assert result["hnte"]["verdict"] == "pass"
    assert result["hnte"]["score"]["min"] > 70


def test_an_enterprise_without_ip_must_buy_some(params):
    record = enterprise(ip={"class1": 0, "class2": 0, "self_developed": False})
    plan = plan_for(record, AS_OF, params=params)
    assert any(action["kind"] in ("ip_class1", "ip_class2") for action in plan["actions"])
    assert plan["verification"]["passed"] is True


def test_a_200_day_old_enterprise_is_blocked_until_its_365th_day(params):
    record = enterprise(registered_on="2025-11-13", rd=(100,), years=(2025,))
    plan = plan_for(record, AS_OF, params=params)
    # 2025-11-13 is 200 days before 2026-06-01; 365 days after it is 2026-11-13
    [blocker] = [item for item in plan["blockers"] if item["condition"] == "registered_365_days"]
    assert blocker["clears_on"] == "2026-11-13"
    assert plan["feasible"] is False


def test_unreachable_score_is_a_blocker(params):
    flat = {2023: 1000, 2024: 1000, 2025: 1000}
    record = enterprise(expert=None, ip={"class1": 0, "class2": 1, "self_developed": True})
    for year in record["fiscal_years"]:
        year.update(sales_revenue=flat[year["year"]], total_revenue=1100, hitech_revenue=700)
        year.update(net_assets=500, rd_total=60, rd_domestic=60)
    plan = plan_for(record, AS_OF, params=params)
    # growth 0 (F), expert items unknown (minimum 0): at best 7 + 1 + 25 + 20 = 53
    [blocker] = [item for item in plan["blockers"] if item["condition"] == "innovation_score"]
    assert "53" in blocker["text"]
    assert plan["feasible"] is False


def test_a_major_incident_is_a_blocker_that_clears_a_year_later_at_worst(params):
    plan = plan_for(enterprise(major_incident_1y=True), AS_OF, params=params)
    [blocker] = plan["blockers"]
    assert (blocker["condition"], blocker["clears_on"]) == ("no_major_incident", "2027-06-01")
    assert plan["actions"] == []


def test_a_missing_fiscal_year_is_a_blocker_naming_the_missing_inputs(params):
    record = enterprise()
    record["fiscal_years"] = [year for year in record["fiscal_years"] if year["year"] != 2024]
    plan = plan_for(record, AS_OF, params=params)
    unknown = {item["condition"] for item in plan["blockers"]}
    assert "rd_ratio" in unknown
    assert all("缺少" in item["text"] and "2024" in item["text"] for item in plan["blockers"])
    assert plan["feasible"] is False


def test_apply_actions_copies_the_record_and_touches_only_what_the_actions_change(params):
    record = enterprise(rd_management=None)
    actions = [Action("ip_class2", Decimal(2)), Action("rdm_talent", Decimal(1), "talent")]
    changed = apply_actions(record, actions, as_of=AS_OF, params=params)
    assert changed["fiscal_years"] == record["fiscal_years"]
    assert changed["ip"] == {"class1": 1, "class2": 2, "self_developed": True}
    assert changed["rd_management"] == {"system": 0, "institution": 0, "incentives": 0, "talent": 4}
    assert record["ip"]["class2"] == 0 and record["rd_management"] is None
    hired = apply_actions(record, [Action("scitech_hire", Decimal(3))], as_of=AS_OF, params=params)
    assert (hired["fiscal_years"][-1]["employees"], hired["fiscal_years"][-1]["scitech_staff"]) == (103, 23)

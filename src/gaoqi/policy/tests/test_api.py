"""The public surface: exported names, no Django, doctests, and the contract's output shape."""

from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys

import gaoqi.policy
from gaoqi.policy import evaluate, exact
from gaoqi.policy.output import batch_output, wan_yuan
from gaoqi.policy.tables import InputBatch
from gaoqi.policy.tests.support import enterprise, tables, three_years, year

AS_OF = dt.date(2025, 6, 1)
PUBLIC = {
    "evaluate_records",
    "evaluate_tables",
    "read_input",
    "tables_from_records",
    "load_parameters",
    "plan_for",
    "earliest_application_date",
    "simulate",
    "InputTables",
    "InputBatch",
    "RecordError",
    "ParameterSet",
    "ParameterError",
    "InputError",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(gaoqi.policy.__all__) == PUBLIC
    assert len(gaoqi.policy.__all__) == len(PUBLIC)


def test_engine_imports_no_django() -> None:
    code = (
        "import sys, datetime as dt\n"
        "import gaoqi.policy as policy\n"
        "from gaoqi.policy import evaluate_tables, load_parameters\n"
        "import gaoqi.policy.output, gaoqi.policy.explain\n"
        "load_parameters(dt.date(2025, 6, 1))\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_exported_functions_stay_functions_when_their_modules_are_imported() -> None:
    code = (
        "import inspect\n"
        "import gaoqi.policy.simulate, gaoqi.policy.plan, gaoqi.policy.evaluate\n"
        "import gaoqi.policy as policy\n"
        "from gaoqi.policy import simulate\n"
        "names = ['simulate', 'plan_for', 'evaluate_tables', 'earliest_application_date']\n"
        "exported = all(inspect.isfunction(getattr(policy, name)) for name in names)\n"
        "print(exported, inspect.isfunction(simulate))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True True"


def test_exact_helpers_doctests_pass() -> None:
    outcome = doctest.testmod(exact)
    assert outcome.attempted >= 8 and outcome.failed == 0
    assert doctest.testmod(evaluate).failed == 0


def test_money_leaves_in_wan_yuan_with_four_decimals() -> None:
    assert wan_yuan(1) == 0.0001
    assert wan_yuan(12_345_678) == 1234.5678
    assert wan_yuan(None) is None


def test_output_object_follows_the_contract() -> None:
    batch = InputBatch(tables([enterprise(0)], three_years(scitech_staff=11, employees=120)), [], 1)
    [result] = batch_output(batch, AS_OF)
    assert set(result) == {"uscc", "as_of", "hnte", "tech_sme", "deduction", "double_zero", "tier"}
    assert result["as_of"] == "2025-06-01"
    hnte = result["hnte"]
    assert list(hnte["conditions"]) == [
        "registered_365_days",
        "core_ip",
        "tech_field",
        "scitech_staff_ratio",
        "rd_ratio",
        "domestic_rd_share",
        "hitech_revenue_share",
        "innovation_score",
        "no_major_incident",
    ]
    staff = hnte["conditions"]["scitech_staff_ratio"]
    assert staff == {"passed": False, "value": 11 / 120, "threshold": 0.1, "gap": 2}
    assert hnte["conditions"]["innovation_score"]["threshold"] == 70
    assert set(hnte["score"]) == {
        "min",
        "max",
        "ip",
        "transformation",
        "rd_management",
        "growth",
        "net_asset_growth",
        "sales_growth",
    }
    assert set(hnte["score"]["sales_growth"]) == {"rate", "min", "max"}
    assert set(result["tech_sme"]) >= {"verdict", "direct", "score", "staff", "rd", "ip"}
    first = result["deduction"]["years"][0]
    assert first == {
        "year": 2022,
        "rate": 1.0,
        "base": 240.0,
        "extra": 240.0,
        "tax_saved": 60.0,
        "estimated": True,
    }
    assert "rd_management.system" in hnte["missing"]
    rules = {item["rule"] for item in hnte["explanations"]}
    conditions = {f"hnte.{name}" for name in hnte["conditions"]}
    items = {f"hnte_score.{item}" for item in ("ip", "transformation", "rd_management")}
    growth = {"hnte_score.net_asset_growth", "hnte_score.sales_growth"}
    assert rules == conditions | items | growth
    staff_text = next(item for item in hnte["explanations"] if item["rule"] == "hnte.scitech_staff_ratio")
    assert "2 人" in staff_text["text"] and staff_text["parameter_date"] == "2016-01-01"
    assert "第十一条（四）" in staff_text["article"]


def test_rejected_records_keep_their_place() -> None:
    from gaoqi.policy.errors import RecordError

    error = RecordError(idx=0, uscc="X", field="uscc", rule="check_digit", message="校验位错误")
    batch = InputBatch(tables([enterprise(1)], [year(2024, 1)]), [error], 2)
    results = batch_output(batch, AS_OF, explain=False)
    assert results[0] == {"uscc": "X", "error": "校验位错误"}
    assert results[1]["uscc"] == enterprise(1)["uscc"] and "explanations" not in results[1]["hnte"]


def test_evaluate_records_runs_a_contract_record() -> None:
    record = {
        "uscc": "91330621MA2BC1234B",
        "name": "示例纺织有限公司",
        "registered_on": "2015-03-01",
        "industry_code": "C1713",
        "tech_field": "4.3",
        "town": "柯桥街道",
        "ip": {"class1": 1, "class2": 3, "self_developed": True},
        "fiscal_years": [
            {
                "year": y,
                "sales_revenue": 4000,
                "total_revenue": 4000,
                "hitech_revenue": 3000,
                "rd_total": 200,
                "rd_domestic": 200,
                "net_assets": 1000,
                "total_assets": 3000,
                "cost_total": 3500,
                "employees": 120,
                "scitech_staff": 12,
            }
            for y in (2022, 2023, 2024)
        ],
    }
    [result] = gaoqi.policy.evaluate_records([record], AS_OF)
    assert result["uscc"] == record["uscc"] and "error" not in result, result
    conditions = result["hnte"]["conditions"]
    assert conditions["scitech_staff_ratio"]["passed"] is True  # 12 of 120 is exactly 10 %
    assert conditions["rd_ratio"]["passed"] is True  # exactly 5 %, sales 4,000 万元


def test_deduction_explanations_name_the_rate_and_its_date() -> None:
    fields = {"section": "I", "industry_code": "I6513"}
    batch = InputBatch(
        tables(
            [enterprise(0, **fields), enterprise(1, section="F", industry_code="F5131")],
            [year(2022, 0), year(2022, 1)],
        ),
        [],
        2,
    )
    general, listed = (result["deduction"]["explanations"][0] for result in batch_output(batch, AS_OF))
    assert "81.25%" in general["text"] and general["parameter_date"] == "2022-10-01"
    assert general["threshold"] == 0.8125 and general["value"] == 195.0  # 240 × 81.25 %
    assert "不适用加计扣除" in listed["text"] and "119号" in listed["article"]

"""Tech SME, super deduction, 双清零 and tier: boundaries derived by hand from the contract."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from gaoqi.policy.errors import ParameterError
from gaoqi.policy.evaluate import evaluate_tables
from gaoqi.policy.params import PARAMETER_DIR, load_parameters
from gaoqi.policy.tests.support import enterprise, tables, three_years, year

AS_OF = dt.date(2025, 6, 1)


def evaluate_one(years: list[dict[str, Any]], as_of: dt.date = AS_OF, **fields: Any) -> dict[str, Any]:
    return evaluate_tables(tables([enterprise(0, **fields)], years), as_of).to_dicts()[0]


# --- tech SME (国科发政〔2017〕115号) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "eligible"),
    [
        ({"employees": 500, "scitech_staff": 50}, True),
        ({"employees": "500.0001", "scitech_staff": 50}, False),
        ({"sales_revenue": 20000, "rd_total": 1200}, True),
        ({"sales_revenue": "20000.0001", "rd_total": 1200}, False),
        ({"total_assets": 20000}, True),
        ({"total_assets": "20000.0001"}, False),
    ],
)
def test_tech_sme_size_limits_are_inclusive(fields: dict[str, Any], eligible: bool) -> None:
    assert evaluate_one(three_years(**fields))["tech_sme_eligible"] is eligible


@pytest.mark.parametrize(
    ("staff", "points"), [(30, 20), ("29.9999", 16), (25, 16), (20, 12), (15, 8), (10, 4), ("9.9999", 0)]
)
def test_tech_sme_staff_bands(staff: Any, points: int) -> None:
    assert evaluate_one(three_years(employees=100, scitech_staff=staff))["tech_sme_staff"] == points


@pytest.mark.parametrize(
    ("rd", "points"), [(60, 50), ("59.9999", 40), (50, 40), (40, 30), (30, 20), (20, 10), ("19.9999", 0)]
)
def test_tech_sme_rd_sales_bands(rd: Any, points: int) -> None:
    years = three_years(sales_revenue=1000, cost_total=100000, rd_total=rd, rd_domestic=rd)
    assert evaluate_one(years)["tech_sme_rd"] == points


def test_tech_sme_rd_takes_the_better_ratio_and_prefers_the_deduction_base() -> None:
    # sales ratio 2 % → 10; cost ratio 20 % → 30
    assert evaluate_one(three_years(sales_revenue=1000, cost_total=100, rd_total=20))["tech_sme_rd"] == 30
    # deduction base five = 60 on sales 1000 → 6 % → 50, though the HNTE total is 20
    given = three_years(sales_revenue=1000, cost_total=100000, rd_total=20, ded_five=60)
    assert evaluate_one(given)["tech_sme_rd"] == 50


@pytest.mark.parametrize(
    ("class1", "class2", "points"), [(1, 0, 30), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)]
)
def test_tech_sme_ip_bands(class1: int, class2: int, points: int) -> None:
    assert evaluate_one(three_years(), ip_class1=class1, ip_class2=class2)["tech_sme_ip"] == points


def test_tech_sme_pass_line_and_non_zero_staff() -> None:
    # staff 20 % → 12, R&D 4 % of sales → 30, two class II → 12: exactly 54; three class II → 60
    years = three_years(employees=100, scitech_staff=20, sales_revenue=1000, rd_total=40, cost_total=100000)
    assert evaluate_one(years, ip_class1=0, ip_class2=2)["tech_sme_verdict"] == "fail"
    sixty = evaluate_one(years, ip_class1=0, ip_class2=3)
    assert (sixty["tech_sme_score"], sixty["tech_sme_verdict"]) == (60, "pass")
    no_staff = three_years(employees=100, scitech_staff=9, sales_revenue=1000, rd_total=60, cost_total=100000)
    row = evaluate_one(no_staff, ip_class1=1)  # 0 + 50 + 30 = 80, but staff scores 0
    assert (row["tech_sme_score"], row["tech_sme_verdict"]) == (80, "fail")


def test_tech_sme_direct_qualification_and_negative_list() -> None:
    weak = three_years(scitech_staff=0, rd_total=0, rd_domestic=0)
    assert evaluate_one(weak, ip_class1=0)["tech_sme_verdict"] == "fail"
    direct = evaluate_one(weak, ip_class1=0, rd_institution="provincial")
    assert direct["tech_sme_direct"] is True and direct["tech_sme_verdict"] == "pass"
    assert evaluate_one(weak, ip_class1=0, hnte_issued_on=dt.date(2023, 1, 1))["tech_sme_direct"] is True
    listed = evaluate_one(three_years(), industry_code="F5131", section="F", rd_institution="national")
    assert listed["tech_sme_verdict"] == "fail"


# --- super deduction --------------------------------------------------------------------------


def deduction_years(row: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {entry["year"]: entry for entry in row["deduction"]}


@pytest.mark.parametrize(
    ("fiscal_year", "fields", "rate"),
    [
        (2016, {}, 0.5),
        (2017, {}, 0.5),
        (2017, {"tech_sme_registered": [2017]}, 0.75),
        (2020, {}, 0.75),
        (2021, {}, 0.75),
        (2021, {"section": "C", "industry_code": "C1713"}, 1.0),
        (2022, {}, 0.8125),
        (2022, {"tech_sme_registered": [2022]}, 1.0),
        (2023, {}, 1.0),
        (2023, {"ic_or_mother_machine": True}, 1.2),
        (2027, {"ic_or_mother_machine": True}, 1.2),
        (2028, {"ic_or_mother_machine": True}, 1.0),
        (2023, {"section": "F", "industry_code": "F5131"}, 0.0),
        (2023, {"section": "C", "industry_code": "C1610"}, 0.0),
        (2023, {"section": "R", "industry_code": "R9011"}, 0.0),
        (2023, {"section": "R", "industry_code": "R8810"}, 1.0),
    ],
)
def test_deduction_rate_by_period_and_who(fiscal_year: int, fields: dict[str, Any], rate: float) -> None:
    software = {"section": "I", "industry_code": "I6513", **fields}
    row = evaluate_one([year(fiscal_year)], as_of=dt.date(2029, 6, 1), **software)
    assert deduction_years(row)[fiscal_year]["rate"] == rate


def test_deduction_2022_amounts_for_a_non_manufacturer() -> None:
    row = evaluate_one([year(2022, ded_five=100)], section="I", industry_code="I6513")
    entry = deduction_years(row)[2022]
    # base 100 万元; extra 81.25 万元; tax at 25 %: 20.3125 万元
    assert (entry["base"], entry["extra"], entry["tax_saved"]) == (1_000_000, 812_500, 203_125)
    assert entry["estimated"] is False


def test_deduction_caps_other_and_overseas() -> None:
    # five 90, other 20 capped at 90/9 = 10, entrusted domestic 50 → 40: domestic part 140
    capped = {"ded_five": 90, "ded_other": 20, "ded_entrusted_domestic": 50, "ded_entrusted_overseas": 100}
    row = evaluate_one([year(2024, **capped)])
    assert deduction_years(row)[2024]["base"] == 2_200_000  # overseas 80 < ⅔ × 140
    row = evaluate_one([year(2024, **{**capped, "ded_entrusted_overseas": 200})])
    # overseas 160 capped at ⅔ × 140 = 93.33333… → base 233.3333 万元 (half-up to the yuan)
    assert deduction_years(row)[2024]["base"] == 2_333_333


def test_deduction_estimated_from_hnte_categories() -> None:
    categories = {"rd_total": None, "rd_domestic": None, "rd_personnel": 90, "rd_other": 20}
    entry = deduction_years(evaluate_one([year(2024, **categories)]))[2024]
    assert entry["estimated"] is True
    assert entry["base"] == 1_000_000  # 90 + min(20, 10)


def test_tax_rate_is_15_percent_in_the_hnte_years() -> None:
    years = [year(y, ded_five=100) for y in (2021, 2022, 2023, 2024)]
    row = evaluate_one(years, as_of=dt.date(2026, 1, 1), hnte_issued_on=dt.date(2022, 11, 1))
    saved = {y: entry["tax_saved"] for y, entry in deduction_years(row).items()}
    # manufacturer: 100 % extra from 2021; 25 % in 2021, 15 % in 2022–2024
    assert saved == {2021: 250_000, 2022: 150_000, 2023: 150_000, 2024: 150_000}


# --- 双清零 and tier ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sales", "rd", "section", "flag"),
    [(10000, 0, "C", True), ("9999.9999", 0, "C", False), (10000, 1, "C", False), (10000, 0, "I", False)],
)
def test_double_zero_rd_activity(sales: Any, rd: Any, section: str, flag: bool) -> None:
    years = three_years(
        sales_revenue=sales, total_revenue=sales, hitech_revenue=0, rd_total=rd, rd_domestic=rd
    )
    assert evaluate_one(years, section=section)["dz_no_rd_activity"] is flag


@pytest.mark.parametrize(
    ("sales", "institution", "flag"),
    [(50000, "none", True), ("49999.9999", "none", False), (50000, "enterprise", False)],
)
def test_double_zero_rd_institution(sales: Any, institution: str, flag: bool) -> None:
    years = three_years(
        sales_revenue=sales, total_revenue=sales, hitech_revenue=0, rd_total=100, rd_domestic=100
    )
    assert evaluate_one(years, rd_institution=institution)["dz_no_rd_institution"] is flag


@pytest.mark.parametrize(
    ("as_of", "tier"), [(dt.date(2025, 5, 31), "hnte"), (dt.date(2025, 6, 1), "tech_sme")]
)
def test_hnte_certificate_is_valid_for_three_years(as_of: dt.date, tier: str) -> None:
    years = [year(y, sales_revenue=1000, rd_total=20) for y in (2022, 2023, 2024)]
    row = evaluate_one(years, as_of=as_of, hnte_issued_on=dt.date(2022, 6, 1), tech_sme_registered=[2024])
    assert row["tier"] == tier


@pytest.mark.parametrize(
    ("sales", "rd", "class1", "institution", "tier"),
    [
        (5000, 200, 1, "none", "little_giant"),  # exactly 4 %
        (5000, "199.9999", 1, "none", "hnte"),
        ("4999.9999", 200, 1, "none", "hnte"),
        (5000, 200, 0, "none", "hnte"),
        (50000, 1500, 1, "provincial", "leading"),  # exactly 3 %
        (50000, 1500, 1, "municipal", "hnte"),
        (50000, 2000, 1, "municipal", "little_giant"),
    ],
)
def test_little_giant_and_leading_tiers(
    sales: Any, rd: Any, class1: int, institution: str, tier: str
) -> None:
    years = three_years(sales_revenue=sales, total_revenue=sales, rd_total=rd, rd_domestic=rd)
    row = evaluate_one(
        years, hnte_issued_on=dt.date(2024, 1, 1), ip_class1=class1, rd_institution=institution
    )
    assert row["tier"] == tier


def test_no_tier_without_certificate_registration_or_pass() -> None:
    row = evaluate_one(three_years(scitech_staff=0), ip_class1=0)
    assert (row["tech_sme_verdict"], row["tier"]) == ("fail", "none")


def test_reported_rate_does_not_depend_on_the_batch() -> None:
    ic = enterprise(0, ic_or_mother_machine=True, section="I", industry_code="I6513")
    other = enterprise(1, section="I", industry_code="I6513")
    batch = tables([ic, other], [year(2023, 0), year(2022, 1)])
    first, second = evaluate_tables(batch, AS_OF).to_dicts()
    assert first["deduction"][0]["rate"] == 1.2  # the float nearest to 6/5, as alone
    assert second["deduction"][0]["rate"] == 0.8125


def test_a_region_without_tier_and_double_zero_rules(tmp_path: Path) -> None:
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, root)
    (root / "regions" / "other.yaml").write_text(
        "region: other\ntitle: 另一个区\nparameters:\n"
        "  region.code:\n    description: 行政区划代码\n    unit: code\n"
        "    reference: {document: 示例, article: 示例}\n    values:\n      2016-01-01: '330000'\n",
        encoding="utf-8",
    )
    years = three_years(sales_revenue=50000, total_revenue=50000, rd_total=2000, rd_domestic=2000)
    batch = tables([enterprise(0, hnte_issued_on=dt.date(2024, 1, 1))], years)
    keqiao = evaluate_tables(batch, AS_OF).to_dicts()[0]
    assert keqiao["tier"] == "little_giant" and keqiao["dz_no_rd_institution"] is True
    other = evaluate_tables(batch, AS_OF, params=load_parameters(AS_OF, region="other", directory=root))
    result = other.to_dicts()[0]
    assert result["tier"] == "hnte"
    assert result["dz_no_rd_activity"] is None and result["dz_no_rd_institution"] is None


def test_a_tech_sme_band_table_out_of_order_is_a_parameter_error(tmp_path: Path) -> None:
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, root)
    national = root / "tech_sme.yaml"
    text = national.read_text(encoding="utf-8")
    swapped = text.replace("{min_ratio: 0.06, points: 50}", "{min_ratio: 0.04, points: 50}", 1)
    national.write_text(
        swapped.replace("{min_ratio: 0.04, points: 30}", "{min_ratio: 0.06, points: 30}", 1), encoding="utf-8"
    )
    params = load_parameters(AS_OF, directory=root)
    batch = tables([enterprise(0)], three_years())
    with pytest.raises(ParameterError, match=r"tech_sme\.rd_sales_bands.*从高到低"):
        evaluate_tables(batch, AS_OF, params=params)

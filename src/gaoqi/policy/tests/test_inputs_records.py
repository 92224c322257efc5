"""Contract records to tables: USCC check digit, every bad-input kind, exact amounts."""

from __future__ import annotations

import doctest
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from gaoqi.policy.inputs import decode, layout, messages, samples, tables_from_records, uscc
from gaoqi.policy.inputs.uscc import ALPHABET, check_digit, is_valid_uscc, valid_uscc_expr


@pytest.mark.parametrize("module", [uscc, messages, samples, decode, layout])
def test_doctests_pass(module: Any) -> None:
    failed, _ = doctest.testmod(module)
    assert failed == 0


def test_check_digit_matches_a_hand_computed_example() -> None:
    # 9,1,3,3,0,6,2,1,M=21,A=10,2,B=11,C=12,1,2,3,4 weighted by 3**i mod 31 sums to 1570;
    # 1570 mod 31 = 20, 31 - 20 = 11, which is the symbol B.
    assert check_digit("91330621MA2BC1234") == "B"
    assert is_valid_uscc("91330621MA2BC1234B")
    assert not is_valid_uscc("91330621MA2BC1234A")


def test_vectorised_check_agrees_with_the_scalar_one() -> None:
    rng = random.Random(7)
    codes = []
    for _ in range(300):
        body = "".join(rng.choice(ALPHABET) for _ in range(17))
        codes += [body + check_digit(body), body + rng.choice(ALPHABET)]
    codes += ["91330621MA2BC1234", "91330621MA2BC1234BB", "91330621MA2BC1234I", "91330621ma2bc1234b"]
    frame = pl.DataFrame({"uscc": codes})
    assert frame.select(valid_uscc_expr(pl.col("uscc")))["uscc"].to_list() == [
        is_valid_uscc(c) for c in codes
    ]


def _first_year(record: dict[str, Any]) -> dict[str, Any]:
    return record["fiscal_years"][0]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(record: dict[str, Any]) -> None:
        target, *rest = path.split(".")
        if target == "year0":
            _first_year(record)[rest[0]] = value
        else:
            record[target] = value

    return mutate


def _duplicate_year(record: dict[str, Any]) -> None:
    record["fiscal_years"].append(dict(_first_year(record)))


def _drop_name(record: dict[str, Any]) -> None:
    del record["name"]


BAD_INPUTS = [
    # (mutation, field, rule, phrase the message must contain)
    (_set("uscc", "91330621MA2BC1234C"), "uscc", "uscc_check_digit", "第 18 位应为 B，实际为 C"),
    (_set("uscc", "91330621MA2BC123"), "uscc", "uscc_format", "18 位"),
    (_set("uscc", 913306), "uscc", "type", "应为文本"),
    (_drop_name, "name", "required", "企业名称必填"),
    (_set("registered_on", "2012/05/18"), "registered_on", "type", "YYYY-MM-DD"),
    (_set("registered_on", "2012-02-30"), "registered_on", "type", "成立日期应为日期"),
    (_set("industry_code", "1713"), "industry_code", "industry_code_format", "门类字母"),
    (_set("industry_code", "A1713"), "industry_code", "industry_code_section", "不属于门类 A"),
    (_set("tech_field", "3.3"), "tech_field", "tech_field", "52 个子领域"),
    (_set("tech_field", "4"), "tech_field", "tech_field", "领域.子领域"),
    (_set("rd_institution", "county"), "rd_institution", "rd_institution", "“county”"),
    (_set("rd_management", {"system": 7}), "rd_management.system", "points_range", "0–6 分"),
    (_set("ip", {"class1": -1}), "ip.class1", "negative", "不得为负数"),
    (_set("ip", {"class2": 2.5}), "ip.class2", "type", "应为整数"),
    (_set("standards_drafted", "是"), "standards_drafted", "type", "true 或 false"),
    (_set("fiscal_years", None), "fiscal_years", "required", "必填"),
    (_duplicate_year, "fiscal_years[2023]", "duplicate_year", "年度 2023 出现了两次"),
    (
        _set("year0.sales_revenue", "8650"),
        "fiscal_years[2023].sales_revenue",
        "type",
        "销售收入应为数值（万元）",
    ),
    (_set("year0.sales_revenue", True), "fiscal_years[2023].sales_revenue", "type", "应为数值"),
    (_set("year0.cost_total", Decimal("-0.0001")), "fiscal_years[2023].cost_total", "negative", "不得为负数"),
    (_set("year0.employees", Decimal(-1)), "fiscal_years[2023].employees", "negative", "职工总数（-1人）"),
    (
        _set("year0.total_assets", Decimal("100000000.0001")),
        "fiscal_years[2023].total_assets",
        "too_large",
        "1 亿",
    ),
    (_set("year0.net_assets", Decimal("NaN")), "fiscal_years[2023].net_assets", "type", "有限数值"),
    (
        _set("year0.scitech_staff", 187),
        "fiscal_years[2023].scitech_staff",
        "scitech_staff_exceeds_employees",
        "科技人员数（187人）不得大于职工总数（186人）",
    ),
    (
        _set("year0.hitech_revenue", Decimal("8662.7501")),
        "fiscal_years[2023].hitech_revenue",
        "hitech_revenue_exceeds_total_revenue",
        "（8662.7501万元）不得大于总收入（8662.75万元）",
    ),
    (_set("year0.rd_total", 100), "fiscal_years[2023].rd_total", "rd_mixed", "不能同时填写"),
    (_set("year0.rd", "many"), "fiscal_years[2023].rd", "type", "应为对象"),
    (_set("year0.year", 1899), "fiscal_years[1899].year", "year_range", "1900–2100"),
]


@pytest.mark.parametrize(("mutate", "field", "rule", "phrase"), BAD_INPUTS)
def test_bad_record_is_named_and_the_rest_of_the_batch_is_kept(
    mutate: Callable[[dict[str, Any]], None], field: str, rule: str, phrase: str
) -> None:
    records = samples.sample_records()
    mutate(records[0])
    batch = tables_from_records(records)
    assert [(e.idx, e.field, e.rule) for e in batch.errors] == [(0, field, rule)]
    message = batch.errors[0].message
    named = "企业 91330621MA2BC1234B" if field != "uscc" else "企业"
    assert message.startswith(named)
    assert f"字段 {field}：" in message
    assert phrase in message
    assert batch.tables.enterprises["idx"].to_list() == [1, 2, 3]
    assert set(batch.tables.years["idx"].to_list()) == {1, 2, 3}
    assert batch.size == 4


def test_rejected_record_with_a_wrong_uscc_is_named_by_that_uscc() -> None:
    records = samples.sample_records()
    records[2]["uscc"] = records[2]["uscc"][:17] + "0"
    error = tables_from_records(records).errors[0]
    assert error.uscc == records[2]["uscc"]
    assert error.message.startswith(f"企业 {records[2]['uscc']} 字段 uscc：")
    assert error.as_output() == {"uscc": records[2]["uscc"], "error": error.message}


def test_record_that_is_not_an_object_is_named_by_its_position() -> None:
    batch = tables_from_records([*samples.sample_records(), ["not", "an", "object"]])
    assert batch.errors[0].idx == 4
    assert batch.errors[0].message.startswith("第 5 条记录：")


def _years_of(records: list[dict[str, Any]]) -> pl.DataFrame:
    batch = tables_from_records(records)
    assert batch.errors == []
    return batch.tables.years


def test_amounts_are_exact_yuan_rounded_half_even() -> None:
    records = samples.sample_records()[:1]
    year = _first_year(records[0])
    year["sales_revenue"] = 0.1 + 0.2  # a binary float is read through its shortest repr
    year["total_revenue"] = Decimal("0.00015")  # 1.5 yuan rounds to even: 2
    year["hitech_revenue"] = Decimal("0.00005")  # half a yuan rounds to even: 0
    year["cost_total"] = Decimal("100000000")  # the upper bound itself is accepted
    year["employees"] = Decimal("186.00005")
    row = _years_of(records).row(0, named=True)
    assert (row["sales_revenue"], row["total_revenue"], row["hitech_revenue"]) == (3000, 2, 0)
    assert row["cost_total"] == 10**12
    assert row["employees"] == 1_860_000


def test_rd_categories_left_out_count_as_zero_and_totals_stay_null() -> None:
    records = samples.sample_records()[:1]
    _first_year(records[0])["rd"] = {"personnel": 10}
    row = _years_of(records).row(0, named=True)
    assert row["rd_personnel"] == 100_000
    assert row["rd_other"] == 0 and row["rd_trials"] == 0
    assert row["rd_total"] is None and row["rd_domestic"] is None


def test_rd_totals_may_be_given_in_the_year_or_inside_rd() -> None:
    records = samples.sample_records()[:2]
    _first_year(records[0])["rd"] = {"rd_total": Decimal("50.5"), "rd_domestic": 40}
    years = _years_of(records).filter(pl.col("idx") == 0, pl.col("year") == 2023)
    assert years.select("rd_total", "rd_domestic", "rd_personnel").row(0) == (505_000, 400_000, None)


def test_domestic_rd_above_total_rd_is_rejected() -> None:
    records = samples.sample_records()
    year = records[1]["fiscal_years"][1]
    year["rd_domestic"] = Decimal("210.8001")
    error = tables_from_records(records).errors[0]
    assert (error.idx, error.field, error.rule) == (
        1,
        "fiscal_years[2025].rd_domestic",
        "rd_domestic_exceeds_total",
    )


def test_deduction_measure_is_optional_and_a_given_one_fills_zeros() -> None:
    years = _years_of(samples.sample_records())
    given = years.filter(pl.col("ded_five").is_not_null())
    assert given.select("idx", "year", "ded_five", "ded_entrusted_overseas").rows() == [
        (2, 2025, 11_805_000, 0)
    ]


def test_net_assets_may_be_negative_and_nothing_is_required_beyond_the_contract() -> None:
    records = samples.sample_records()[3:]
    _first_year(records[0])["net_assets"] = Decimal("-35.2")
    row = _years_of(records).row(0, named=True)
    assert row["net_assets"] == -352_000
    assert row["rd_personnel"] == 0  # an empty rd object means no R&D


def test_valid_records_keep_input_order_and_sections() -> None:
    batch = tables_from_records(samples.sample_records())
    enterprises = batch.tables.enterprises
    assert enterprises["idx"].to_list() == [0, 1, 2, 3]
    assert enterprises["section"].to_list() == ["C", "I", "C", "C"]
    assert enterprises.filter(pl.col("idx") == 0)["tech_sme_registered"].to_list() == [[2024, 2025]]


def test_one_bad_record_beside_a_good_one_is_reported_and_the_good_one_evaluated() -> None:
    from gaoqi.policy import evaluate_records

    records = samples.sample_records()[:2]
    _first_year(records[0])["scitech_staff"] = 187
    bad, good = evaluate_records(records, "2025-06-30")
    assert bad == {
        "uscc": "91330621MA2BC1234B",
        "error": "企业 91330621MA2BC1234B 字段 fiscal_years[2023].scitech_staff："
        "科技人员数（187人）不得大于职工总数（186人）",
    }
    assert good == evaluate_records(records[1:], "2025-06-30")[0]


def test_flagged_records_are_reported_in_order_each_by_its_first_failing_check() -> None:
    records = samples.sample_records()
    records[3]["uscc"] = "91330621MA2BC123"  # fails the format check, then the check digit
    records[3]["industry_code"] = "1713"
    records[1]["ip"] = {"class1": -1}
    batch = tables_from_records(records)
    assert [(e.idx, e.message) for e in batch.errors] == [
        (1, "企业 91330621MA2D56789F 字段 ip.class1：一类知识产权数（-1件）不得为负数"),
        (
            3,
            "企业 91330621MA2BC123 字段 uscc："
            "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V），实际为 “91330621MA2BC123”",
        ),
    ]
    assert batch.tables.enterprises["idx"].to_list() == [0, 2]

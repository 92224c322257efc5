"""Policy impact: a changed R&D threshold flips exactly the enterprises between the two thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gaoqi.policy import load_parameters, simulate, tables_from_records
from gaoqi.policy.tests.test_plan import AS_OF, enterprise, uscc

# Three-year sales are 4400 万元 with 2000 in the last year (the ≤ 5000 bracket): ratio = R&D / 4400.
POPULATION = [  # (number, three-year R&D, town)
    (1, Decimal("198"), "柯桥街道"),  # 4.5%: fails both
    (2, Decimal("220"), "柯桥街道"),  # exactly 5%: passes, then fails
    (3, Decimal("242"), "柯桥街道"),  # 5.5%: passes, then fails
    (4, Decimal("263.56"), "华舍街道"),  # 5.99%: passes, then fails
    (5, Decimal("264"), "华舍街道"),  # exactly 6%: passes both
    (6, Decimal("308"), "钱清街道"),  # 7%: passes both
]


def population():
    records = []
    for number, rd, town in POPULATION:
        first = float(rd - 155)
        records.append(enterprise(number, rd=(first, 75, 80), town=town))
    return records


@pytest.fixture(scope="module")
def base():
    return load_parameters(AS_OF)


@pytest.fixture(scope="module")
def stricter(base):
    brackets = [dict(row) for row in base.value("hnte.rd_ratio_brackets")]
    brackets[0]["min_ratio"] = Decimal("0.06")
    return base.with_overrides({"hnte.rd_ratio_brackets": brackets})


def test_a_stricter_small_bracket_flips_exactly_those_between_the_thresholds(base, stricter):
    answer = simulate(population(), AS_OF, base, stricter)
    assert answer["evaluated"] == 6
    assert answer["flipped"] == 3
    assert [flip["name"][-1] for flip in answer["flips"]] == ["2", "3", "4"]
    assert all(flip["hnte"] == {"from": "pass", "to": "fail"} for flip in answer["flips"])
    assert all(flip["tier"]["from"] == flip["tier"]["to"] for flip in answer["flips"])
    by_town = {
        row["town"]: (row["flipped"], row["hnte_gained"], row["hnte_lost"]) for row in answer["by_town"]
    }
    assert by_town == {"柯桥街道": (2, 0, 2), "华舍街道": (1, 0, 1)}
    assert answer["by_tier"] == [
        {"tier": "tech_sme", "flipped": 3, "hnte_gained": 0, "hnte_lost": 3, "tier_changed": 0}
    ]
    assert answer["hnte_changes"] == [{"from": "pass", "to": "fail", "count": 3}]
    assert answer["tier_changes"] == []
    assert [item["name"] for item in answer["changed_parameters"]] == ["hnte.rd_ratio_brackets"]


def test_the_reverse_change_flips_them_back(base, stricter):
    answer = simulate(population(), AS_OF, stricter, base)
    assert answer["hnte_changes"] == [{"from": "fail", "to": "pass", "count": 3}]


def test_tables_and_records_give_the_same_answer_and_bad_records_are_reported(base, stricter):
    valid = uscc(7)
    wrong = valid[:-1] + ("1" if valid.endswith("0") else "0")  # a wrong check digit
    from_records = simulate([*population(), {**enterprise(7), "uscc": wrong}], AS_OF, base, stricter)
    assert [item["uscc"] for item in from_records["rejected"]] == [wrong]
    from_tables = simulate(tables_from_records(population()).tables, AS_OF, base, stricter)
    assert from_tables["flips"] == from_records["flips"]


def test_unchanged_parameters_flip_nobody(base):
    answer = simulate(population(), dt.date(2026, 6, 1), base, base)
    assert answer["flipped"] == 0
    assert answer["by_town"] == []
    assert answer["changed_parameters"] == []

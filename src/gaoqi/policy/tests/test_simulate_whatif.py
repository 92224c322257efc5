"""What-if for one enterprise: dotted-path changes, and before/after through the real engine."""

from __future__ import annotations

import pytest

from gaoqi.policy.whatif import apply_changes, diff_results, read_path

RECORD = {
    "uscc": "91330621MA2BTEST01",
    "ip": {"class1": 0, "class2": 2},
    "rd_management": None,
    "fiscal_years": [{"year": 2024, "rd_total": 10.5}, {"year": 2025, "rd_total": 12}],
}


def test_a_fiscal_year_is_chosen_by_its_year_not_its_position():
    changed = apply_changes(RECORD, {"fiscal_years[2024].rd_total": 20})
    assert changed["fiscal_years"] == [{"year": 2024, "rd_total": 20}, {"year": 2025, "rd_total": 12}]
    assert RECORD["fiscal_years"][0]["rd_total"] == 10.5  # the input is not touched


def test_a_missing_year_and_a_null_object_are_created():
    changed = apply_changes(RECORD, {"fiscal_years[2023].sales_revenue": 300, "rd_management.system": 6})
    assert {"year": 2023, "sales_revenue": 300} in changed["fiscal_years"]
    assert changed["rd_management"] == {"system": 6}


def test_read_path_answers_none_for_absent_steps():
    assert read_path(RECORD, "fiscal_years[2025].rd_total") == 12
    assert read_path(RECORD, "fiscal_years[2019].rd_total") is None
    assert read_path(RECORD, "rd_management.system") is None


@pytest.mark.parametrize("path", ["fiscal_years[2025]..rd_total", "ip.class 1", "", "ip[x]"])
def test_malformed_paths_are_rejected_in_chinese(path):
    with pytest.raises(ValueError, match="字段路径"):
        apply_changes(RECORD, {path: 1})


def test_diff_lists_changed_leaves_and_ignores_explanations():
    before = {"hnte": {"verdict": "fail", "score": {"min": 60}, "explanations": [1]}, "tier": "none"}
    after = {"hnte": {"verdict": "pass", "score": {"min": 60}, "explanations": [2]}, "tier": "none"}
    assert diff_results(before, after) == [{"path": "hnte.verdict", "before": "fail", "after": "pass"}]


def test_whatif_through_the_engine_lists_the_conditions_that_change():
    from gaoqi.policy.tests.test_plan import AS_OF, enterprise
    from gaoqi.policy.whatif import evaluate_whatif

    record = enterprise(rd=(60, 70, 80))  # 210 of the 220 万元 the 5% bracket needs
    changes = {"fiscal_years[2025].rd_total": 90, "fiscal_years[2025].rd_domestic": 90}
    answer = evaluate_whatif(record, changes, AS_OF)
    assert answer["changes"][0] == {"path": "fiscal_years[2025].rd_total", "before": 80, "after": 90}
    assert (answer["before"]["hnte"]["verdict"], answer["after"]["hnte"]["verdict"]) == ("fail", "pass")
    changed = {item["path"]: (item["before"], item["after"]) for item in answer["changed"]}
    assert changed["hnte.verdict"] == ("fail", "pass")
    assert changed["hnte.conditions.rd_ratio.passed"] == (False, True)
    assert changed["hnte.conditions.rd_ratio.gap"] == (10, 0)
    assert "hnte.conditions.scitech_staff_ratio.passed" not in changed

"""Earliest application date: each rule that delays an application, with hand-derived dates.

The Keqiao window of the shipped parameters is 05-01 to 09-30 (示例口径); tests that depend on it
say so, and one test changes it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gaoqi.policy import earliest_application_date, load_parameters


def enterprise(**changes):
    record = {
        "uscc": "91330621MA2BTEST01",
        "name": "测试纺织科技有限公司",
        "registered_on": "2018-04-02",
        "ip": {"class1": 1, "class2": 0, "self_developed": True},
        "fiscal_years": [{"year": year} for year in (2023, 2024, 2025)],
    }
    record.update(changes)
    return record


def rules(answer):
    return [item["rule"] for item in answer["constraints"]]


def test_an_established_enterprise_inside_the_window_can_apply_on_the_day():
    answer = earliest_application_date(enterprise(), dt.date(2026, 6, 15))
    assert answer["date"] == "2026-06-15"
    assert answer["constraints"] == []
    assert answer["fiscal_years"] == [2023, 2024, 2025]


def test_after_the_window_closes_the_answer_is_next_years_opening():
    answer = earliest_application_date(enterprise(), dt.date(2026, 10, 1))
    assert answer["date"] == "2027-05-01"
    assert rules(answer) == ["application_window"]
    assert answer["fiscal_years"] == [2024, 2025, 2026]


def test_a_young_enterprise_waits_365_days_and_then_for_the_window():
    record = enterprise(registered_on="2025-03-10", fiscal_years=[{"year": 2025}])
    answer = earliest_application_date(record, dt.date(2025, 6, 1))
    # 2025-03-10 + 365 days = 2026-03-10, before the window opens on 05-01
    assert answer["date"] == "2026-05-01"
    assert rules(answer) == ["registered_365_days", "application_window"]
    assert "2026-03-10" in answer["reasons"][0]
    assert answer["fiscal_years"] == [2025]


def test_registration_day_365_inside_the_window_is_the_date_itself():
    record = enterprise(registered_on="2025-06-20", fiscal_years=[{"year": 2025}])
    answer = earliest_application_date(record, dt.date(2025, 12, 1))
    assert answer["date"] == "2026-06-20"  # 2025-06-20 + 365 days (2026 is not a leap year)


def test_a_changed_window_moves_the_date():
    params = load_parameters(dt.date(2025, 6, 1)).with_overrides({"plan_costs.application_opens": "03-01"})
    record = enterprise(registered_on="2025-03-10", fiscal_years=[{"year": 2025}])
    answer = earliest_application_date(record, dt.date(2025, 6, 1), params=params)
    assert answer["date"] == "2026-03-10"


def test_a_valid_certificate_means_a_new_application_in_its_expiry_year():
    record = enterprise(hnte_certificate={"issued_on": "2024-11-20"})
    answer = earliest_application_date(record, dt.date(2025, 6, 1))
    # valid until 2027-11-20: apply again in 2027, from the window's opening
    assert answer["date"] == "2027-05-01"
    assert rules(answer) == ["valid_certificate", "application_window"]


def test_a_certificate_expiring_this_year_does_not_delay():
    record = enterprise(hnte_certificate={"issued_on": "2023-12-01"})
    answer = earliest_application_date(record, dt.date(2026, 6, 1))
    assert answer["date"] == "2026-06-01"


def test_used_class_ii_ip_waits_for_the_first_pending_grant():
    record = enterprise(ip={"class1": 0, "class2": 4, "self_developed": True, "hnte_used_year": 2023})
    pending = [
        {"kind": "class1", "expected_grant": "2027-01-05"},
        {"kind": "class2", "expected_grant": dt.date(2026, 8, 20)},
    ]
    answer = earliest_application_date(record, dt.date(2026, 6, 1), pending_ip=pending)
    assert answer["date"] == "2026-08-20"
    assert rules(answer) == ["core_ip"]
    assert "2023" in answer["reasons"][0]


def test_without_countable_or_pending_ip_no_date_can_be_given():
    record = enterprise(ip={"class1": 0, "class2": 4, "self_developed": True, "hnte_used_year": 2023})
    answer = earliest_application_date(record, dt.date(2026, 6, 1))
    assert answer["date"] is None
    assert rules(answer) == ["core_ip"]


def test_unused_class_ii_ip_counts():
    record = enterprise(ip={"class1": 0, "class2": 2, "self_developed": True})
    assert earliest_application_date(record, dt.date(2026, 6, 1))["date"] == "2026-06-01"


def test_a_major_incident_delays_by_a_year_at_worst():
    answer = earliest_application_date(enterprise(major_incident_1y=True), dt.date(2026, 6, 1))
    assert answer["date"] == "2027-06-01"  # 365 days later, inside the window
    assert rules(answer) == ["no_major_incident"]


def test_missing_fiscal_years_are_named():
    record = enterprise(fiscal_years=[{"year": 2025}])
    answer = earliest_application_date(record, dt.date(2026, 6, 1))
    assert answer["date"] == "2026-06-01"
    assert rules(answer) == ["fiscal_years"]
    assert "2023、2024" in answer["reasons"][0]


@pytest.mark.parametrize("as_of", [dt.date(2026, 5, 1), dt.date(2026, 9, 30)])
def test_both_ends_of_the_window_are_inside_it(as_of):
    assert earliest_application_date(enterprise(), as_of)["date"] == as_of.isoformat()

"""Each alert kind is raised once, at the right time, not before nor after; to the right people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from gaoqi.accounts.models import Role, User
from gaoqi.cultivation.models import PlanAction, PoolEntry
from gaoqi.enterprises.models import Certificate, IPAsset
from gaoqi.enterprises.tests.builders import uscc_for
from gaoqi.monitoring.alerts import inbox, mark_all_read, raise_alerts, recipients, unread_count
from gaoqi.monitoring.detectors import is_drifting
from gaoqi.monitoring.figures import add_months
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tests.builders import TOWN_B, evaluation, firm, hnte, year

pytestmark = pytest.mark.django_db


def kinds(day: date) -> dict[str, int]:
    return raise_alerts(day)


def test_hnte_expiry_at_12_and_6_months_once_each_with_the_verdict() -> None:
    company = firm(1)
    hnte(company, date(2024, 12, 1))  # valid until 2027-11-30
    evaluation(company, "fail", rd_ratio={"passed": False, "value": 0.03, "threshold": 0.04})
    days = (
        (date(2026, 11, 29), None),
        (date(2026, 11, 30), 1),
        (date(2027, 2, 1), None),
        (date(2027, 5, 29), None),
        (date(2027, 5, 30), 1),
        (date(2027, 11, 30), None),
        (date(2027, 12, 1), None),
    )
    assert [kinds(day).get("hnte_expiry") for day, _expected in days] == [expected for _day, expected in days]
    alerts = Alert.objects.filter(kind="hnte_expiry").order_by("raised_on")
    assert [a.period.split(":")[1] for a in alerts] == ["12m", "6m"]
    assert all(a.due_on == date(2027, 11, 30) for a in alerts)
    assert "不符合" in alerts[0].message and "研发费用占比" in alerts[0].message


def test_hnte_expiry_first_seen_inside_6_months_raises_only_the_6_month_alert() -> None:
    hnte(firm(2), date(2024, 3, 10), expires_on=date(2027, 3, 9))
    assert kinds(date(2026, 12, 1)) == {"hnte_expiry": 1}
    assert Alert.objects.get().period.endswith(":6m")


def test_a_recertified_enterprise_gets_no_alert_for_its_old_certificate() -> None:
    company = firm(3)
    hnte(company, date(2021, 12, 1))
    hnte(company, date(2024, 12, 1))
    assert kinds(date(2024, 12, 5)) == {}


def test_annual_report_reminder_in_the_month_before_31_may_for_last_years_hntes() -> None:
    hnte(firm(4), date(2024, 12, 1))
    hnte(firm(5), date(2026, 1, 10))  # not an HNTE at the end of 2025: nothing to report
    assert kinds(date(2026, 4, 29)) == {}
    assert kinds(date(2026, 4, 30)) == {"annual_report": 1}
    assert kinds(date(2026, 5, 31)) == {}
    assert kinds(date(2026, 6, 1)) == {}
    alert = Alert.objects.get(kind="annual_report")
    assert alert.due_on == date(2026, 5, 31) and "2025" in alert.message


def test_tech_sme_update_reminder_before_31_march_for_last_years_registrations() -> None:
    Certificate.objects.create(enterprise=firm(6), kind="tech_sme", number="2025330603A0001", year=2025)
    Certificate.objects.create(enterprise=firm(7), kind="tech_sme", number="2024330603A0002", year=2024)
    assert kinds(date(2026, 2, 27)) == {}
    assert kinds(date(2026, 2, 28)) == {"tech_sme_update": 1}
    assert kinds(date(2026, 3, 31)) == {}
    assert kinds(date(2026, 4, 1)) == {}
    assert Alert.objects.get().enterprise.uscc == uscc_for(6)


def test_no_tech_sme_update_before_the_2017_rules() -> None:
    Certificate.objects.create(enterprise=firm(17), kind="tech_sme", number="2016A", year=2016)
    assert kinds(date(2017, 3, 15)) == {}


def test_indicator_drift_near_the_threshold_or_falling_toward_it_once_a_year() -> None:
    near, edge = firm(8), firm(9)
    for company in (near, edge):
        hnte(company, date(2025, 6, 1))
    evaluation(
        near,
        rd_ratio={"passed": True, "value": 0.052, "threshold": 0.05},
        hitech_revenue_share={"passed": True, "value": 0.70, "threshold": 0.6},
        scitech_staff_ratio={"passed": True, "value": 0.30, "threshold": 0.1},
    )
    # high-tech share 80 % then 68 %: the same fall again would end at 56 %, below 60 %
    year(near, 2024, hitech_revenue="800", total_revenue="1000", scitech_staff="30", employees="100")
    year(near, 2025, hitech_revenue="680", total_revenue="1000", scitech_staff="30", employees="100")
    # exactly the margin above the threshold (5 % + 0.5 points) is not near
    evaluation(edge, rd_ratio={"passed": True, "value": 0.055, "threshold": 0.05})
    assert kinds(date(2026, 3, 1)) == {"indicator_drift": 2}
    assert set(Alert.objects.values_list("period", flat=True)) == {
        "2026:rd_ratio",
        "2026:hitech_revenue_share",
    }
    assert kinds(date(2026, 9, 1)) == {}
    # a new year raises again; without a 2026 fiscal year only the near R&D ratio is known
    assert kinds(date(2027, 1, 5)) == {"indicator_drift": 1}


def test_class_ii_ip_already_used_is_flagged_before_recertification() -> None:
    used, fresh = firm(10), firm(11)
    hnte(used, date(2023, 12, 1))  # valid until 2026-11-30
    hnte(fresh, date(2023, 12, 1))
    IPAsset.objects.create(enterprise=used, kind="utility_model", title="一种织机", hnte_used_year=2023)
    IPAsset.objects.create(enterprise=fresh, kind="utility_model", title="一种染缸")
    assert kinds(date(2025, 11, 29)) == {}
    assert kinds(date(2025, 11, 30)).get("ip_reused") == 1
    assert kinds(date(2026, 5, 1)).get("ip_reused") is None
    assert "2023" in Alert.objects.get(kind="ip_reused").message


def test_ip_expiring_within_180_days_once() -> None:
    company = firm(12)
    IPAsset.objects.create(
        enterprise=company, kind="invention", title="一种纤维", expires_on=date(2026, 12, 31)
    )
    IPAsset.objects.create(enterprise=company, kind="trademark", title="商标", expires_on=date(2026, 12, 31))
    assert kinds(date(2026, 7, 3)) == {}
    assert kinds(date(2026, 7, 4)) == {"ip_expiry": 1}
    assert kinds(date(2026, 12, 31)) == {}
    assert kinds(date(2027, 1, 1)) == {}


def test_overdue_plan_action_once_after_its_deadline() -> None:
    entry = PoolEntry.objects.create(
        enterprise=firm(13), year=2026, entered_on=date(2026, 1, 5), entry_reason="研发费用不足"
    )
    PlanAction.objects.create(entry=entry, description="补足研发投入", deadline=date(2026, 3, 1))
    PlanAction.objects.create(entry=entry, description="申请专利", deadline=date(2026, 2, 1), status="done")
    assert kinds(date(2026, 3, 1)) == {}
    assert kinds(date(2026, 3, 2)) == {"plan_overdue": 1}
    assert kinds(date(2026, 4, 2)) == {}


def test_recipients_and_inboxes_follow_role_and_town() -> None:
    mine, other = firm(14), firm(15, TOWN_B)
    for company in (mine, other):
        IPAsset.objects.create(
            enterprise=company, kind="invention", title="专利", expires_on=date(2026, 8, 1)
        )
    raise_alerts(date(2026, 7, 1))
    make = User.objects.create_user
    bureau = make("bureau", role=Role.BUREAU_OFFICER)
    admin = make("admin", role=Role.BUREAU_ADMIN)
    town_a = make("town_a", role=Role.TOWN_OFFICER, town_code=mine.town.code)
    town_b = make("town_b", role=Role.TOWN_OFFICER, town_code=TOWN_B)
    own = make("own", role=Role.ENTERPRISE_USER, enterprise=mine)
    leader = make("leader", role=Role.LEADER)
    alert = Alert.objects.get(enterprise=mine)
    assert set(recipients(alert)) == {bureau, admin, town_a, own}
    assert [inbox(user).count() for user in (bureau, town_a, town_b, own, leader)] == [2, 1, 1, 1, 0]
    assert unread_count(bureau) == 2
    mark_all_read(bureau)
    assert unread_count(bureau) == 0 and unread_count(town_a) == 1


def test_the_command_takes_the_day_and_raises_once(capsys: pytest.CaptureFixture[str]) -> None:
    IPAsset.objects.create(enterprise=firm(16), kind="invention", title="专利", expires_on=date(2026, 8, 1))
    call_command("raise_alerts", "--today", "2026-07-01")
    call_command("raise_alerts", "--today", "2026-07-02")
    out = capsys.readouterr().out
    assert "新发预警 1 条" in out and "新发预警 0 条" in out
    assert Alert.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2027, 11, 30), -12, date(2026, 11, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
    ],
)
def test_months_move_to_the_same_day_or_the_months_last(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("value", "previous", "last", "drifting"),
    [
        ("0.0549", None, None, True),  # inside the margin
        ("0.055", None, None, False),  # exactly threshold + margin: not near
        ("0.08", "0.10", "0.07", True),  # the same fall again: 0.04, below 0.05
        ("0.08", "0.09", "0.07", False),  # the same fall again: exactly 0.05, still met
        ("0.08", "0.08", "0.09", False),  # rising
    ],
)
def test_drift_is_near_or_falling_toward_the_threshold(
    value: str, previous: str | None, last: str | None, drifting: bool
) -> None:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    result = is_drifting(Decimal(value), Decimal("0.05"), Decimal("0.005"), number(previous), number(last))
    assert result is drifting

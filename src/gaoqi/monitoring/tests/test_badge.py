"""The navigation badge counts exactly the unread alerts of the user's inbox, whatever changed them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import Enterprise, IPAsset
from gaoqi.monitoring.alerts import (
    inbox,
    mark_all_read,
    mark_read,
    raise_alerts,
    unread_badge,
    unread_count,
)
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tests.builders import TOWN_A, TOWN_B, firm, hnte
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 30)  # inside the IP expiry lead and the annual report window


def _alerting_firm(serial: int, town: str) -> Enterprise:
    """A firm that gets two alerts on ``TODAY``: an expiring patent and its annual report."""
    company = firm(serial, town)
    IPAsset.objects.create(enterprise=company, kind="invention", title="专利", expires_on=date(2026, 8, 1))
    hnte(company, date(2024, 12, 1))
    return company


def _unread_in_inbox(user: User) -> int:
    return sum(not alert.is_read for alert in inbox(user))


def _badge_text(user: User) -> str | None:
    """The badge shown on a page of ``user`` (``None``: no badge)."""
    client = Client()
    client.force_login(user)
    text = client.get("/").text
    marker = 'data-testid="nav-badge">'
    if marker not in text:
        return None
    return text.split(marker, 1)[1].split("<", 1)[0]


def _badge(user: User) -> int | None:
    """The badge number shown on a page of ``user`` (``None``: no badge)."""
    shown = _badge_text(user)
    return None if shown is None else int(shown)


@pytest.fixture
def users() -> dict[str, User]:
    own_firm = _alerting_firm(500, TOWN_A)
    _alerting_firm(501, TOWN_A)
    _alerting_firm(502, TOWN_B)
    raise_alerts(TODAY)
    make = User.objects.create_user
    return {
        "bureau": make("bureau", role=Role.BUREAU_OFFICER),
        "admin": make("admin", role=Role.BUREAU_ADMIN),
        "town_a": make("town_a", role=Role.TOWN_OFFICER, town_code=TOWN_A),
        "town_b": make("town_b", role=Role.TOWN_OFFICER, town_code=TOWN_B),
        "own": make("own", role=Role.ENTERPRISE_USER, enterprise=own_firm),
    }


def _counts(users: dict[str, User]) -> dict[str, int]:
    counts = {name: unread_count(user) for name, user in users.items()}
    assert counts == {name: _unread_in_inbox(user) for name, user in users.items()}
    return counts


def test_after_the_daily_run_each_scope_counts_its_own_alerts(users: dict[str, User]) -> None:
    assert Alert.objects.count() == 6
    assert _counts(users) == {"bureau": 6, "admin": 6, "town_a": 4, "town_b": 2, "own": 2}
    assert _badge(users["town_a"]) == 4 and _badge(users["own"]) == 2


def test_reading_lowers_only_the_readers_count(users: dict[str, User]) -> None:
    town_b_alert = Alert.objects.filter(enterprise__town__code=TOWN_B).first()
    assert mark_read(users["bureau"], Alert.objects.filter(pk=town_b_alert.pk)) == 1
    assert _counts(users) == {"bureau": 5, "admin": 6, "town_a": 4, "town_b": 2, "own": 2}
    assert mark_read(users["town_a"], Alert.objects.filter(pk=town_b_alert.pk)) == 0  # not in its scope
    assert mark_all_read(users["town_a"], Alert.Kind.IP_EXPIRY) == 2
    assert _counts(users) == {"bureau": 5, "admin": 6, "town_a": 2, "town_b": 2, "own": 2}
    assert mark_all_read(users["bureau"]) == 5
    assert _counts(users) == {"bureau": 0, "admin": 6, "town_a": 2, "town_b": 2, "own": 2}
    assert _badge(users["bureau"]) is None and _badge(users["town_a"]) == 2


def test_new_alerts_raise_the_count_and_a_second_run_does_not(users: dict[str, User]) -> None:
    mark_all_read(users["town_b"])
    _alerting_firm(503, TOWN_B)
    raise_alerts(TODAY)
    raise_alerts(TODAY)
    assert _counts(users) == {"bureau": 8, "admin": 8, "town_a": 4, "town_b": 2, "own": 2}


def test_an_enterprise_moving_town_takes_its_alerts_to_the_new_town(users: dict[str, User]) -> None:
    """The scope is the enterprise's current town, as in the inbox: the old town's officer no longer
    counts its alerts, the new town's does (unread unless that officer read them before)."""
    mover = users["own"].enterprise
    mark_read(users["town_a"], Alert.objects.filter(enterprise=mover, kind=Alert.Kind.IP_EXPIRY))
    Enterprise.objects.filter(pk=mover.pk).update(town=Town.objects.get(code=TOWN_B))
    assert _counts(users) == {"bureau": 6, "admin": 6, "town_a": 2, "town_b": 4, "own": 2}
    Enterprise.objects.filter(pk=mover.pk).update(town=Town.objects.get(code=TOWN_A))
    assert _counts(users) == {"bureau": 6, "admin": 6, "town_a": 3, "town_b": 2, "own": 2}


def test_a_change_of_the_users_own_scope_counts_at_once(users: dict[str, User]) -> None:
    officer = users["town_a"]
    mark_all_read(officer)
    officer.town_code = TOWN_B
    officer.save()
    assert unread_count(officer) == _unread_in_inbox(officer) == 2
    officer.role = Role.BUREAU_OFFICER
    officer.save()
    assert unread_count(officer) == _unread_in_inbox(officer) == 2  # town A's four stay read


def test_users_without_alerts_count_zero(users: dict[str, User]) -> None:
    make = User.objects.create_user
    nobody = {
        "leader": make("leader", role=Role.LEADER),
        "no_town": make("no_town", role=Role.TOWN_OFFICER),
        "no_firm": make("no_firm", role=Role.ENTERPRISE_USER),
        "inactive": make("inactive", role=Role.BUREAU_OFFICER, is_active=False),
    }
    assert _counts(nobody) == dict.fromkeys(nobody, 0)
    assert unread_count(AnonymousUser()) == 0
    superuser = User.objects.create_superuser("root", role=Role.LEADER)
    assert unread_count(superuser) == _unread_in_inbox(superuser) == 6


def test_badge_stops_at_99_plus_while_the_inbox_counts_every_unread_alert() -> None:
    company = firm(600, TOWN_A)
    Alert.objects.bulk_create(
        Alert(
            enterprise=company,
            kind=Alert.Kind.HNTE_EXPIRY,
            period=f"p{number}",
            title="证书到期",
            message="证书即将到期",
            raised_on=TODAY,
        )
        for number in range(150)
    )
    officer = User.objects.create_user("many", role=Role.BUREAU_OFFICER)
    assert unread_count(officer) == _unread_in_inbox(officer) == 150
    assert unread_count(officer, at_most=100) == 100
    assert unread_badge(officer) == "99+"
    assert _badge_text(officer) == "99+"
    mark_read(officer, Alert.objects.filter(period__in=[f"p{number}" for number in range(51)]))
    assert unread_badge(officer) == 99
    assert _badge(officer) == 99

"""The monitoring API: the user's alerts, 双清零 progress and town scores, within scopes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import IPAsset
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.models import DoubleZeroBaseline, TownTarget
from gaoqi.monitoring.tests.builders import TOWN_A, TOWN_B, firm, hnte
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_alerts_list_filter_and_mark_read() -> None:
    for serial, town in ((500, TOWN_A), (501, TOWN_B)):
        IPAsset.objects.create(
            enterprise=firm(serial, town), kind="invention", title="专利", expires_on=date(2026, 8, 1)
        )
    raise_alerts(date(2026, 7, 1))
    town_a = client_for(User.objects.create_user("town_a", role=Role.TOWN_OFFICER, town_code=TOWN_A))
    listed = town_a.get("/api/monitoring/alerts/").json()
    assert listed["count"] == 1 and listed["results"][0]["is_read"] is False
    alert_id = listed["results"][0]["id"]
    assert town_a.post(f"/api/monitoring/alerts/{alert_id}/read/").json() == {"marked": 1}
    assert town_a.get("/api/monitoring/alerts/?state=unread").json()["count"] == 0
    bureau = client_for(User.objects.create_user("bureau", role=Role.BUREAU_OFFICER))
    assert bureau.get("/api/monitoring/alerts/?kind=ip_expiry").json()["count"] == 2
    assert bureau.post("/api/monitoring/alerts/read-all/").json() == {"marked": 2}


def test_double_zero_and_town_scores_for_the_dashboards() -> None:
    town_b = Town.objects.get(code=TOWN_B)
    gone = firm(510, TOWN_B)
    DoubleZeroBaseline.objects.create(year=2025, town=town_b, no_rd_activity=[gone.pk])
    hnte(firm(511, TOWN_B), date(2025, 6, 1))
    TownTarget.objects.create(year=2025, town=town_b, indicator="new_hnte", target=Decimal(2))
    leader = client_for(User.objects.create_user("leader", role=Role.LEADER))
    progress = leader.get("/api/monitoring/double-zero/?year=2025").json()
    town = next(row for row in progress["towns"] if row["town"] == TOWN_B)
    assert town["lists"]["no_rd_activity"] == {"baseline": 1, "now": 0, "cleared": [gone.pk], "progress": 1.0}
    scores = leader.get("/api/monitoring/town-scores/2025/").json()["towns"]
    assert scores[0]["town"] == TOWN_B and scores[0]["rank"] == 1
    expected = {"actual": "1", "target": "2", "points": "15", "weight": "30"}
    assert scores[0]["indicators"]["new_hnte"] == expected
    company = client_for(User.objects.create_user("own", role=Role.ENTERPRISE_USER, enterprise=gone))
    assert company.get("/api/monitoring/town-scores/2025/").status_code == 403

"""The inbox pages: badge, filters, read/unread, mark all read; the daily job kind."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import IPAsset
from gaoqi.jobs.framework import run_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending
from gaoqi.monitoring.alerts import raise_alerts, unread_count
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tests.builders import TOWN_B, firm, hnte

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client() -> tuple[Client, User]:
    company = firm(400)
    IPAsset.objects.create(
        enterprise=company, kind="invention", title="一种纤维", expires_on=date(2026, 8, 1)
    )
    hnte(company, date(2024, 12, 1))
    raise_alerts(date(2026, 4, 30))  # IP expiry and the annual report
    user = User.objects.create_user("officer", role=Role.BUREAU_OFFICER)
    client = Client()
    client.force_login(user)
    return client, user


def test_badge_filter_read_and_read_all(officer_client: tuple[Client, User]) -> None:
    client, user = officer_client
    page = client.get("/monitoring/alerts/")
    assert 'data-testid="nav-badge">2<' in page.text
    filtered = client.get("/monitoring/alerts/?kind=ip_expiry", headers={"HX-Request": "true"})
    assert filtered.text.count('data-testid="alert"') == 1 and "<html" not in filtered.text
    alert = Alert.objects.get(kind="ip_expiry")
    opened = client.post(f"/monitoring/alerts/{alert.pk}/read/")
    assert opened.status_code == 302 and opened["Location"] == f"/enterprises/{alert.enterprise.uscc}/"
    assert unread_count(user) == 1
    assert client.get("/monitoring/alerts/?state=unread").text.count('data-testid="alert"') == 1
    client.post("/monitoring/alerts/read-all/")
    assert unread_count(user) == 0
    assert 'data-testid="nav-badge"' not in client.get("/monitoring/alerts/").text


def test_a_leader_has_an_empty_inbox_and_cannot_open_alerts(officer_client: tuple[Client, User]) -> None:
    leader = Client()
    leader.force_login(User.objects.create_user("leader", role=Role.LEADER))
    assert 'data-testid="alert"' not in leader.get("/monitoring/alerts/").text
    assert leader.post(f"/monitoring/alerts/{Alert.objects.first().pk}/read/").status_code == 404


def test_a_town_officer_cannot_open_an_alert_of_another_town(officer_client: tuple[Client, User]) -> None:
    other = Client()
    other.force_login(User.objects.create_user("town_b", role=Role.TOWN_OFFICER, town_code=TOWN_B))
    assert 'data-testid="alert"' not in other.get("/monitoring/alerts/").text
    assert other.post(f"/monitoring/alerts/{Alert.objects.first().pk}/read/").status_code == 404


def test_bureau_roles_start_the_check_from_the_inbox(django_capture_on_commit_callbacks) -> None:
    admin = Client()
    admin.force_login(User.objects.create_user("admin", role=Role.BUREAU_ADMIN))
    assert 'data-testid="run-alerts"' in admin.get("/monitoring/alerts/").text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/monitoring/alerts/run/")
    job = Job.objects.get()
    assert (job.kind, job.status, response["Location"]) == (
        "raise_alerts",
        Job.Status.QUEUED,
        f"/jobs/{job.pk}/",
    )
    town = Client()
    town.force_login(User.objects.create_user("town", role=Role.TOWN_OFFICER, town_code=TOWN_B))
    assert 'data-testid="run-alerts"' not in town.get("/monitoring/alerts/").text
    assert town.post("/monitoring/alerts/run/").status_code == 403


@pytest.mark.django_db(transaction=True)  # the worker drops a connection left inside a transaction
def test_the_daily_job_raises_for_its_day(django_capture_on_commit_callbacks) -> None:
    IPAsset.objects.create(enterprise=firm(401), kind="invention", title="专利", expires_on=date(2026, 8, 1))
    admin = User.objects.create_user("admin", role=Role.BUREAU_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        job = run_job("raise_alerts", {"today": "2026-07-01"}, admin)
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.summary == {"ip_expiry": 1}

"""The dashboard's jobs through the real worker: the refresh job, and the refresh after the district
evaluation. Transactional: the worker commits and uses its own connections (as on PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gaoqi.dashboard.models import DashboardSnapshot
from gaoqi.dashboard.scope import Scope
from gaoqi.dashboard.snapshots import refresh
from gaoqi.dashboard.tests.district import AS_OF, TOWN_A, TOWN_B, build
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district(settings):
    settings.GAOQI_AUTO_EVALUATE = False  # the hand-made evaluations are the ones counted
    return build()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_refresh_job_recomputes_the_snapshots(district) -> None:
    DashboardSnapshot.objects.all().delete()
    response = _client(district.officer).post(reverse("dashboard:refresh"))
    job = Job.objects.get(kind="refresh_dashboard")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert set(DashboardSnapshot.objects.values_list("scope", flat=True)) == {
        "district",
        f"town:{TOWN_A}",
        f"town:{TOWN_B}",
    }


def test_the_district_evaluation_job_refreshes_the_snapshots(district) -> None:
    stale = refresh(Scope(), AS_OF)
    DashboardSnapshot.objects.filter(pk=stale.pk).update(data={**stale.data, "as_of": "2000-01-01"})
    _client(district.officer).post(reverse("jobs:evaluate"), {"as_of": AS_OF.isoformat()})
    run_pending()
    assert DashboardSnapshot.objects.get(scope="district").data["as_of"] != "2000-01-01"

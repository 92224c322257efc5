"""Saved targets reach the dashboard's ranking (and so the quarterly report) through the real worker.
Transactional: the job is enqueued on commit and the worker uses its own connections."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from gaoqi.accounts.models import Role, User
from gaoqi.dashboard.models import DashboardSnapshot
from gaoqi.dashboard.snapshots import refresh_all
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending
from gaoqi.monitoring.tests.builders import TOWN_A, firm, hnte
from gaoqi.reference.loading import load_all
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

pytestmark = pytest.mark.django_db(transaction=True)


def _ranking_total(town_code: str) -> str:
    ranking = DashboardSnapshot.objects.get(scope="district").data["ranking"]
    return next(row["total"] for row in ranking if row["code"] == town_code)


def test_saving_targets_refreshes_the_dashboard_ranking(settings) -> None:
    settings.GAOQI_AUTO_EVALUATE = False
    # a flushing browser test may run before this one: load the towns as they do
    load_all(settings.GAOQI_REGION, town=Town, segment=Segment, industry=IndustryClass, tech_field=TechField)
    this_year = timezone.localdate().year
    hnte(firm(1), date(this_year, 1, 15))  # one new HNTE in town A this year
    refresh_all()
    before = _ranking_total(TOWN_A)
    bureau = Client()
    bureau.force_login(User.objects.create_user("bureau", role=Role.BUREAU_OFFICER))

    response = bureau.post(f"/monitoring/targets/{this_year}/edit/", {f"t_{TOWN_A}_new_hnte": "1"})

    assert response.status_code == 302
    job = Job.objects.get(kind="refresh_dashboard")
    assert job.requested_by.username == "bureau"
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert before == "0"
    assert _ranking_total(TOWN_A) != "0"  # full marks for the one new HNTE now that there is a target

"""The daily run re-screens the district by itself when the parameters in force change, and only then."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gaoqi.cultivation.models import ScreeningRun
from gaoqi.cultivation.screening import current_version, latest_run, run_screening
from gaoqi.cultivation.tests.district import TOWN_A, TOWN_B, make_firm
from gaoqi.enterprises.models import Enterprise
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending
from gaoqi.policy import load_parameters

# Transactional: the worker drops a PostgreSQL connection left inside a test transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_auto_evaluation")]


@pytest.fixture
def no_auto_evaluation():
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        yield


def daily(django_capture_on_commit_callbacks) -> str:
    """Run ``gaoqi raise-alerts`` for today and return what it printed (``--today``: a run each time;
    without it the command runs once a day)."""
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("raise_alerts", "--today", timezone.localdate().isoformat(), stdout=out)
    return out.getvalue()


def screenings() -> list[Job]:
    return list(Job.objects.filter(kind="screen_district"))


def test_changed_parameters_queue_one_system_screening_of_the_whole_district(
    django_capture_on_commit_callbacks,
) -> None:
    make_firm(1, "150", town=TOWN_A)
    make_firm(2, "150", town=TOWN_B)
    today = timezone.localdate()
    stricter = load_parameters(today).with_overrides({"hnte.staff_ratio_min": Decimal("0.2")})
    run_screening(Enterprise.objects.all(), today, params=stricter)

    assert "重新筛选" in daily(django_capture_on_commit_callbacks)
    daily(django_capture_on_commit_callbacks)  # while it is queued, no second one
    (job,) = screenings()
    assert job.requested_by is None and job.params == {"as_of": today.isoformat()}

    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    run = latest_run()
    assert run.job == job and run.params_version == current_version(today) and run.enterprises == 2
    assert "重新筛选" not in daily(django_capture_on_commit_callbacks)
    assert len(screenings()) == 1 and ScreeningRun.objects.count() == 2


def test_unchanged_parameters_queue_nothing(django_capture_on_commit_callbacks) -> None:
    make_firm(1, "150")
    daily(django_capture_on_commit_callbacks)  # no screening yet: nothing to compare with
    run_screening(Enterprise.objects.all(), timezone.localdate())
    daily(django_capture_on_commit_callbacks)
    assert screenings() == []

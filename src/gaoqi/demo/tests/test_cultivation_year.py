"""The demo district starts its cultivation year: screened, a first pool with plans, a 双清零 baseline,
alerts in the inbox and dashboard figures, so every page has something to show on first start."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.utils import timezone

from gaoqi.cultivation.models import PlanAction, PoolEntry, ScreeningRun, TierRecord
from gaoqi.dashboard.models import DashboardSnapshot
from gaoqi.demo.cultivation_year import POOL_SIZE
from gaoqi.enterprises.models import Enterprise
from gaoqi.monitoring.models import Alert, DoubleZeroBaseline
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_data_prepares_the_cultivation_year() -> None:
    call_command("demo_data", count=80, seed=5, stdout=StringIO())
    today = timezone.localdate()
    run = ScreeningRun.objects.get()
    assert run.as_of == today and run.started_by.username == "demo_officer"
    entries = PoolEntry.objects.filter(year=today.year)
    assert 0 < entries.count() <= POOL_SIZE
    passing = entries.filter(
        enterprise__evaluations__is_latest=True, enterprise__evaluations__hnte_verdict="pass"
    )
    assert not passing.exists()
    assert PlanAction.objects.filter(entry__in=entries).exists()
    enterprises = Enterprise.objects.count()
    for year in (today.year - 2, today.year - 1, today.year):
        assert TierRecord.objects.filter(year=year).count() == enterprises
    assert DoubleZeroBaseline.objects.filter(year=today.year).count() == Town.objects.count()
    assert Alert.objects.exists()
    assert DashboardSnapshot.objects.exists()

"""The daily schedule's alert run: the real ``raise_alerts`` job, queued by the worker's schedule at the
injected time of day and run through the worker, raises the day's alerts once; with ``gaoqi
raise-alerts`` from cron as well, the day's claim makes it one run."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role
from gaoqi.enterprises.models import IPAsset
from gaoqi.jobs.models import Job, ScheduledRun
from gaoqi.jobs.scheduler import queue_due_jobs
from gaoqi.jobs.tests.helpers import make_user
from gaoqi.jobs.worker import run_pending
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.tests.builders import TOWN_B, firm, hnte

# Transactional: the worker drops a PostgreSQL connection left inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _alerts_only(settings):
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "off"
    settings.GAOQI_AUTO_EVALUATE = False


def test_the_scheduled_alert_run_is_the_alerts_job_and_raises_the_days_alerts_once() -> None:
    expiring = firm(500)
    IPAsset.objects.create(
        enterprise=expiring, kind="invention", title="一种纤维", expires_on=dt.date(2026, 8, 1)
    )
    hnte(firm(501, TOWN_B), dt.date(2024, 12, 1))  # valid until 2027-11-30: nothing due in July 2026

    assert queue_due_jobs(dt.datetime(2026, 7, 1, 1, 59, tzinfo=SHANGHAI)) == []  # due at 02:00
    (job,) = queue_due_jobs(dt.datetime(2026, 7, 1, 2, 0, tzinfo=SHANGHAI))
    assert queue_due_jobs(dt.datetime(2026, 7, 1, 9, 0, tzinfo=SHANGHAI)) == []  # another worker, later
    assert (job.kind, job.params, job.label) == (
        "raise_alerts",
        {"today": "2026-07-01"},
        "每日预警：2026-07-01",
    )

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.summary == {"ip_expiry": 1} and job.requester == "系统定时任务"
    (alert,) = Alert.objects.all()
    assert (alert.enterprise, alert.kind, alert.raised_on) == (expiring, "ip_expiry", dt.date(2026, 7, 1))
    assert ScheduledRun.objects.get().job == job


def test_turned_off_the_alert_run_is_not_queued(settings) -> None:
    settings.GAOQI_SCHEDULE_DAILY_ALERTS_AT = "off"
    assert queue_due_jobs(dt.datetime(2026, 7, 1, 23, 0, tzinfo=SHANGHAI)) == []
    assert not Job.objects.exists()


def late_today() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 59)))


def test_a_cron_run_claims_the_day_so_the_schedule_and_a_second_cron_run_do_nothing(capsys, client) -> None:
    call_command("raise_alerts")
    assert queue_due_jobs(late_today()) == []
    call_command("raise_alerts")
    out = capsys.readouterr().out
    assert "新发预警 0 条" in out and out.count("新发预警") == 1 and "已运行过" in out
    run = ScheduledRun.objects.get()
    assert (run.name, run.day, run.job) == ("daily_alerts", timezone.localdate(), None)
    assert not Job.objects.exists()
    client.force_login(make_user("admin", Role.BUREAU_ADMIN))
    assert "由命令运行" in client.get(reverse("jobs:list")).content.decode()  # the schedule's last run


def test_after_the_scheduled_run_cron_does_nothing_unless_given_a_day(capsys) -> None:
    (job,) = queue_due_jobs(late_today())
    call_command("raise_alerts")
    assert "已运行过" in capsys.readouterr().out
    call_command("raise_alerts", "--today", timezone.localdate().isoformat())  # by hand: always runs
    assert "新发预警 0 条" in capsys.readouterr().out
    assert ScheduledRun.objects.get().job == job

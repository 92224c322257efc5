"""The daily schedule: due or not at an injected time of day, one run per day whatever the number of
workers, late starts, turned-off jobs, the queue cleanup it runs and the schedule on the job page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoqi.accounts.models import Role
from gaoqi.jobs.framework import run_job
from gaoqi.jobs.models import Job, ScheduledRun
from gaoqi.jobs.schedule import QUEUE_CLEANUP
from gaoqi.jobs.scheduler import claim, queue_due_jobs, schedule_status
from gaoqi.jobs.tests.helpers import database_for_processes, make_user, start_worker
from gaoqi.jobs.worker import run_pending, start_background_worker

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 7, 1)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An instant at a local time of day (the project's time zone is Asia/Shanghai)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _cleanup_only(settings, tmp_path):
    """Only the jobs app's own daily job (the queue cleanup, due 03:00); the alerts run is tested in
    gaoqi.monitoring."""
    settings.GAOQI_SCHEDULE_DAILY_ALERTS_AT = "off"
    settings.GAOQI_AUTO_EVALUATE = False
    settings.MEDIA_ROOT = tmp_path / "media"


def claimed_days() -> list[dt.date]:
    return list(
        ScheduledRun.objects.filter(name="queue_cleanup").order_by("day").values_list("day", flat=True)
    )


def test_a_daily_job_is_due_from_its_local_time_until_the_end_of_that_day(settings, monkeypatch):
    assert QUEUE_CLEANUP.due_day(local(DAY, 2, 59)) is None
    assert QUEUE_CLEANUP.due_day(local(DAY, 3, 0)) == DAY
    assert QUEUE_CLEANUP.due_day(local(DAY, 23, 59)) == DAY
    assert QUEUE_CLEANUP.due_day(dt.datetime(2026, 7, 1, 19, 30, tzinfo=dt.UTC)) == DAY + dt.timedelta(days=1)
    monkeypatch.setenv("GAOQI_SCHEDULE_QUEUE_CLEANUP_AT", "23:30")
    assert QUEUE_CLEANUP.due_day(local(DAY, 23, 29)) is None
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "6:05"  # the setting wins over the environment
    assert QUEUE_CLEANUP.at() == dt.time(6, 5)
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "OFF"
    assert QUEUE_CLEANUP.due_day(local(DAY, 23, 59)) is None
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "3 am"
    with pytest.raises(ImproperlyConfigured, match="GAOQI_SCHEDULE_QUEUE_CLEANUP_AT"):
        QUEUE_CLEANUP.at()


@pytest.mark.django_db
def test_before_its_time_nothing_is_queued():
    assert queue_due_jobs(local(DAY, 2, 59)) == []
    assert not Job.objects.exists() and not ScheduledRun.objects.exists()


@pytest.mark.django_db
def test_two_workers_finding_the_same_day_due_queue_one_run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (job,) = queue_due_jobs(local(DAY, 3, 0))  # the first worker
        assert queue_due_jobs(local(DAY, 3, 0)) == []  # the second one, a moment later
        # the loser of a race (both saw no claim yet): its insert fails and its job is rolled back
        assert claim(QUEUE_CLEANUP, DAY) is None
    assert list(Job.objects.all()) == [job] and claimed_days() == [DAY]
    assert (
        job.kind == "prune_task_results" and job.requested_by is None and job.params == {"min_age_days": 30}
    )
    assert job.scheduled_run.day == DAY and job.requester == "系统定时任务"
    assert DBTaskResult.objects.get(id=Job.objects.get().task_result_id).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_late_start_runs_todays_job_once_and_a_missed_day_is_not_replayed():
    assert len(queue_due_jobs(local(DAY, 23, 30))) == 1  # started long after 03:00
    assert queue_due_jobs(local(DAY, 23, 59)) == []
    next_day = DAY + dt.timedelta(days=1)
    assert queue_due_jobs(local(next_day, 0, 30)) == []  # the new day, before its time
    # no worker at all on the next day; the day after, one run for that day only
    assert len(queue_due_jobs(local(next_day + dt.timedelta(days=1), 3, 5))) == 1
    assert claimed_days() == [DAY, next_day + dt.timedelta(days=1)]
    assert Job.objects.count() == 2


@pytest.mark.django_db
def test_a_job_turned_off_is_never_queued(settings):
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "off"
    assert queue_due_jobs(local(DAY, 23, 59)) == []
    assert not ScheduledRun.objects.exists()
    (row,) = (row for row in schedule_status(local(DAY, 12)) if row.entry == QUEUE_CLEANUP)
    assert row.at is None and row.next_due is None and row.last_run is None


@pytest.mark.django_db
def test_the_status_gives_the_next_due_time_and_the_last_run():
    def cleanup(now: dt.datetime):
        return next(row for row in schedule_status(now) if row.entry == QUEUE_CLEANUP)

    before = cleanup(local(DAY, 2))
    assert (before.next_due, before.overdue, before.last_run) == (local(DAY, 3), False, None)
    waiting = cleanup(local(DAY, 4))  # due, but no worker has queued it yet
    assert (waiting.next_due, waiting.overdue) == (local(DAY, 3), True)
    (job,) = queue_due_jobs(local(DAY, 4))
    done = cleanup(local(DAY, 4))
    assert (done.next_due, done.overdue) == (local(DAY + dt.timedelta(days=1), 3), False)
    assert done.last_run.day == DAY and done.last_run.job == job


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_cleanup_runs_in_the_worker_and_deletes_only_old_finished_queue_rows():
    officer = make_user("officer")
    started = [run_job("evaluate_district", {}, officer) for _ in range(2)]
    run_pending()
    old, recent = (Job.objects.get(pk=started_job.pk) for started_job in started)
    DBTaskResult.objects.filter(id=old.task_result_id).update(
        finished_at=timezone.now() - dt.timedelta(days=31)
    )

    (job,) = queue_due_jobs(local(DAY, 3))
    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.summary == {"deleted": 1}
    assert not DBTaskResult.objects.filter(id=old.task_result_id).exists()
    assert DBTaskResult.objects.filter(id=recent.task_result_id).exists()
    assert Job.objects.filter(pk=old.pk).exists()  # our own records are kept


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_checks_the_schedule_unless_told_not_to_and_rejects_a_bad_time(settings):
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "00:00"  # due at any time of the day the test runs
    options = {"batch": True, "reload": False, "interval": 0, "verbosity": 0}
    call_command("worker", "--no-schedule", **options)
    assert not Job.objects.exists()
    call_command("worker", **options)
    call_command("worker", **options)  # a second worker the same day
    (job,) = Job.objects.all()
    assert job.kind == "prune_task_results" and job.status == Job.Status.SUCCEEDED
    assert claimed_days() == [timezone.localdate()]
    settings.GAOQI_SCHEDULE_QUEUE_CLEANUP_AT = "25:00"
    with pytest.raises(ImproperlyConfigured, match="GAOQI_SCHEDULE_QUEUE_CLEANUP_AT"):
        call_command("worker", **options)  # a bad time stops the worker at start, not silently


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_started_together_queue_one_run(monkeypatch, tmp_path):
    monkeypatch.setenv("GAOQI_SCHEDULE_QUEUE_CLEANUP_AT", "00:00")  # due whenever the test runs
    monkeypatch.setenv("GAOQI_SCHEDULE_DAILY_ALERTS_AT", "off")
    with database_for_processes(tmp_path) as database_url:
        workers = [start_worker(database_url, tmp_path, "--batch", schedule=True) for _ in range(2)]
        for worker in workers:
            assert worker.wait(timeout=120) == 0, worker.stdout.read().decode()
    (job,) = Job.objects.all()
    assert job.kind == "prune_task_results" and job.status == Job.Status.SUCCEEDED
    assert len(claimed_days()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_demo_workers_thread_keeps_the_schedule():
    background = start_background_worker(interval=0.05, now=lambda: local(DAY, 3, 30))
    # No polling from here while the thread works: in-memory SQLite's shared-cache connections fail
    # at once on a table another connection is writing. The thread may or may not have run it yet.
    background.stop(timeout=30)
    assert not background.thread.is_alive()
    (job,) = Job.objects.all()
    assert job.kind == "prune_task_results" and claimed_days() == [DAY]
    run_pending()
    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED


@pytest.mark.django_db
def test_the_bureau_admin_sees_the_schedule_and_who_started_a_scheduled_run(client):
    (job,) = queue_due_jobs(local(DAY, 4))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED)
    client.force_login(make_user("admin", Role.BUREAU_ADMIN))
    page = client.get(reverse("jobs:list")).content.decode()
    assert "每日定时任务" in page and "清理任务队列" in page and "每日预警" in page
    assert "GAOQI_SCHEDULE_QUEUE_CLEANUP_AT" in page and "已关闭" in page
    assert "2026-07-01" in page and "已完成" in page and "系统定时任务" in page
    detail = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "系统定时任务" in detail

    client.force_login(make_user("officer"))
    assert "每日定时任务" not in client.get(reverse("jobs:list")).content.decode()

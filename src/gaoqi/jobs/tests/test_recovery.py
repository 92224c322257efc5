"""Recovery: a worker killed mid-job leaves no half-written step, the job is marked interrupted, and
its re-run completes. The worker is a real ``gaoqi worker`` process on the test database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoqi.enterprises.models import Evaluation
from gaoqi.jobs.framework import rerun, run_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.recovery import sweep_interrupted
from gaoqi.jobs.tests.helpers import (
    database_for_processes,
    job_state,
    make_district,
    make_user,
    progressed,
    running,
    start_worker,
    wait_until,
)
from gaoqi.jobs.tests.kinds import AS_OF

pytestmark = pytest.mark.django_db(transaction=True)

FIRMS = 20


@pytest.fixture(autouse=True)
def _no_auto_evaluation(settings):
    settings.GAOQI_AUTO_EVALUATE = False


def test_the_sweep_interrupts_only_running_jobs_whose_heartbeat_stopped(settings):
    settings.GAOQI_JOB_STALE_SECONDS = 60
    now = timezone.now()
    stale = Job.objects.create(
        kind="evaluate_district",
        label="a",
        status=Job.Status.RUNNING,
        heartbeat_at=now - dt.timedelta(minutes=5),
    )
    alive = Job.objects.create(
        kind="evaluate_district",
        label="b",
        status=Job.Status.RUNNING,
        heartbeat_at=now - dt.timedelta(seconds=5),
    )
    queued = Job.objects.create(kind="evaluate_district", label="c")

    assert sweep_interrupted(now) == 1

    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: Job.Status.INTERRUPTED,
        alive.pk: Job.Status.RUNNING,
        queued.pk: Job.Status.QUEUED,
    }
    assert "重新运行" in Job.objects.get(pk=stale.pk).error


def _rows_written() -> int:
    return Evaluation.objects.filter(as_of=AS_OF).count()


def _interrupt(job: Job, settings) -> None:
    """Run the recovery sweep as a worker would, and check the job and its task are closed."""
    settings.GAOQI_JOB_STALE_SECONDS = 0
    assert sweep_interrupted() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.FAILED


def _run_all(tmp_path) -> None:
    with database_for_processes(tmp_path) as database_url:
        assert start_worker(database_url, tmp_path, "--batch").wait(timeout=120) == 0


def test_a_worker_killed_inside_a_jobs_transaction_leaves_no_rows_and_the_rerun_completes(settings, tmp_path):
    make_district(FIRMS)
    officer = make_user("officer")
    job = run_job("test_write_rows", {"pause": 0.1}, officer)

    with database_for_processes(tmp_path) as database_url:
        worker = start_worker(database_url, tmp_path)
        try:
            if connection.vendor == "sqlite":  # progress shows only after the commit there: wait a while
                wait_until(lambda: running(worker, database_url, job.pk), timeout=60, step=0.1)
                time.sleep(1.0)
            else:  # PostgreSQL shows the progress of the open transaction
                wait_until(lambda: progressed(worker, database_url, job.pk), timeout=60, step=0.1)
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()
        status, done, _total = job_state(database_url, job.pk)
    assert status == Job.Status.RUNNING and done < FIRMS, "killed too late to test anything"
    assert _rows_written() == 0

    _interrupt(job, settings)
    again = rerun(job, officer)
    _run_all(tmp_path)

    again.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED, again.error
    assert (again.params, again.rerun_of_id) == (job.params, job.pk)
    assert again.summary == {"rows": FIRMS} and _rows_written() == FIRMS


def test_a_second_sigterm_stops_the_job_at_once_and_records_it_interrupted(tmp_path):
    make_district(FIRMS)
    job = run_job("test_write_rows", {"pause": 0.2}, make_user("officer"))

    with database_for_processes(tmp_path) as database_url:
        worker = start_worker(database_url, tmp_path)
        wait_until(lambda: running(worker, database_url, job.pk), timeout=60, step=0.1)
        worker.send_signal(signal.SIGTERM)  # the first one lets the job finish...
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)  # ...the second one stops it
        assert worker.wait(timeout=60) == 0

    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED and "重新运行" in job.error
    assert _rows_written() == 0


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs row locks to stop the job mid-way")
def test_a_district_evaluation_killed_between_steps_keeps_whole_steps_and_the_rerun_finishes(
    settings, tmp_path
):
    firms = make_district(12)
    officer = make_user("officer")
    # An old evaluation of the last enterprise, locked below: the job's last step waits for it.
    blocker = Evaluation.objects.create(enterprise=firms[-1], as_of=AS_OF, result={}, inputs_hash="old")
    job = run_job("evaluate_district", {"chunk_size": 3}, officer)

    with database_for_processes(tmp_path) as database_url, transaction.atomic():
        Evaluation.objects.select_for_update().get(pk=blocker.pk)
        worker = start_worker(database_url, tmp_path)
        try:
            wait_until(lambda: job_state(database_url, job.pk)[1] == 9, timeout=60, step=0.1)
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()

    fresh = Evaluation.objects.exclude(pk=blocker.pk)
    assert sorted(fresh.values_list("enterprise_id", flat=True)) == [firm.pk for firm in firms[:9]]
    assert Evaluation.objects.filter(enterprise=firms[-1], is_latest=True).get() == blocker

    _interrupt(job, settings)
    again = rerun(job, officer)
    _run_all(tmp_path)

    again.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED, again.error
    assert (again.summary["evaluated"], again.summary["unchanged"]) == (3, 9)
    latest = Evaluation.objects.filter(is_latest=True).exclude(pk=blocker.pk)
    assert sorted(latest.values_list("enterprise_id", flat=True)) == [firm.pk for firm in firms]


def test_several_worker_processes_share_the_queue_and_run_each_job_once(tmp_path):
    make_district(6)
    officer = make_user("officer")
    dates = ["2026-03-31", "2026-06-30", "2026-09-30"]
    jobs = [run_job("evaluate_district", {"as_of": day}, officer) for day in dates]

    with database_for_processes(tmp_path) as database_url:
        workers = [start_worker(database_url, tmp_path, "--batch") for _ in range(2)]
        for worker in workers:
            assert worker.wait(timeout=120) == 0, worker.stdout.read().decode()

    for job in jobs:
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.error
        assert job.summary["evaluated"] == 6
        assert len(DBTaskResult.objects.get(id=job.task_result_id).worker_ids) == 1
    runs = Evaluation.objects.values_list("as_of", flat=True)
    assert sorted({day.isoformat() for day in runs}) == dates and runs.count() == 6 * len(dates)

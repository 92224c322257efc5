"""Recovery: a worker killed mid-job leaves no half-written step, the job is marked interrupted, and
its re-run completes. The worker is a real ``gaoqi worker`` process on the test database."""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.jobs.framework import rerun, run_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.recovery import sweep_interrupted
from gaoqi.jobs.tests.helpers import (
    database_for_processes,
    job_state,
    make_district,
    make_user,
    start_worker,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRMS, CHUNK = 48, 4


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


def _evaluated_ids() -> list[int]:
    return sorted(Evaluation.objects.values_list("enterprise_id", flat=True).distinct())


def test_a_killed_worker_leaves_whole_steps_only_and_the_rerun_completes(settings, tmp_path):
    make_district(FIRMS)
    officer = make_user("officer")
    job = run_job("evaluate_district", {"chunk_size": CHUNK}, officer)

    with database_for_processes(tmp_path) as database_url:
        worker = start_worker(database_url, tmp_path)
        try:
            wait_until(lambda: job_state(database_url, job.pk)[1] > 0, timeout=60)
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()
        status, done, total = job_state(database_url, job.pk)
    assert status == Job.Status.RUNNING and 0 < done < total == FIRMS, "killed too late to test anything"

    # Whole chunks in primary-key order, each enterprise evaluated once: nothing half-written.
    ordered = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    evaluated = _evaluated_ids()
    assert len(evaluated) % CHUNK == 0 and 0 < len(evaluated) < FIRMS
    assert evaluated == ordered[: len(evaluated)]
    assert not Evaluation.objects.values("enterprise").annotate(n=Count("pk")).filter(n__gt=1).exists()

    settings.GAOQI_JOB_STALE_SECONDS = 0
    assert sweep_interrupted() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.INTERRUPTED
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.FAILED

    again = rerun(job, officer)
    with database_for_processes(tmp_path) as database_url:
        start_worker(database_url, tmp_path, "--batch").wait(timeout=120)

    again.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED, again.error
    assert again.params == job.params and again.rerun_of_id == job.pk
    assert again.summary["evaluated"] == FIRMS - len(evaluated)
    assert again.summary["unchanged"] == len(evaluated)
    assert _evaluated_ids() == ordered
    assert Evaluation.objects.filter(is_latest=True).count() == Evaluation.objects.count() == FIRMS


def test_several_worker_processes_share_the_queue_and_run_each_job_once(tmp_path):
    make_district(6)
    officer = make_user("officer")
    dates = ["2026-03-31", "2026-05-31", "2026-06-30", "2026-09-30", "2026-12-31"]
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

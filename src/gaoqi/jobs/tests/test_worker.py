"""Jobs through the real database queue and worker: success with progress, failure, cancel, export."""

from __future__ import annotations

import io
import threading

import openpyxl
import pytest
from django.db import OperationalError, connection, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoqi.accounts.models import Role
from gaoqi.core.audit import AuditAction, AuditEntry
from gaoqi.enterprises.models import Evaluation
from gaoqi.jobs.errors import JobCancelled
from gaoqi.jobs.framework import request_cancel, run_job
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress
from gaoqi.jobs.tasks import evaluate_district
from gaoqi.jobs.tests.helpers import TOWN_A, make_district, make_user, wait_until
from gaoqi.jobs.worker import run_pending, start_background_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_auto_evaluation(settings, tmp_path):
    settings.GAOQI_AUTO_EVALUATE = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _task_status(job: Job) -> str:
    return DBTaskResult.objects.get(id=job.task_result_id).status


def test_a_district_evaluation_runs_in_the_worker_and_reports_full_progress():
    firms = make_district(7)
    officer = make_user("officer")
    job = run_job("evaluate_district", {"chunk_size": 3}, officer)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert _task_status(Job.objects.get(pk=job.pk)) == TaskResultStatus.READY

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (7, 7)
    assert job.summary["enterprises"] == 7 and job.summary["evaluated"] == 7
    assert job.started_at <= job.finished_at
    assert _task_status(job) == TaskResultStatus.SUCCESSFUL
    latest = Evaluation.objects.filter(is_latest=True)
    assert sorted(latest.values_list("enterprise_id", flat=True)) == sorted(f.pk for f in firms)


def test_an_evaluation_covers_only_what_the_requester_may_see():
    firms = make_district(4)
    town_officer = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A)
    # Town officers cannot start one from the pages; the job itself still scopes to its requester.
    job = Job.objects.create(kind="evaluate_district", label="x", requested_by=town_officer, params={})
    evaluate_district.enqueue(job.pk)
    run_pending()

    job.refresh_from_db()
    in_town = {f.pk for f in firms if f.town.code == TOWN_A}
    assert job.summary["enterprises"] == len(in_town) == 2
    assert set(Evaluation.objects.values_list("enterprise_id", flat=True)) == in_town


def test_a_failure_records_the_chinese_error_on_the_job_and_the_task():
    make_district(2)
    job = run_job("evaluate_district", {"as_of": "2026-13-45"}, make_user("officer"))

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "2026-13-45" in job.error and "不是有效日期" in job.error
    assert _task_status(job) == TaskResultStatus.FAILED
    assert not Evaluation.objects.exists()


def test_an_unexpected_error_is_reported_in_chinese_without_internals():
    make_district(1)
    job = run_job("evaluate_district", {"chunk_size": "many"}, make_user("officer"))

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("任务执行时发生内部错误（ValueError）")


def test_a_queued_job_cancelled_before_a_worker_takes_it_never_runs():
    make_district(2)
    job = run_job("evaluate_district", {}, make_user("officer"))
    request_cancel(job)

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert not Evaluation.objects.exists()
    assert _task_status(job) == TaskResultStatus.SUCCESSFUL  # the task ran and found nothing to do


def test_an_export_attaches_the_scoped_workbook_and_is_audited():
    firms = make_district(5)
    town_officer = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A)
    job = run_job("export_list", {"source": "enterprises", "query": {"sort": ["name"]}}, town_officer)

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    in_town = sorted(f.name for f in firms if f.town.code == TOWN_A)
    assert job.summary == {"rows": len(in_town)}
    assert (job.done, job.total) == (3, 3)
    with job.file.open("rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "企业名称"
    assert [row[0] for row in rows[1:]] == in_town
    assert job.file_name.startswith("企业名单-") and job.file_name.endswith(".xlsx")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == town_officer and entry.after["rows"] == 3
    assert entry.request_id == f"job-{job.pk}"


def test_an_unknown_export_source_fails_with_a_chinese_message():
    job = run_job("export_list", {"source": "nothing"}, make_user("officer"))

    run_pending()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "未知的导出内容“nothing”。"


def _seen_elsewhere(job_id: int) -> tuple[int, int | None, str] | None:
    """The job's progress as another connection reads it."""
    found: list = []

    def read() -> None:
        try:
            found.append(Job.objects.filter(pk=job_id).values_list("done", "total", "stage").get())
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return found[0] if found else None


def test_progress_is_visible_to_other_connections_while_the_job_works_in_a_transaction():
    job = Job.objects.create(kind="evaluate_district", label="x", status=Job.Status.RUNNING)
    with JobProgress(job.pk, interval=0) as progress:
        with transaction.atomic():
            make_district(1)  # the job's own writes, not yet committed
            progress.update(3, 10, "第一阶段")
            if connection.vendor != "sqlite":  # SQLite has one writer: the report waits for the commit
                assert wait_until(lambda: _seen_elsewhere(job.pk) == (3, 10, "第一阶段"), timeout=5)
        progress.update(10, 10, "完成")
    assert _seen_elsewhere(job.pk) == (10, 10, "完成")
    job.refresh_from_db()
    assert job.heartbeat_at is not None


def test_a_running_job_stops_at_its_next_report_after_a_cancel_request():
    job = Job.objects.create(kind="evaluate_district", label="x", status=Job.Status.RUNNING)
    with JobProgress(job.pk, interval=0) as progress:
        progress.update(1, 10, "第一阶段")
        request_cancel(job)

        def stopped() -> bool:  # the writer thread reads the request with one of the next reports
            try:
                progress.update(2)
            except JobCancelled:
                return True
            return False

        assert wait_until(stopped, timeout=5)
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING  # the executor records the outcome


def _status_now(job: Job) -> str | None:
    """The job's status, or ``None`` while the in-memory SQLite test database's table is locked by the
    worker thread (shared-cache connections fail at once instead of waiting)."""
    try:
        return Job.objects.values_list("status", flat=True).get(pk=job.pk)
    except OperationalError:
        return None


def test_a_background_worker_thread_runs_the_queued_jobs():
    make_district(3)
    # Queued before the thread starts: in-memory SQLite's shared-cache connections fail at once on a
    # table another connection is reading, where a file database would wait.
    job = run_job("evaluate_district", {}, make_user("officer"))
    background = start_background_worker(interval=0.05, schedule=False)
    try:
        wait_until(lambda: _status_now(job) == Job.Status.SUCCEEDED, timeout=30, step=0.2)
    finally:
        background.stop(timeout=30)
    assert not background.thread.is_alive()
    assert Job.objects.get(pk=job.pk).stage == "已完成"

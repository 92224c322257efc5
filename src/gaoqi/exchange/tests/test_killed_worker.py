"""A worker killed (SIGKILL) while it writes an import leaves nothing written; the re-run completes."""

from __future__ import annotations

import os
import signal
from datetime import date
from pathlib import Path

import pytest

from gaoqi.enterprises.models import Enterprise, FieldSource, FiscalYear
from gaoqi.enterprises.tests.builders import uscc_for
from gaoqi.exchange.models import ImportBatch
from gaoqi.exchange.pipeline import preview
from gaoqi.exchange.tasks import commit_or_queue
from gaoqi.exchange.tests import files
from gaoqi.exchange.tests.conftest import HEADER, indicator_row
from gaoqi.jobs.framework import rerun
from gaoqi.jobs.models import Job
from gaoqi.jobs.tests.helpers import database_for_processes, job_state, start_worker, wait_until
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db(transaction=True)
FIRMS, YEARS = 2000, (2022, 2023, 2024, 2025, 2026, 2027)  # 12,000 rows: two write steps


def _writing(database_url: str, job_id: int, wal: Path) -> bool:
    """Whether the worker is inside the import's write transaction.

    PostgreSQL shows the job's progress through the write steps; SQLite shows it only after the commit,
    but the write-ahead log grows as the open transaction spills its pages."""
    if database_url.startswith("sqlite"):
        return wal.exists() and wal.stat().st_size > 4 * 2**20
    status, done, total = job_state(database_url, job_id)
    return status == Job.Status.RUNNING and total is not None and 0 < done < total


def test_a_killed_import_writes_nothing_and_its_rerun_completes(tmp_path, upload, officer, settings):
    settings.GAOQI_IMPORT_BACKGROUND_ROWS = 1
    town = Town.objects.get(code="330603001")
    Enterprise.objects.bulk_create(
        Enterprise(
            uscc=uscc_for(n),
            name=f"企业{n}",
            registered_on=date(2015, 1, 1),
            town=town,
            industry_code="C1713",
        )
        for n in range(FIRMS)
    )
    rows = [HEADER, *(indicator_row(n, year) for n in range(FIRMS) for year in YEARS)]
    batch = upload(files.xlsx(tmp_path / "big.xlsx", rows), "indicators")
    assert preview(batch, officer)["created"] == len(rows) - 1
    job = commit_or_queue(batch, officer)

    with database_for_processes(tmp_path) as database_url:
        wal = Path(database_url.removeprefix("sqlite:///") + "-wal")
        worker = start_worker(database_url, tmp_path)
        try:
            wait_until(lambda: _writing(database_url, job.pk, wal) or worker.poll() is not None, timeout=180)
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()
        status, _done, _total = job_state(database_url, job.pk)
    assert status == Job.Status.RUNNING, "the worker finished before it was killed"
    assert (FiscalYear.objects.count(), FieldSource.objects.count()) == (0, 0)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.QUEUED

    Job.objects.filter(pk=job.pk).update(status=Job.Status.INTERRUPTED)
    again = rerun(job, officer)
    with database_for_processes(tmp_path) as database_url:
        assert start_worker(database_url, tmp_path, "--batch").wait(timeout=300) == 0
    again.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED, again.error
    assert FiscalYear.objects.count() == len(rows) - 1
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED

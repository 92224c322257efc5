"""A job kind for tests only: writes one row per enterprise in a single transaction, at a set pace."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import transaction

from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.jobs.framework import job_kind
from gaoqi.jobs.models import Job
from gaoqi.jobs.progress import JobProgress

AS_OF = dt.date(2026, 6, 30)


@job_kind("test_write_rows", "测试：逐行写入", may_start=lambda user: True)
def write_rows(job: Job, progress: JobProgress) -> dict[str, Any]:
    """One history evaluation row per enterprise, all in one transaction, ``pause`` seconds apart."""
    pause = float(job.params.get("pause", 0))
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for done, firm in enumerate(firms, 1):
            Evaluation.objects.create(
                enterprise_id=firm, as_of=AS_OF, result={}, inputs_hash=f"row-{done}", is_latest=False
            )
            progress.update(done, len(firms), "正在写入")
            time.sleep(pause)
    return {"rows": len(firms)}

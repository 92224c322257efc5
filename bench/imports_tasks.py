"""Child process of the import benchmark: prepare a fresh database, then time reading, preview,
commit, a second import of the same file, and the export of as many rows. Prints JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def _setup(n: int) -> Any:
    """Migrate, load the reference data and create the file's enterprises (not timed)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.imports import YEARS, uscc
    from gaoqi.accounts.models import Role, User
    from gaoqi.enterprises.models import Enterprise
    from gaoqi.reference.models import Town

    town = Town.objects.order_by("code").first()
    count = n // len(YEARS) + 1
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                uscc=uscc(serial),
                name=f"基准企业{serial}",
                registered_on="2015-01-01",
                town=town,
                industry_code="C1713",
            )
            for serial in range(count)
        ),
        batch_size=2000,
    )
    return User.objects.create_user("bench", role=Role.BUREAU_OFFICER)


TIMES: dict[str, float] = {}


def _timed(name: str, action: Any) -> Any:
    """Run ``action``, keeping its wall-clock and CPU seconds as ``<name>_s`` and ``<name>_cpu_s``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    TIMES[f"{name}_s"] = time.perf_counter() - wall
    TIMES[f"{name}_cpu_s"] = time.process_time() - cpu
    return result


def main(path: Path, n: int) -> dict[str, Any]:
    user = _setup(n)
    from django.core.files import File
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from gaoqi.core.audit import acting_as
    from gaoqi.core.excel import Column, write_workbook
    from gaoqi.enterprises.models import FiscalYear
    from gaoqi.exchange import pipeline

    def new_batch() -> Any:
        with path.open("rb") as stream:
            return pipeline.new_batch(
                File(stream), path.name, kind="indicators", department="statistics", unit="万元", user=user
            )

    _timed("read", lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
    batch = new_batch()
    summary = _timed("preview", lambda: pipeline.preview(batch, user))
    if summary.get("errors") or summary.get("rejected"):
        raise SystemExit(f"unexpected problems: {summary.get('rejected') or summary['problems'][:3]}")
    with acting_as(user):
        result = _timed("commit", lambda: pipeline.commit(batch, user))
        again = new_batch()
        again_result = _timed("again", lambda: pipeline.commit(again, user))
    columns = [
        Column("统一社会信用代码"),
        Column("年度", "int"),
        *(
            Column(name, "wan")
            for name in ("销售收入", "总收入", "高新技术产品收入", "研发费用总额", "资产总额")
        ),
    ]
    years = FiscalYear.objects.select_related("enterprise").order_by("pk")
    rows = (
        (
            y.enterprise.uscc,
            y.year,
            y.sales_revenue,
            y.total_revenue,
            y.hitech_revenue,
            y.rd_total,
            y.total_assets,
        )
        for y in years.iterator(chunk_size=5000)
    )
    content = _timed("export", lambda: write_workbook(columns, rows))
    return {
        "vendor": connection.vendor,
        **TIMES,
        "created": result["created"],
        "again_changed": again_result["created"] + again_result["updated"],
        "export_mib": len(content) / 2**20,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))

"""Child-process tasks of the engine benchmark: ``python -m bench.engine_tasks TASK DIR REPEATS``.

Prints one JSON object. Imports happen before the clock starts; each task runs in a fresh process
so that its peak RSS (taken by the parent) is its own.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

from bench.common import peak_rss_mib, summary, timed
from bench.engine_data import AS_OF

ONE_ENTERPRISE: dict[str, Any] = {
    "uscc": "91330621MA2BC1234B",
    "name": "绍兴示例纺织科技有限公司",
    "registered_on": "2012-05-18",
    "industry_code": "C1713",
    "tech_field": "4.3",
    "town": "柯桥街道",
    "fiscal_years": [
        {
            "year": year,
            "sales_revenue": sales,
            "total_revenue": sales + 120,
            "hitech_revenue": sales * 0.7,
            "rd": {"personnel": 90, "direct": 60, "depreciation": 20, "design": 10, "entrusted_domestic": 30},
            "net_assets": 2000 + 300 * index,
            "total_assets": 6000,
            "cost_total": sales * 0.8,
            "employees": 180,
            "scitech_staff": 21,
        }
        for index, (year, sales) in enumerate(((2022, 4200), (2023, 4600), (2024, 5100)))
    ],
    "ip": {"class1": 1, "class2": 6, "self_developed": True},
    "achievements_3y": 7,
    "standards_drafted": True,
    "rd_management": None,
    "expert": None,
    "major_incident_1y": False,
    "rd_institution": "municipal",
    "hnte_certificate": {"issued_on": "2022-11-20"},
    "tech_sme_registered": [2024],
}


def scan(directory: Path, repeats: int) -> dict[str, Any]:
    """The floor: a plain Parquet read of every column of both tables."""

    def read() -> tuple[pl.DataFrame, pl.DataFrame]:
        return pl.read_parquet(directory / "enterprises.parquet"), pl.read_parquet(
            directory / "years.parquet"
        )

    return summary(*timed(read, repeats))


def evaluate(directory: Path, repeats: int) -> dict[str, Any]:
    """``read_input`` then ``evaluate_tables`` (no explanation text), also timed step by step; the peak
    memory of the first run (one evaluation in a fresh process) and of all runs (the allocator keeps
    what a run freed, and the next run's read is placed around it)."""
    from gaoqi.policy import evaluate_tables, read_input

    reads, works, walls, cpus, rows, rejected, first_peak = [], [], [], [], 0, 0, 0.0
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        batch = read_input(directory)
        middle = time.perf_counter()
        result = evaluate_tables(batch.tables, AS_OF)
        end, end_cpu = time.perf_counter(), time.process_time()
        reads.append(middle - start)
        works.append(end - middle)
        walls.append(end - start)
        cpus.append(end_cpu - start_cpu)
        rows, rejected = result.height, len(batch.errors)
        del batch, result
        first_peak = first_peak or peak_rss_mib()
    return {
        **summary(walls, cpus),
        "read_median_s": statistics.median(reads),
        "evaluate_median_s": statistics.median(works),
        "rows": rows,
        "rejected": rejected,
        "first_run_peak_rss_mib": first_peak,
    }


def single(_: Path, repeats: int) -> dict[str, Any]:
    """One enterprise with explanations through ``evaluate_records``: cold call, then ``repeats`` calls."""
    from gaoqi.policy import evaluate_records

    cold = timed(lambda: evaluate_records([ONE_ENTERPRISE], AS_OF), 1)[0][0]
    walls, cpus = timed(lambda: evaluate_records([ONE_ENTERPRISE], AS_OF), repeats)
    seconds = sorted(walls)
    [result] = evaluate_records([ONE_ENTERPRISE], AS_OF)
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "cpu_median_ms": statistics.median(cpus) * 1000,
        "p90_ms": seconds[int(len(seconds) * 0.9) - 1] * 1000,
        "cold_ms": cold * 1000,
        "runs": repeats,
        "explanations": len(result["hnte"]["explanations"]),
    }


TASKS = {"scan": scan, "evaluate": evaluate, "single": single}

if __name__ == "__main__":
    task, directory, repeats = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps({**TASKS[task](directory, repeats), "peak_rss_mib": peak_rss_mib()}))

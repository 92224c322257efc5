"""Screening benchmark: the district screening job end to end on N enterprises × 5 years in PostgreSQL.

Goal (issue 5): 100,000 enterprises screened — read, evaluate, store, diff — in under 60 s. The data is
D3's demo generator written with its bulk loader into a separate database (``--db``, default
``bench_screening``, created with ``createdb`` when missing and kept for later runs). Two jobs are timed
through the job framework (``run_job`` then ``run_pending``): the first run, then — after dropping the
R&D of 1 % of the enterprises to zero — the second run, which also compares every result with the first.
Steps run in fresh processes (``python -m bench.screening <step>``); the parent only orchestrates.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

from bench.common import machine, peak_rss_mib, print_table, run_child, save

DEFAULT_N = 100_000
GOAL_SECONDS = 60.0
CHUNK = 10_000
SEED = 2023
PG = "postgres://postgres@127.0.0.1:5432/"


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench screening", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_SCREENING_N", DEFAULT_N)))
    parser.add_argument("--db", default=os.environ.get("BENCH_SCREENING_DB", "bench_screening"))
    return parser.parse_args(argv)


def run(argv: list[str]) -> dict[str, Any]:
    """Prepare the database (once), time two screening jobs in fresh processes, print and save."""
    options = arguments(argv)
    os.environ["DATABASE_URL"] = PG + options.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoqi.config.settings")
    _create_database(options.db)
    prepared = run_child("bench.screening", "prepare", str(options.n))
    first = run_child("bench.screening", "screen")
    changed = run_child("bench.screening", "change", str(options.n // 100))
    second = run_child("bench.screening", "screen")
    figures = {
        "machine": machine(),
        "database": "postgresql",
        "enterprises": prepared["enterprises"],
        "fiscal_years_per_enterprise": 5,
        "generated_s": prepared.get("generated_s"),
        "first_run": first,
        "changed_enterprises": changed["changed"],
        "second_run": second,
        "goal_seconds": GOAL_SECONDS,
        "goal_met": {
            name: result["job_s"] < GOAL_SECONDS for name, result in (("first", first), ("second", second))
        },
        "load_average": os.getloadavg(),
    }
    print_table(
        f"Screening job, {figures['enterprises']:,} enterprises × 5 years (PostgreSQL)",
        ("run", "job s", "cpu s", "read s", "write s", "flipped", "peak MiB"),
        [_row(name, result) for name, result in (("first", first), ("second, 1 % changed", second))],
    )
    save("screening", figures)
    return figures


def _row(name: str, result: dict[str, Any]) -> tuple[Any, ...]:
    stages = result["stages_s"]
    return (
        name,
        f"{result['job_s']:.1f}",
        f"{result['cpu_s']:.1f}",
        f"{stages['read']:.1f}",
        f"{stages['write']:.1f}",
        result["flipped"],
        f"{result['peak_rss_mib']:.0f}",
    )


def _create_database(name: str) -> None:
    exists = subprocess.run(
        ["psql", PG + "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", PG + "postgres", "-c", f'CREATE DATABASE "{name}"'], check=True)


def _setup() -> None:
    import django

    django.setup()


def prepare(count: int) -> dict[str, Any]:
    """Migrate, then write ``count`` generated enterprises unless the database already holds them."""
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from gaoqi.accounts.models import Role, User
    from gaoqi.core import audit
    from gaoqi.demo import loader
    from gaoqi.demo.generator import generate_district
    from gaoqi.demo.thresholds import thresholds_from
    from gaoqi.enterprises.models import Enterprise
    from gaoqi.policy import load_parameters

    call_command("migrate", verbosity=0)
    User.objects.get_or_create(username="bench", defaults={"role": Role.BUREAU_OFFICER})
    _forget_runs()
    existing = Enterprise.objects.count()
    if existing >= count:
        return {"enterprises": existing}
    loader.remove_demo_data()
    started = time.perf_counter()
    region = loader.region_from_database()
    today = timezone.localdate()
    thresholds = thresholds_from(load_parameters(today, region=settings.GAOQI_REGION))
    district = generate_district(region, count, SEED, today, thresholds)
    with audit.suspended():
        for start in range(0, count, CHUNK):
            loader.write_district(district[start : start + CHUNK], settings.GAOQI_REGION, SEED)
    return {"enterprises": Enterprise.objects.count(), "generated_s": time.perf_counter() - started}


def _forget_runs() -> None:
    """Remove earlier screening runs so that the first timed run has no previous one (one DELETE each:
    results and tier records have no dependants here)."""
    from gaoqi.cultivation.models import ScreeningResult, ScreeningRun, TierRecord

    for model in (ScreeningResult, TierRecord, ScreeningRun):
        rows = model.objects.all()
        rows._raw_delete(rows.db)


def change(count: int) -> dict[str, Any]:
    """Drop the last fiscal year's R&D personnel cost of ``count`` enterprises to zero (a data change
    that flips some verdicts); each invocation picks another 1 % sample."""
    _setup()
    from decimal import Decimal

    from django.db.models import F
    from django.utils import timezone

    from gaoqi.enterprises.models import FiscalYear

    last = timezone.localdate().year - 1
    offset = time.time_ns() // 1000 % 100
    rows = FiscalYear.objects.filter(year=last).exclude(rd_personnel=0).order_by("pk")
    ids = list(rows.values_list("pk", flat=True)[offset::100][:count])
    changed = FiscalYear.objects.filter(pk__in=ids).update(rd_personnel=Decimal(0), version=F("version") + 1)
    return {"changed": changed}


def screen() -> dict[str, Any]:
    """One screening job through the job framework, timed end to end."""
    _setup()
    from django.db import transaction

    from gaoqi.accounts.models import User
    from gaoqi.cultivation.models import ScreeningRun
    from gaoqi.jobs.framework import run_job
    from gaoqi.jobs.models import Job
    from gaoqi.jobs.worker import run_pending

    user = User.objects.get(username="bench")
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        job = run_job("screen_district", {}, user)
    run_pending()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    job = Job.objects.get(pk=job.pk)
    if job.status != Job.Status.SUCCEEDED:
        raise RuntimeError(f"screening job {job.status}: {job.error}")
    run = ScreeningRun.objects.get(pk=job.summary["run"])
    return {
        "job_s": seconds,
        "cpu_s": cpu,
        "run_s": run.seconds,
        "stages_s": run.timings,
        "enterprises": run.enterprises,
        "flipped": run.flipped,
        "peak_rss_mib": peak_rss_mib(),
    }


STEPS = {"prepare": lambda args: prepare(int(args[0])), "change": lambda args: change(int(args[0]))}

if __name__ == "__main__":
    step, rest = sys.argv[1], sys.argv[2:]
    result = screen() if step == "screen" else STEPS[step](rest)
    print(json.dumps(result))

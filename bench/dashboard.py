"""Dashboard benchmark: the 驾驶舱 and the quarterly PDF with N enterprises × 5 years in PostgreSQL.

Goals (issue 5): the dashboard renders in under 300 ms median (cached aggregates refreshed beforehand),
the quarterly PDF in under 10 s. The district is the screening benchmark's generated one, written once
into its own database (``--db``, default ``bench_dashboard``) and reused by later runs, with one latest
evaluation per enterprise written from the vectorised engine's columns (the verdicts, the tier and the
双清零 flags the dashboard counts; the explanation text is not stored). Steps run in fresh processes
(``python -m bench.dashboard_tasks <step>``); the parent only orchestrates:

- ``refresh``: the ``refresh_dashboard`` job's work (every scope: the district and each town), timed;
- ``render REPEATS``: the dashboard page through Django's test client (middleware, view, the snapshot
  query, ECharts options, templates; no network) as a bureau officer (the district) and as a town
  officer (one town), median and 95th percentile, with the query count of one request;
- ``pdf REPEATS``: the quarterly report (district) rendered to PDF, median and slowest.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from bench.common import machine, print_table, run_child, save
from bench.screening import PG, _create_database

DEFAULT_N = 100_000
GOAL_MEDIAN_MS, GOAL_PDF_S = 300.0, 10.0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench dashboard", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_DASHBOARD_N", DEFAULT_N)))
    parser.add_argument("--db", default=os.environ.get("BENCH_DASHBOARD_DB", "bench_dashboard"))
    parser.add_argument("--repeats", type=int, default=50, help="dashboard requests per role")
    parser.add_argument("--pdf-repeats", type=int, default=3)
    return parser.parse_known_args(argv)[0]


def run(argv: list[str]) -> dict[str, Any]:
    """Prepare the database (once), refresh the aggregates, time the page and the PDF; print and save."""
    options = arguments(argv)
    os.environ.update(
        DATABASE_URL=PG + options.db, GAOQI_DEBUG="0", DJANGO_SETTINGS_MODULE="gaoqi.config.settings"
    )
    _create_database(options.db)
    prepared = run_child("bench.dashboard_tasks", "prepare", str(options.n))
    refreshed = run_child("bench.dashboard_tasks", "refresh")
    rendered = run_child("bench.dashboard_tasks", "render", str(options.repeats))
    pdf = run_child("bench.dashboard_tasks", "pdf", str(options.pdf_repeats))
    figures = {
        "machine": machine(),
        "database": "postgresql",
        "enterprises": prepared["enterprises"],
        "evaluated": prepared["evaluated"],
        "generated_s": prepared.get("generated_s"),
        "evaluated_s": prepared.get("evaluated_s"),
        "fiscal_years_per_enterprise": 5,
        "refresh": refreshed,
        "render": rendered,
        "pdf": pdf,
        "goals": {"median_ms": GOAL_MEDIAN_MS, "pdf_s": GOAL_PDF_S},
    }
    figures["goal_met"] = (
        all(rendered[role]["median_ms"] < GOAL_MEDIAN_MS for role in ("district", "town"))
        and pdf["max_s"] < GOAL_PDF_S
    )
    report(figures)
    save("dashboard", figures)
    return figures


def report(figures: dict[str, Any]) -> None:
    """Print the figures as a table."""
    render = figures["render"]
    rows = [
        (
            f"dashboard ({role})",
            f"{render[role]['median_ms']:.1f} ms",
            f"{render[role]['p95_ms']:.1f} ms",
            render[role]["queries"],
        )
        for role in ("district", "town")
    ]
    pdf = figures["pdf"]
    rows.append(("quarterly PDF", f"{pdf['median_s']:.2f} s", f"{pdf['max_s']:.2f} s (max)", "—"))
    refresh = figures["refresh"]
    rows.append((f"refresh ({refresh['scopes']} scopes)", f"{refresh['all_s']:.1f} s", "—", "—"))
    print_table(
        f"Dashboard, {figures['enterprises']:,} enterprises × 5 years (PostgreSQL); goal met: "
        f"{figures['goal_met']}",
        ("what", "median", "p95", "queries"),
        rows,
    )

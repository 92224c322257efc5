"""Engine benchmark: N enterprises × 3 fiscal years from Parquet, and one enterprise with explanations.

Goals (issue 2): 1,000,000 enterprises in under 2 s and under 2 GiB peak memory; one enterprise with
explanations in under 10 ms. N comes from ``--n`` or ``BENCH_ENGINE_N`` (default 1,000,000).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, print_table, run_child, save

DEFAULT_N = 1_000_000
GOAL_SECONDS = 2.0
GOAL_MIB = 2048
GOAL_SINGLE_MS = 10.0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench engine", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_ENGINE_N", DEFAULT_N)))
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per batch task (median)")
    parser.add_argument("--calls", type=int, default=100, help="timed single-enterprise calls")
    return parser.parse_args(argv)


def run(argv: list[str]) -> dict[str, Any]:
    """Generate (or reuse) the data, measure each task in a fresh process, print and save."""
    options = arguments(argv)
    # generated in a child too: the parent stays small (see run_child)
    directory = Path(run_child("bench.engine_data", str(OUT), str(options.n))["path"])
    child = "bench.engine_tasks"
    scan = run_child(child, "scan", str(directory), str(options.repeats))
    batch = run_child(child, "evaluate", str(directory), str(options.repeats))
    single = run_child(child, "single", str(directory), str(options.calls))
    figures = {
        "machine": machine(),
        "enterprises": options.n,
        "fiscal_years_per_enterprise": 3,
        "scan": scan,
        "evaluate": batch,
        "ratio_to_scan": batch["median_s"] / scan["median_s"],
        "enterprises_per_s": options.n / batch["median_s"],
        "single": single,
        "goals": {
            "batch_seconds": GOAL_SECONDS,
            "batch_peak_mib": GOAL_MIB,
            "single_ms": GOAL_SINGLE_MS,
            "batch_met": batch["median_s"] < GOAL_SECONDS and batch["peak_rss_mib"] < GOAL_MIB,
            "single_met": single["median_ms"] < GOAL_SINGLE_MS,
        },
    }
    report(figures)
    save("engine", figures)
    return figures


def _verdict(met: bool) -> str:
    return "达标 met" if met else "未达标 missed"


def report(figures: dict[str, Any]) -> None:
    """The Chinese/English table of the figures."""
    n, scan, batch, single = figures["enterprises"], figures["scan"], figures["evaluate"], figures["single"]
    goals = figures["goals"]
    rows = [
        (
            "Parquet 扫描（下限） plain scan (floor)",
            f"{scan['median_s']:.3f} s",
            f"{scan['peak_rss_mib']:.0f} MiB",
            "",
        ),
        ("读取 read_input", f"{batch['read_median_s']:.3f} s", "", ""),
        ("评价 evaluate_tables", f"{batch['evaluate_median_s']:.3f} s", "", ""),
        (
            "读取+评价 read + evaluate",
            f"{batch['median_s']:.3f} s (首次 first {batch['first_s']:.3f} s)",
            f"{batch['peak_rss_mib']:.0f} MiB",
            _verdict(goals["batch_met"]),
        ),
        ("相对扫描 ratio to scan", f"{figures['ratio_to_scan']:.1f} ×", "", ""),
        ("吞吐 throughput", f"{figures['enterprises_per_s'] / 1e6:.2f} M 企业/s enterprises/s", "", ""),
        (
            "单企业含解释 one enterprise, explained",
            f"{single['median_ms']:.1f} ms (p90 {single['p90_ms']:.1f}, 首次 cold {single['cold_ms']:.0f})",
            f"{single['peak_rss_mib']:.0f} MiB",
            _verdict(goals["single_met"]),
        ),
    ]
    when = figures["machine"]["date"]
    title = f"引擎基准 engine benchmark: {n:,} 企业 enterprises × 3 年度 fiscal years ({when})"
    print_table(title, ("项目 measure", "时间 time", "峰值内存 peak RSS", "目标 goal"), rows)

"""Engine benchmark: N enterprises × 3 fiscal years from Parquet, and one enterprise with explanations.

Goals (issue 2): 1,000,000 enterprises in under 2 s and under 2 GiB peak memory; one enterprise with
explanations in under 10 ms. Both Parquet inputs of ``read_input`` are measured: the platform's
import layout (amounts as ``Decimal(18, 4)``, and again as ``Decimal(38, 4)``) and the engine's
normalised tables (as ``write_tables`` writes them, LZ4, and again zstd-compressed). N comes from
``--n`` or ``BENCH_ENGINE_N`` (default 1,000,000).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, print_table, run_child, save

CHILD = "bench.engine_tasks"
INPUTS = {
    "layout": "导入版式 import layout",
    "layout-wide": "导入版式（宽 Decimal） import layout, Decimal(38, 4)",
    "normalised": "规范化表 normalised",
    "normalised-zstd": "规范化表（zstd 压缩） normalised, zstd",
}
DEFAULT_N = 1_000_000
GOAL_SECONDS = 2.0  # for GOAL_N enterprises; scaled linearly for another N
GOAL_N = 1_000_000
GOAL_MIB = 2048
GOAL_SINGLE_MS = 10.0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench engine", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_ENGINE_N", DEFAULT_N)))
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per batch task (median)")
    parser.add_argument("--calls", type=int, default=100, help="timed single-enterprise calls")
    return parser.parse_known_args(argv)[0]  # options of other benchmarks are ignored


def run(argv: list[str]) -> dict[str, Any]:
    """Generate (or reuse) the data, measure each task in a fresh process, print and save."""
    options = arguments(argv)
    # generated in a child too: the parent stays small (see run_child)
    directory = Path(run_child("bench.engine_data", str(OUT), str(options.n))["path"])
    figures: dict[str, Any] = {"enterprises": options.n, "fiscal_years_per_enterprise": 3, "inputs": {}}
    for name in INPUTS:
        figures["inputs"][name] = measure(directory / name, options)
    single = run_child(CHILD, "single", str(directory), str(options.calls))
    figures["single"] = {**single, "goal_ms": GOAL_SINGLE_MS, "met": single["median_ms"] < GOAL_SINGLE_MS}
    figures["machine"] = machine()
    report(figures)
    save("engine", figures)
    return figures


def measure(directory: Path, options: argparse.Namespace) -> dict[str, Any]:
    """Scan floor and read + evaluate of one Parquet input, each in a fresh process."""
    scan = run_child(CHILD, "scan", str(directory), str(options.repeats))
    batch = run_child(CHILD, "evaluate", str(directory), str(options.repeats))
    seconds = GOAL_SECONDS * options.n / GOAL_N
    return {
        "scan": scan,
        "evaluate": batch,
        "ratio_to_scan": batch["median_s"] / scan["median_s"],
        "enterprises_per_s": options.n / batch["median_s"],
        "goal": {"seconds": seconds, "peak_mib": GOAL_MIB},
        "met": batch["median_s"] < seconds and batch["first_run_peak_rss_mib"] < GOAL_MIB,
    }


def _verdict(met: bool, goal: str) -> str:
    return f"{'达标 met' if met else '未达标 missed'} ({goal})"


def _mib(figures: dict[str, Any]) -> str:
    return f"{figures['peak_rss_mib']:.0f} MiB"


def _input_rows(label: str, figures: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    scan, batch = figures["scan"], figures["evaluate"]
    goal = f"< {figures['goal']['seconds']:g} s, < {figures['goal']['peak_mib']} MiB"
    total = f"{batch['median_s']:.3f} s (CPU {batch['cpu_median_s']:.3f}, 首次 first {batch['first_s']:.3f})"
    return [
        (f"{label}: Parquet 扫描（下限） plain scan (floor)", f"{scan['median_s']:.3f} s", _mib(scan), ""),
        (f"{label}: 读取 read_input", f"{batch['read_median_s']:.3f} s", "", ""),
        (f"{label}: 评价 evaluate_tables", f"{batch['evaluate_median_s']:.3f} s", "", ""),
        (f"{label}: 读取+评价 read + evaluate", total, _peaks(batch), _verdict(figures["met"], goal)),
        (f"{label}: 相对扫描 ratio to scan", f"{figures['ratio_to_scan']:.1f} ×", "", ""),
        (f"{label}: 吞吐 throughput", f"{figures['enterprises_per_s'] / 1e6:.2f} M 企业/s", "", ""),
    ]


def _peaks(batch: dict[str, Any]) -> str:
    """One evaluation's peak (the goal's measure) and the peak over all runs in one process."""
    first, runs = batch["first_run_peak_rss_mib"], batch["peak_rss_mib"]
    return f"{first:.0f} MiB（{batch['runs']} 次 runs: {runs:.0f}）"


def report(figures: dict[str, Any]) -> None:
    """The Chinese/English table of the figures."""
    single = figures["single"]
    rows = [row for name, label in INPUTS.items() for row in _input_rows(label, figures["inputs"][name])]
    latency = f"{single['median_ms']:.1f} ms (CPU {single['cpu_median_ms']:.1f}, p90 {single['p90_ms']:.1f})"
    verdict = _verdict(single["met"], f"< {GOAL_SINGLE_MS:g} ms")
    rows.append(("单企业含解释 one enterprise, explained", latency, _mib(single), verdict))
    when, n = figures["machine"]["date"], figures["enterprises"]
    title = f"引擎基准 engine benchmark: {n:,} 企业 enterprises × 3 年度 fiscal years ({when})"
    print_table(title, ("项目 measure", "时间 time", "峰值内存 peak RSS", "目标 goal"), rows)

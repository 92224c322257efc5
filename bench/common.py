"""Shared benchmark plumbing: fresh child processes with their own peak RSS, tables and results."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
RESULTS = OUT / "results.json"


def run_child(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process; its JSON stdout plus its peak RSS in MiB.

    ``peak_rss_mib`` is the child's RSS high-water mark (``VmHWM``, reported by the child when it
    calls ``peak_rss_mib()``); ``ru_maxrss_mib`` is ``getrusage`` of that child from ``wait4``, which
    Linux also raises to the parent's RSS at the time of the fork, so the parent stays small.
    """
    with subprocess.Popen(
        [sys.executable, "-m", module, *args], stdout=subprocess.PIPE, cwd=OUT.parent.parent
    ) as child:
        output = child.stdout.read() if child.stdout else b""
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} exited with {child.returncode}")
    result = json.loads(output)
    result["ru_maxrss_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    result.setdefault("peak_rss_mib", result["ru_maxrss_mib"])
    return result


def peak_rss_mib() -> float:
    """This process's RSS high-water mark (``VmHWM``) in MiB, or ``getrusage`` where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], Any], repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (all threads of the process) of ``repeats`` calls of ``action``."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def summary(walls: list[float], cpus: list[float]) -> dict[str, float]:
    """Median and first wall-clock time, and the median CPU time, of a series of runs.

    CPU time is less sensitive than wall time to other work on a shared machine."""
    return {
        "median_s": statistics.median(walls),
        "first_s": walls[0],
        "cpu_median_s": statistics.median(cpus),
        "runs": len(walls),
        "runs_s": walls,
    }


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    import polars

    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "kernel": platform.release(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def save(name: str, figures: dict[str, Any]) -> None:
    """Merge one benchmark's figures into ``bench/out/results.json``."""
    OUT.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[name] = figures
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))


def print_table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """A plain aligned text table."""
    cells = [tuple(str(cell) for cell in row) for row in (header, *rows)]
    widths = [max(_width(row[index]) for row in cells) for index in range(len(header))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        print("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)

"""Import benchmark: an Excel file of N annual-indicator rows, validated and committed.

Goals (issue 4): 100,000 rows validated and committed in under 60 s on SQLite and on PostgreSQL, under
1 GiB peak memory; the rows/s are reported next to the raw reading speed of the same file (calamine).
The shared Excel writer's export of the same number of rows should take under 30 s.

``python -m bench imports [--n 100000] [--database sqlite|postgres|both]``. The file is generated once
and cached under bench/out/; PostgreSQL is reached at ``BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/bench_imports``; the database is created with psql if missing).
Each database run happens in a fresh child process (its own peak RSS) on a fresh database.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, print_table, save

DEFAULT_N = 100_000
YEARS = (2022, 2023, 2024, 2025)
GOAL_SECONDS, GOAL_MIB, GOAL_EXPORT_SECONDS = 60.0, 1024, 30.0
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_imports")
HEADER = (
    "统一社会信用代码",
    "年度",
    "销售收入",
    "总收入",
    "高新技术产品收入",
    "研发费用总额",
    "境内研发费用",
    "资产总额",
    "净资产",
    "职工总数",
    "科技人员数",
)


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench imports", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_IMPORTS_N", DEFAULT_N)))
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    return parser.parse_known_args(argv)[0]


def uscc(serial: int) -> str:
    """A valid USCC for ``serial`` (the check digit computed by the engine's helper)."""
    from gaoqi.policy.inputs.uscc import check_digit

    body = f"91330621MB{serial:07d}"
    return body + check_digit(body)


def ensure_file(n: int) -> Path:
    """The cached workbook of ``n`` rows: ``n / 4`` enterprises × 4 years, amounts in 万元."""
    path = OUT / f"imports-{n}.xlsx"
    if path.exists():
        return path
    from xlsxwriter import Workbook

    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.xlsx")
    with Workbook(str(partial), {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet("年度指标")
        sheet.write_row(0, 0, HEADER)
        for row in range(1, n + 1):
            serial, year = divmod(row - 1, len(YEARS))
            base = 500 + (serial * 37) % 20000
            rd = round(base * 0.06, 2)
            sheet.write_string(row, 0, uscc(serial))
            sheet.write_row(
                row,
                1,
                (
                    YEARS[year],
                    base,
                    base + 120.5,
                    round(base * 0.7, 4),
                    rd,
                    round(rd * 0.9, 2),
                    base * 2,
                    base * 0.8,
                    40 + serial % 300,
                    6 + serial % 40,
                ),
            )
    partial.rename(path)
    return path


def run(argv: list[str]) -> dict[str, Any]:
    """Generate (or reuse) the file, measure each database in a fresh process, print and save."""
    options = arguments(argv)
    path = ensure_file(options.n)
    databases = ("sqlite", "postgres") if options.database == "both" else (options.database,)
    figures: dict[str, Any] = {
        "machine": machine(),
        "rows": options.n,
        "file_mib": path.stat().st_size / 2**20,
    }
    for name in databases:
        figures[name] = _child(name, path, options.n)
    report(figures)
    save("imports", figures)
    return figures


def _database_url(name: str) -> str:
    if name == "sqlite":
        target = OUT / "bench_imports.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{target}"
    database = POSTGRES_URL.rsplit("/", 1)
    subprocess.run(
        ["psql", f"{database[0]}/postgres", "-qc", f"DROP DATABASE IF EXISTS {database[1]}"], check=True
    )
    subprocess.run(["psql", f"{database[0]}/postgres", "-qc", f"CREATE DATABASE {database[1]}"], check=True)
    return POSTGRES_URL


def _child(name: str, path: Path, n: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(name),
        "GAOQI_VAR_DIR": str(OUT / "var"),
        "DJANGO_SETTINGS_MODULE": "gaoqi.config.settings",
        "GAOQI_DEBUG": "0",
    }
    command = [sys.executable, "-m", "bench.imports_tasks", str(path), str(n)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=OUT.parent.parent) as child:
        output = child.stdout.read() if child.stdout else b""
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"bench.imports_tasks failed on {name}")
    result = json.loads(output)
    result["peak_rss_mib"] = usage.ru_maxrss / 1024
    return result


STEPS = (
    ("read", "原始读取 raw read (calamine)", None),
    ("preview", "预览 preview (read+validate+plan)", None),
    ("commit", "导入 commit (read+validate+write, one transaction)", GOAL_SECONDS),
    ("again", "同一文件再导入 same file again (changes nothing)", None),
    ("export", "导出 export, shared writer", GOAL_EXPORT_SECONDS),
)


def report(figures: dict[str, Any]) -> None:
    """The Chinese/English table of the figures: wall clock and CPU seconds, rows/s, goals."""
    n = figures["rows"]
    rows = []
    for name in ("sqlite", "postgres"):
        f: dict[str, Any] = figures.get(name) or {}
        for key, label, goal in STEPS if f else ():
            wall, cpu = f[f"{key}_s"], f[f"{key}_cpu_s"]
            verdict = "" if goal is None else ("达标 met" if wall < goal else "未达标 missed")
            if key == "commit":
                verdict += f" · {f['peak_rss_mib']:.0f} MiB " + (
                    "≤ 1 GiB" if f["peak_rss_mib"] < GOAL_MIB else "> 1 GiB"
                )
            rows.append(
                (f"{name} {label}", f"{wall:.2f} s (CPU {cpu:.2f} s)", f"{n / wall:,.0f} 行/s", verdict)
            )
    title = (
        f"导入基准 import benchmark: {n:,} 行年度指标 annual-indicator rows ({figures['machine']['date']})"
    )
    print_table(title, ("项目 measure", "时间 wall (CPU)", "速度 rows/s", "目标 goal"), rows)


if __name__ == "__main__":
    run(sys.argv[1:])
    sys.exit(0)

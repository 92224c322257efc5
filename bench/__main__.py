"""``python -m bench [name ...] [options]``: run all benchmarks, or the named ones.

Options go to every benchmark run, each taking the ones it knows, e.g.
``python -m bench engine --n 100000``.
Results are printed and merged into ``bench/out/results.json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from bench import dashboard, engine, imports, pages, screening

BENCHMARKS: dict[str, Callable[[list[str]], Any]] = {
    "engine": engine.run,
    "screening": screening.run,
    "imports": imports.run,
    "pages": pages.run,
    "dashboard": dashboard.run,
}


def main(argv: list[str]) -> int:
    """Run the benchmarks named first in ``argv`` (all when none), passing the options after them."""
    count = next((index for index, item in enumerate(argv) if item.startswith("-")), len(argv))
    names, options = argv[:count], argv[count:]
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names or list(BENCHMARKS):
        BENCHMARKS[name](options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

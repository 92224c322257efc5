"""``python -m bench [name ...] [-- options]``: run all benchmarks, or the named ones.

Options after a benchmark's name go to it, e.g. ``python -m bench engine --n 100000``.
Results are printed and merged into ``bench/out/results.json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from bench import engine

BENCHMARKS: dict[str, Callable[[list[str]], Any]] = {"engine": engine.run}


def main(argv: list[str]) -> int:
    """Run the benchmarks named first in ``argv`` (all when none), passing the rest as options."""
    names = [item for item in argv if item in BENCHMARKS]
    unknown = [item for item in argv if not item.startswith("-") and item not in BENCHMARKS]
    if unknown and not names:
        print(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    options = [item for item in argv if item not in BENCHMARKS]
    for name in names or list(BENCHMARKS):
        BENCHMARKS[name](options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

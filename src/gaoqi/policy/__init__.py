"""gaoqi's policy engine: HNTE, tech-SME, super deduction, 双清零 and tiers as rules as code.

Pure Python (Polars, PyYAML); never imports Django. The public API is ``__all__``; design in
docs/engine-design.md, outside contract in the shared engine-contract.md.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import Any

from gaoqi.policy.errors import InputError, ParameterError, RecordError
from gaoqi.policy.params import ParameterSet, load_parameters
from gaoqi.policy.tables import InputBatch, InputTables

__all__ = [
    "InputBatch",
    "InputError",
    "InputTables",
    "ParameterError",
    "ParameterSet",
    "RecordError",
    "earliest_application_date",
    "evaluate_records",
    "evaluate_tables",
    "load_parameters",
    "plan_for",
    "read_input",
    "simulate",
    "tables_from_records",
]

# Names whose modules load on first use (heavier, or written in parallel by other modules' owners).
_LAZY = {
    "evaluate_records": "gaoqi.policy.evaluate",
    "evaluate_tables": "gaoqi.policy.evaluate",
    "read_input": "gaoqi.policy.inputs",
    "tables_from_records": "gaoqi.policy.inputs",
    "plan_for": "gaoqi.policy.plan",
    "earliest_application_date": "gaoqi.policy.earliest",
    "simulate": "gaoqi.policy.simulate",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """Keeps a public function when its same-named submodule (e.g. ``simulate``) is imported: the
    import system would otherwise replace the package attribute with the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if _LAZY.get(name) == f"{__name__}.{name}" and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

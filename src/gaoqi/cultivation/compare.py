"""Why a result changed between two runs: which inputs differ, which parameters differ.

Inputs are the engine's contract records (``bridge.records_from_tables``); a difference is reported as
a path such as ``fiscal_years[2025].rd_total`` or ``ip.class1``. Parameters are compared through the
snapshot each run keeps of the values in force (``parameter_snapshot``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from gaoqi.policy import ParameterSet


def parameter_snapshot(params: ParameterSet, as_of: dt.date) -> dict[str, Any]:
    """Every parameter value in force on ``as_of`` as JSON-ready text (decimals exact, as written)."""
    return {name: _plain(value) for name, value in params.in_force(as_of).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal | Fraction | dt.date):
        return str(value)
    return value


def changed_parameters(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The parameters whose values differ between two snapshots, sorted by name."""
    return [
        {"name": name, "before": before.get(name), "after": after.get(name)}
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


def changed_inputs(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """Paths of the input values that differ between two records (every path when there is no before).

    >>> changed_inputs({"ip": {"class1": 1}, "fiscal_years": [{"year": 2024, "rd_total": 5.0}]},
    ...                {"ip": {"class1": 2}, "fiscal_years": [{"year": 2024, "rd_total": 5.0}]})
    ['ip.class1']
    """
    if before is None:
        return ["*"]
    return sorted(_diff(_keyed(before), _keyed(after), ""))


def _keyed(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with fiscal years keyed by year, so that an added year does not shift the others."""
    keyed = dict(record)
    keyed["fiscal_years"] = {f"[{item['year']}]": item for item in record.get("fiscal_years") or []}
    return keyed


def _diff(before: Any, after: Any, path: str) -> list[str]:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        paths = []
        for key in set(before) | set(after):
            joined = f"{path}{key}" if str(key).startswith("[") else f"{path}.{key}" if path else str(key)
            paths.extend(_diff(before.get(key), after.get(key), joined))
        return paths
    return [] if before == after else [path]

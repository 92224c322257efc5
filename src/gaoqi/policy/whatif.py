"""What-if for one enterprise: change some inputs, evaluate before and after, list what changed.

Changes are dotted paths into the contract's input record. A bracket after ``fiscal_years`` selects
the fiscal year by its ``year`` (created when absent); after any other list it is a position:

>>> apply_changes({"fiscal_years": [{"year": 2025, "rd_total": 10}]}, {"fiscal_years[2025].rd_total": 12})
{'fiscal_years': [{'year': 2025, 'rd_total': 12}]}
>>> apply_changes({"ip": None}, {"ip.class1": 1})
{'ip': {'class1': 1}}
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

__all__ = ["apply_changes", "diff_results", "evaluate_whatif", "read_path"]

_SEGMENT = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<index>-?\d+)\])?$")
_MISSING = object()


def apply_changes(record: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``record`` with every ``path: value`` of ``changes`` set."""
    changed = copy.deepcopy(dict(record))
    for path, value in changes.items():
        parent, last = _walk(changed, _parse(path), path)
        parent[last] = value
    return changed


def read_path(record: Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` in ``record``, or None when any step along it is absent."""
    node: Any = record
    for key, index in _parse(path):
        node = node.get(key) if isinstance(node, Mapping) else None
        if index is not None:
            node = _select(node, key, index, create=False) if isinstance(node, list) else None
        if node is None:
            return None
    return node


def evaluate_whatif(
    record: Mapping[str, Any],
    changes: Mapping[str, Any],
    as_of: date | None = None,
    *,
    params: Any = None,
) -> dict[str, Any]:
    """Evaluate ``record`` as it is and with ``changes`` applied; list the inputs and results that differ."""
    from gaoqi.policy import evaluate_records

    as_of = as_of or date.today()
    changed_record = apply_changes(record, changes)
    before, after = evaluate_records([dict(record), changed_record], as_of, params=params)
    return {
        "uscc": record.get("uscc"),
        "as_of": as_of.isoformat(),
        "changes": [
            {"path": path, "before": read_path(record, path), "after": value}
            for path, value in changes.items()
        ],
        "before": before,
        "after": after,
        "changed": diff_results(before, after),
    }


def diff_results(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every result leaf (explanations excepted) whose value differs, as ``{path, before, after}``."""
    left, right = _flatten(before), _flatten(after)
    return [
        {"path": path, "before": left.get(path), "after": right.get(path)}
        for path in sorted(set(left) | set(right))
        if left.get(path, _MISSING) != right.get(path, _MISSING)
    ]


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, Mapping):
        flat: dict[str, Any] = {}
        for key, value in node.items():
            if key != "explanations":
                flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(node, list) and node and all(isinstance(item, Mapping) and "year" in item for item in node):
        flat = {}
        for item in node:
            flat.update(_flatten(item, f"{prefix}[{item['year']}]"))
        return flat
    return {prefix: node}


def _parse(path: str) -> list[tuple[str, int | None]]:
    segments = []
    for part in path.split("."):
        match = _SEGMENT.match(part)
        if match is None:
            raise ValueError(f"无法识别的字段路径“{path}”（示例：fiscal_years[2025].rd_total）")
        index = match["index"]
        segments.append((match["key"], None if index is None else int(index)))
    return segments


def _walk(root: dict[str, Any], segments: list[tuple[str, int | None]], path: str) -> tuple[Any, Any]:
    """The container holding the last segment, and the key or position in it; creates what is absent."""
    node: Any = root
    for position, (key, index) in enumerate(segments):
        last = position == len(segments) - 1
        if not isinstance(node, dict):
            raise ValueError(f"字段路径“{path}”在“{key}”处不是对象")
        if index is None:
            if last:
                return node, key
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
            continue
        if not isinstance(node.get(key), list):
            node[key] = []
        container, slot = node[key], _select(node[key], key, index, create=True)
        if last:
            return container, container.index(slot)
        node = slot
    raise ValueError(f"字段路径“{path}”为空")


def _select(items: list[Any], key: str, index: int, *, create: bool) -> Any:
    if key == "fiscal_years":
        for item in items:
            if isinstance(item, Mapping) and item.get("year") == index:
                return item
        if not create:
            return None
        items.append({"year": index})
        return items[-1]
    if -len(items) <= index < len(items):
        return items[index]
    if create:
        raise ValueError(f"列表“{key}”没有第 {index} 项")
    return None

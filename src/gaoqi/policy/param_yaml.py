"""Strict YAML reading for parameter files: nodes keep their line, decimals never pass through float.

The file is composed into a node tree (``yaml.compose``) and converted by hand, so that duplicate
keys, unknown keys and wrongly typed values are reported with the file and the line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from gaoqi.policy.errors import ParameterError

_TAG = "tag:yaml.org,2002:"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fail(path: Path, node: yaml.Node, message: str) -> ParameterError:
    """A ``ParameterError`` naming the file and the (1-based) line of ``node``."""
    return ParameterError(f"{path.name} 第 {node.start_mark.line + 1} 行：{message}")


def compose(path: Path) -> yaml.Node:
    """Parse ``path`` into a node tree; syntax errors become ``ParameterError``s with the line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise ParameterError(f"{path.name} 第 {line} 行：YAML 语法错误（{exc.problem}）") from exc
    if node is None:
        raise ParameterError(f"{path.name}：文件为空")
    return node


def mapping(
    path: Path, node: yaml.Node, *, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> dict[str, yaml.Node]:
    """A mapping with string keys; duplicate keys, unknown keys (when a key set is given) and
    missing required keys are errors."""
    entries = _entries(path, node)
    result: dict[str, yaml.Node] = {}
    for key_node, value_node in entries:
        key = scalar(path, key_node)
        if not isinstance(key, str):
            raise fail(path, key_node, f"键 {key!r} 应为文本")
        result[key] = value_node
    if required or optional:
        allowed = set(required) | set(optional)
        for key_node, _ in entries:
            if key_node.value not in allowed:
                raise fail(
                    path, key_node, f"未知的键 {key_node.value!r}（允许：{'、'.join(sorted(allowed))}）"
                )
        for key in required:
            if key not in result:
                raise fail(path, node, f"缺少必需的键 {key!r}")
    return result


def dated_mapping(path: Path, node: yaml.Node) -> list[tuple[dt.date, yaml.Node]]:
    """The ``values`` mapping: every key must be an ISO date, sorted ascending on return."""
    result: list[tuple[dt.date, yaml.Node]] = []
    for key_node, value_node in _entries(path, node):
        key = scalar(path, key_node)
        if not isinstance(key, dt.date) or isinstance(key, dt.datetime):
            raise fail(path, key_node, f"取值的键 {key_node.value!r} 不是 ISO 日期（YYYY-MM-DD）")
        result.append((key, value_node))
    if not result:
        raise fail(path, node, "没有任何带日期的取值")
    return sorted(result, key=lambda item: item[0])


def sequence(path: Path, node: yaml.Node) -> list[yaml.Node]:
    """The items of a YAML sequence."""
    if not isinstance(node, yaml.SequenceNode):
        raise fail(path, node, "应为列表")
    return list(node.value)


def scalar(path: Path, node: yaml.Node) -> object:
    """A scalar as ``int``, ``Decimal``, ``bool``, ``None``, ``str`` or ``date`` (never float)."""
    if not isinstance(node, yaml.ScalarNode):
        raise fail(path, node, "应为单个取值")
    tag, text = node.tag, node.value
    if tag == _TAG + "int":
        try:
            return int(text.replace("_", ""), 10)
        except ValueError as exc:
            raise fail(path, node, f"整数 {text!r} 应写成十进制") from exc
    if tag == _TAG + "float":
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation as exc:
            raise fail(path, node, f"无法读取的小数 {text!r}") from exc
    if tag == _TAG + "bool":
        return text.lower() in {"true", "yes", "on", "y"}
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "timestamp":
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise fail(path, node, f"日期 {text!r} 应写成 YYYY-MM-DD") from exc
    return text


def _entries(path: Path, node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise fail(path, node, "应为键值映射")
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in seen:
            raise fail(path, key_node, f"重复的键 {key!r}（第 {seen[key]} 行已出现）")
        seen[key] = key_node.start_mark.line + 1
    return list(node.value)

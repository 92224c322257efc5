"""Formatting of dashboard table cells by their column kind (the Excel writer's kinds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from gaoqi.core.templatetags.gaoqi_ui import pct, wan

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    """``value`` shown as its column kind formats it: 万元, ratio, integer or date; text as it is."""
    if value is None or value == "":
        return "—"
    if kind == "wan":
        return wan(value)
    if kind == "ratio":
        return pct(value)
    if kind == "int":
        return f"{value:,}"
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@register.filter
def table_rows(table: Any) -> list[tuple[list[tuple[Any, str]], str]]:
    """The table's rows as ``([(value, kind), ...], link)`` (link empty when the table has none)."""
    kinds = [column.kind for column in table.columns]
    links = table.links or [""] * len(table.rows)
    return [(list(zip(row, kinds, strict=True)), link) for row, link in zip(table.rows, links, strict=True)]

"""What people see of a plan: the preview summary (counts, field-level changes, conflicts, problems)
as JSON for the pages and the API, and the error report as Excel (original rows plus an error column)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from gaoqi.core.excel import Column, write_workbook
from gaoqi.exchange.cells import shown
from gaoqi.exchange.plan import Plan, RowPlan
from gaoqi.exchange.validation import Checked

SHOWN_ROWS = 200
SHOWN_PROBLEMS = 500


class Summary:
    """The preview of a whole file, gathered plan by plan: counts, warnings, problems and the first
    changed rows field by field (JSON-ready through ``as_dict``)."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        self.changes: list[dict[str, Any]] = []

    def add(self, plan: Plan) -> None:
        """Count one plan's rows and keep its first changed rows."""
        for action, key in (("create", "created"), ("update", "updated"), ("unchanged", "unchanged")):
            self.counts[key] += plan.count(action)
        self.counts["conflicts"] += plan.conflicts
        for row in plan.rows:
            if len(self.changes) >= SHOWN_ROWS:
                break
            if row.action != "unchanged" or row.conflicts or row.kept:
                self.changes.append(_row(plan, row))

    def as_dict(self) -> dict[str, Any]:
        """Everything the preview shows."""
        checked = self.checked
        return {
            "rows": len(checked.rows),
            **self.counts,
            "errors": len(checked.problems),
            "error_rows": len(checked.bad),
            "warnings": [*checked.sheet.notes, *checked.warnings],
            "problems": [problem.as_dict() for problem in checked.problems[:SHOWN_PROBLEMS]],
            "changes": self.changes,
        }


def _row(plan: Plan, row: RowPlan) -> dict[str, Any]:
    checked = plan.checked
    kind = checked.kind
    values = checked.rows[row.index]
    labels = {spec.name: spec.label(kind.model) for spec in kind.specs}
    key = " ".join(str(values.get(name, "")) for name in ("uscc", *kind.row_key))
    return {
        "row": checked.sheet.row_numbers[row.index],
        "key": key,
        "action": row.action,
        "fields": [
            {
                "label": labels.get(name.removesuffix("_id"), name),
                "old": _text(plan, name, old),
                "new": _text(plan, name, new),
            }
            for name, (old, new) in row.changes.items()
        ],
        "conflicts": [
            {
                "label": labels.get(conflict.field, conflict.field),
                "current": conflict.current,
                "current_source": conflict.current_source,
                "incoming": conflict.incoming,
                "kept_current": conflict.kept_current,
            }
            for conflict in row.conflicts
        ],
    }


def _text(plan: Plan, attname: str, value: Any) -> str:
    if value is None:
        return ""
    return plan.checked.references.text(attname.removesuffix("_id"), value)


def error_workbook(checked: Checked) -> bytes:
    """The file's rows as uploaded plus a column naming every problem of the row (rule and message)."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for problem in checked.problems:
        rule = problem.as_dict()["rule_label"]
        by_row[problem.row].append(f"{problem.column}“{problem.value}”：{problem.message}（{rule}）")
    sheet = checked.sheet
    columns = [Column(_("行号"), "int"), *(Column(header or "—") for header in sheet.headers)]
    columns.append(Column(_("错误说明"), width=80))
    rows = (
        [number, *(shown(cell) for cell in cells), "；".join(by_row.get(number, []))]
        for number, cells in zip(sheet.row_numbers, sheet.rows, strict=True)
    )
    return write_workbook(columns, rows, sheet_name=_("错误报告"))

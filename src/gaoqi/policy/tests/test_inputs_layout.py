"""The documented layout matches the code, and tables convert back to the records they came from."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from polars.testing import assert_frame_equal

from gaoqi.policy.inputs import records_from_tables, tables_from_records
from gaoqi.policy.inputs.fields import ENTERPRISE_FIELDS, YEAR_FIELDS, Field
from gaoqi.policy.inputs.samples import sample_records
from gaoqi.policy.inputs.validate import YEAR_CHECKS, enterprise_checks
from gaoqi.policy.inputs.workbook import GUIDE_SHEET, write_sample_workbook

DOC = Path(__file__).resolve().parents[4] / "docs" / "engine-input-layout.md"


@pytest.mark.parametrize("field", [*ENTERPRISE_FIELDS, *YEAR_FIELDS], ids=lambda f: f.column)
def test_every_column_is_documented_with_header_unit_and_contract_field(field: Field) -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    rows = [line.split(" | ") for line in lines if line.startswith(f"| {field.header} | `{field.column}` |")]
    assert rows
    for _, _, unit, _, path in rows:
        assert unit == (field.unit or "—")
        assert path.endswith(f"{field.path}` |")


def test_every_rejection_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    rules = {check.rule for check in (*enterprise_checks(), *YEAR_CHECKS)}
    rules |= {"required", "type", "too_large", "range", "not_json", "duplicate_uscc", "unknown_enterprise"}
    assert [rule for rule in sorted(rules) if f"`{rule}`" not in text] == []


def test_sample_workbook_guide_lists_every_column(tmp_path: Path) -> None:
    guide = openpyxl.load_workbook(write_sample_workbook(tmp_path / "s.xlsx"))[GUIDE_SHEET]
    headers = {row[1] for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}
    assert {f.header for f in (*ENTERPRISE_FIELDS, *YEAR_FIELDS)} <= headers


def test_tables_convert_back_to_equivalent_records() -> None:
    batch = tables_from_records(sample_records())
    again = tables_from_records(records_from_tables(batch.tables))
    assert again.errors == []
    assert_frame_equal(again.tables.enterprises, batch.tables.enterprises)
    assert_frame_equal(again.tables.years, batch.tables.years)
    one = records_from_tables(batch.tables, [2])
    assert [record["uscc"] for record in one] == [sample_records()[2]["uscc"]]
    given = {year["year"]: year for year in sample_records()[2]["fiscal_years"]}[2025]["deduction_rd"]
    rebuilt = {year["year"]: year for year in one[0]["fiscal_years"]}[2025]["deduction_rd"]
    assert rebuilt == {
        "five": given["five"],
        "other": given["other"],
        "entrusted_domestic": 0,
        "entrusted_overseas": 0,
    }

"""One set of enterprises gives the same result table whichever input path it takes: contract dicts,
JSON Lines through ``read_input``, and the normalised Parquet tables through ``read_input``."""

from __future__ import annotations

import json
from pathlib import Path

from gaoqi.policy import evaluate_tables, read_input, tables_from_records
from gaoqi.policy.inputs import write_tables
from tests.oracle.records import batches


def test_input_paths_agree(tmp_path: Path):
    as_of, records = batches(11, 150)[5]
    direct = tables_from_records(records)
    assert not direct.errors
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    from_jsonl = read_input(jsonl)
    from_parquet = read_input(write_tables(direct.tables, tmp_path / "normalised"))

    expected = evaluate_tables(direct.tables, as_of)
    assert expected.height == len(records)
    for batch in (from_jsonl, from_parquet):
        assert not batch.errors
        assert evaluate_tables(batch.tables, as_of).equals(expected)

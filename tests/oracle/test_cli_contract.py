"""``gaoqi evaluate`` follows the contract: one JSON object per line in input order, rejected records as
``{"uscc", "error"}`` (also on stderr), every other line equal to the oracle's reading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.oracle.compare import differences
from tests.oracle.records import batches
from tests.oracle.reference import evaluate

GAOQI = Path(sys.executable).with_name("gaoqi")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GAOQI), *args], capture_output=True, text=True, timeout=120, check=False)


def test_evaluate_command_follows_the_contract(tmp_path: Path):
    as_of, records = batches(7, 40)[5]
    years = [{**item, "scitech_staff": 1e6} for item in records[7]["fiscal_years"]]
    bad = {**records[7], "fiscal_years": years}  # more sci-tech staff than employees
    records = [*records[:7], bad, *records[8:]]
    path = tmp_path / "batch.jsonl"
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    path.write_text("".join(lines), encoding="utf-8")

    done = run("evaluate", str(path), "--as-of", as_of.isoformat())

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["uscc"] for line in lines] == [record["uscc"] for record in records]
    assert set(lines[7]) == {"uscc", "error"} and bad["uscc"] in done.stderr
    for record, line in zip(records, lines, strict=True):
        if record is not bad:
            assert line["as_of"] == as_of.isoformat()
            assert differences(evaluate(record, as_of), line) == [], record["uscc"]


def test_evaluate_command_fails_only_when_the_input_cannot_be_read(tmp_path: Path):
    done = run("evaluate", str(tmp_path / "missing.jsonl"))
    assert done.returncode != 0
    assert done.stdout == ""

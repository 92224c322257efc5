"""The engine's command line, end to end: `gaoqi evaluate` as a real process, the others in-process."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gaoqi.policy import load_parameters
from gaoqi.policy.cli import main, parse_change
from gaoqi.policy.inputs import read_input
from gaoqi.policy.inputs.samples import sample_records
from gaoqi.policy.inputs.workbook import write_sample_workbook

GAOQI = Path(sys.executable).with_name("gaoqi")
AS_OF = "2026-05-01"


def _gaoqi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GAOQI, *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def batch_file(tmp_path: Path) -> tuple[Path, list[str]]:
    """Four valid records with a line that is not JSON and a record with a wrong check digit."""
    records = sample_records()
    wrong = dict(records[0], uscc=records[0]["uscc"][:17] + "0")
    lines = [json.dumps(r, ensure_ascii=False, default=float) for r in [*records, wrong]]
    lines.insert(2, '{"uscc": oops')
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    order = [r["uscc"] for r in records[:2]] + [None] + [r["uscc"] for r in records[2:]] + [wrong["uscc"]]
    return path, order


def test_evaluate_writes_one_line_per_record_in_input_order(batch_file: tuple[Path, list[str]]) -> None:
    path, order = batch_file
    done = _gaoqi("evaluate", path, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["uscc"] for o in objects] == order
    errors = [o for o in objects if "error" in o]
    assert [set(o) for o in errors] == [{"uscc", "error"}] * 2
    assert errors[0]["error"].startswith("第 3 条记录：第 3 行不是合法的 JSON")
    assert errors[1]["error"].startswith(f"企业 {order[-1]} 字段 uscc：统一社会信用代码校验位错误")
    for error in errors:
        assert error["error"] in done.stderr
    evaluated = [o for o in objects if "error" not in o]
    assert all(
        o["as_of"] == AS_OF and o["hnte"]["verdict"] in ("pass", "fail", "uncertain") for o in evaluated
    )
    assert all(o["hnte"]["explanations"] for o in evaluated)


def test_evaluate_output_file_and_excel_input_give_the_same_objects(tmp_path: Path) -> None:
    records = sample_records()
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False, default=float) for r in records), encoding="utf-8"
    )
    workbook = write_sample_workbook(tmp_path / "same.xlsx")
    target = tmp_path / "out.jsonl"
    from_json = _gaoqi("evaluate", jsonl, "--as-of", AS_OF, "--output", target)
    from_excel = _gaoqi("evaluate", workbook, "--as-of", AS_OF)
    assert (from_json.returncode, from_excel.returncode) == (0, 0)
    assert from_json.stdout == ""
    assert target.read_text(encoding="utf-8") == from_excel.stdout
    assert len(from_excel.stdout.splitlines()) == len(records)


@pytest.mark.parametrize("name", ["missing.jsonl", "notes.txt"])
def test_evaluate_fails_only_when_the_input_cannot_be_read(tmp_path: Path, name: str) -> None:
    if name.endswith(".txt"):
        (tmp_path / name).write_text("hello", encoding="utf-8")
    done = _gaoqi("evaluate", tmp_path / name)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.startswith("错误：")


def test_explain_prints_the_chinese_report(batch_file: tuple[Path, list[str]], capsys: Any) -> None:
    path, order = batch_file
    assert main(["explain", str(path), "--uscc", order[1], "--as-of", AS_OF]) == 0
    report = capsys.readouterr().out
    assert report.startswith(f"高新技术企业培育评估报告：绍兴示例软件科技有限公司（{order[1]}）")
    for heading in (
        "一、评价结论与依据",
        "二、认定条件明细",
        "三、创新能力评分",
        "四、最省成本的达标方案",
        "五、最早申报日期",
    ):
        assert heading in report
    assert "门槛 10.00%" in report


def test_explain_reports_a_rejected_record_and_an_unknown_uscc(
    batch_file: tuple[Path, list[str]], capsys: Any
) -> None:
    path, order = batch_file
    assert main(["explain", str(path), "--uscc", order[-1]]) == 0
    assert "无法评估：企业" in capsys.readouterr().out
    assert main(["explain", str(path), "--uscc", "91330621MA2ZZZZZ9X"]) == 1
    assert "没有统一社会信用代码为 91330621MA2ZZZZZ9X 的企业" in capsys.readouterr().err


def test_explain_reads_the_excel_layout(tmp_path: Path, capsys: Any) -> None:
    workbook = write_sample_workbook(tmp_path / "s.xlsx")
    uscc = sample_records()[2]["uscc"]
    assert main(["explain", str(workbook), "--uscc", uscc, "--as-of", AS_OF]) == 0
    assert f"绍兴示例纺机制造有限公司（{uscc}）" in capsys.readouterr().out


def test_params_lists_the_rules_in_force_with_their_sources(capsys: Any) -> None:
    assert main(["params", "--as-of", "2022-06-01", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    expected = load_parameters(dt.date(2022, 6, 1))
    assert listed["as_of"] == "2022-06-01"
    assert [row["name"] for row in listed["parameters"]] == list(expected.in_force())
    assert all(row["document"] and row["effective_on"] <= "2022-06-01" for row in listed["parameters"])
    assert main(["params", "--as-of", "2022-06-01"]) == 0
    text = capsys.readouterr().out
    assert all(name in text for name in expected.in_force())
    assert "依据：" in text


def test_simulate_lists_who_flips(batch_file: tuple[Path, list[str]], capsys: Any) -> None:
    path, _ = batch_file
    args = ["simulate", str(path), "--as-of", AS_OF, "--set", "hnte.staff_ratio_min=0.5", "--json"]
    assert main(args) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["evaluated"] == 4 and len(outcome["rejected"]) == 2
    assert outcome["flipped"] == len(outcome["flips"]) == sum(g["flipped"] for g in outcome["by_town"])
    assert main(args[:-1]) == 0
    assert "政策影响模拟" in capsys.readouterr().out
    assert main(["simulate", str(path), "--set", "no.such_parameter=1"]) == 2
    assert "错误：" in capsys.readouterr().err


def test_change_values_are_exact() -> None:
    assert parse_change("hnte.staff_ratio_min=0.1") == ("hnte.staff_ratio_min", Decimal("0.1"))
    assert parse_change("a.b = [1, 2]") == ("a.b", [1, 2])


def test_sample_input_writes_a_readable_workbook(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "template.xlsx"
    assert main(["sample-input", str(target)]) == 0
    batch = read_input(target)
    assert batch.errors == [] and batch.tables.enterprises.height == len(sample_records())


def test_explain_report_shows_the_engine_gap_and_the_plan(tmp_path: Path, capsys: Any) -> None:
    from gaoqi.policy import evaluate_records, plan_for

    record = sample_records()[1]
    for year in record["fiscal_years"]:
        year["scitech_staff"] = Decimal(2)
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False, default=float), encoding="utf-8")
    as_of = dt.date.fromisoformat(AS_OF)
    staff = evaluate_records([record], as_of)[0]["hnte"]["conditions"]["scitech_staff_ratio"]
    plan = plan_for(record, as_of)
    assert main(["explain", str(path), "--uscc", record["uscc"], "--as-of", AS_OF]) == 0
    report = capsys.readouterr().out
    assert staff["passed"] is False and staff["gap"] > 0
    assert (
        f"✗ 不符合  科技人员占职工总数比例；实际 {staff['value'] * 100:.2f}%，"
        f"门槛 10.00%；差距 {staff['gap']}人" in report
    )
    assert all(action["description"] in report for action in plan["actions"])

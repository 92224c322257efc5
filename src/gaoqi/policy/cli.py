"""The engine's commands: ``gaoqi evaluate | explain | params | simulate | sample-input``.

Every command runs without Django. Exit status: 0 on success (also when some records are rejected:
they are reported), 2 when the input or the parameters cannot be read, 1 when an asked-for
enterprise is not in the input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from gaoqi.policy.errors import InputError, ParameterError, RecordError

DEFAULT_REGION = "keqiao"


def main(argv: list[str] | None = None) -> int:
    """Run one engine command; ``argv`` starts with the command name."""
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except (InputError, ParameterError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (``gaoqi params | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gaoqi", description="高企培育平台政策引擎")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    def dated(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--as-of", type=_date, default=None, help="评价日期 YYYY-MM-DD（默认今天）")
        sub.add_argument("--region", default=DEFAULT_REGION, help=f"地区参数（默认 {DEFAULT_REGION}）")

    sub = command("evaluate", "评价输入文件中的全部企业，每行输出一个 JSON 对象", _evaluate)
    sub.add_argument("input", type=Path, help="输入文件：.jsonl/.json、.xlsx、.csv、.parquet 或目录")
    sub.add_argument("--output", type=Path, default=None, help="输出文件（默认标准输出）")
    sub.add_argument("--no-explanations", action="store_true", help="不输出文字说明（大批量时更快）")
    dated(sub)
    sub = command("explain", "输出一家企业的中文评估报告", _explain)
    sub.add_argument("input", type=Path, help="输入文件")
    sub.add_argument("--uscc", required=True, help="统一社会信用代码")
    dated(sub)
    sub = command("params", "列出某日生效的政策参数及其出处", _params)
    sub.add_argument("--json", action="store_true", help="以 JSON 输出")
    dated(sub)
    sub = command("simulate", "调整参数，列出评价结果发生变化的企业", _simulate)
    sub.add_argument("input", type=Path, help="输入文件")
    sub.add_argument("--set", dest="changes", action="append", required=True, metavar="NAME=VALUE")
    sub.add_argument("--json", action="store_true", help="以 JSON 输出")
    dated(sub)
    sub = command("sample-input", "生成 Excel 导入模板（含示例企业）", _sample_input)
    sub.add_argument("path", type=Path, help="要写入的 .xlsx 文件")
    return parser


def _params_for(args: argparse.Namespace) -> tuple[dt.date, Any]:
    from gaoqi.policy import load_parameters

    as_of = args.as_of or dt.date.today()
    return as_of, load_parameters(as_of, args.region)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any) -> str:
    """One JSON line (Chinese kept readable)."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _evaluate(args: argparse.Namespace) -> int:
    from gaoqi.policy import read_input
    from gaoqi.policy.output import batch_output

    batch = read_input(args.input)
    as_of, params = _params_for(args)
    for error in batch.errors:
        print(error.message, file=sys.stderr)
    objects = batch_output(batch, as_of, params=params, explain=not args.no_explanations)
    if args.output is None:
        _write_lines(objects, sys.stdout)
    else:
        try:
            with args.output.open("w", encoding="utf-8") as stream:
                _write_lines(objects, stream)
        except OSError as error:
            raise InputError(f"无法写入输出文件“{args.output}”：{error.strerror or error}") from error
    print(
        f"共 {batch.size} 条记录：评价 {batch.size - len(batch.errors)} 条，拒绝 {len(batch.errors)} 条",
        file=sys.stderr,
    )
    return 0


def _write_lines(objects: Iterable[dict[str, Any]], stream: TextIO) -> None:
    for item in objects:
        stream.write(dumps(item) + "\n")


def _explain(args: argparse.Namespace) -> int:
    from gaoqi.policy import earliest_application_date, evaluate_records, plan_for
    from gaoqi.policy.report import explain_report

    record, rejected = find_record(args.input, args.uscc)
    if record is None and rejected is None:
        print(f"错误：输入中没有统一社会信用代码为 {args.uscc} 的企业", file=sys.stderr)
        return 1
    as_of, params = _params_for(args)
    plan = earliest = None
    if rejected is not None or record is None:
        result = rejected.as_output() if rejected is not None else {"uscc": args.uscc}
    else:
        result = evaluate_records([record], as_of, params=params)[0]
    if record is not None and "error" not in result:
        plan = plan_for(record, as_of, params=params)
        earliest = earliest_application_date(record, as_of, params=params)
    print(explain_report(result, (record or {}).get("name"), plan, earliest))
    return 0


def find_record(path: Path, uscc: str) -> tuple[dict[str, Any] | None, RecordError | None]:
    """The contract record of ``uscc`` in an input file (as written, for JSON input), or the error
    that rejected it."""
    from gaoqi.policy.inputs import json_records, read_input, records_from_tables

    if path.suffix.lower() in (".jsonl", ".json"):
        found = (r for r in json_records(path) if isinstance(r, dict) and r.get("uscc") == uscc)
        return next(found, None), None
    batch = read_input(path)
    rejected = next((error for error in batch.errors if error.uscc == uscc), None)
    idxs = batch.tables.enterprises.filter(uscc=uscc)["idx"].to_list()
    return (records_from_tables(batch.tables, idxs[:1])[0] if idxs else None), rejected


def _params(args: argparse.Namespace) -> int:
    from gaoqi.policy.report import parameter_rows, parameter_table

    as_of, params = _params_for(args)
    rows = parameter_rows(params, as_of)
    if args.json:
        print(
            dumps(
                {
                    "as_of": as_of.isoformat(),
                    "region": args.region,
                    "version": params.version,
                    "parameters": rows,
                }
            )
        )
    else:
        print(parameter_table(rows, as_of, args.region, params.version))
    return 0


def parse_change(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with VALUE read as JSON (decimals exact) when it is JSON, else as text.

    >>> parse_change("hnte.staff_ratio_min=0.08")
    ('hnte.staff_ratio_min', Decimal('0.08'))
    >>> parse_change("hnte.score_pass=1/2")
    ('hnte.score_pass', '1/2')
    """
    name, separator, value = text.partition("=")
    if not separator or not name.strip():
        raise InputError(f"参数修改应写作 名称=取值：{text}")
    try:
        parsed = json.loads(value, parse_float=Decimal)
    except ValueError:
        parsed = value.strip()
    return name.strip(), parsed


def _simulate(args: argparse.Namespace) -> int:
    from gaoqi.policy import read_input
    from gaoqi.policy.report import simulation_report
    from gaoqi.policy.simulate import simulate

    batch = read_input(args.input)
    as_of, base = _params_for(args)
    changed = base.with_overrides(dict(parse_change(text) for text in args.changes))
    outcome = simulate(batch, as_of, base, changed)
    print(dumps(outcome) if args.json else simulation_report(outcome))
    return 0


def _sample_input(args: argparse.Namespace) -> int:
    from gaoqi.policy.inputs.workbook import write_sample_workbook

    path = write_sample_workbook(args.path)
    print(f"已生成导入模板：{path}")
    return 0

"""Readers on real files: JSON Lines, Excel, CSV (UTF-8, GB18030) and Parquet give the same tables."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gaoqi.policy.errors import InputError
from gaoqi.policy.inputs import read_input, tables_from_records, write_tables
from gaoqi.policy.inputs.fields import ENTERPRISE_SHEET, FIELDS_BY_COLUMN, YEAR_SHEET
from gaoqi.policy.inputs.layout import flatten
from gaoqi.policy.inputs.samples import sample_records, sample_uscc
from gaoqi.policy.inputs.workbook import write_sample_workbook, write_workbook
from gaoqi.policy.tables import InputBatch, InputTables


def _same_tables(batch: InputBatch, expected: InputBatch) -> None:
    assert batch.errors == expected.errors
    assert batch.size == expected.size
    assert_frame_equal(batch.tables.enterprises, expected.tables.enterprises)
    assert_frame_equal(batch.tables.years, expected.tables.years)


def _jsonl(path: Path, records: list[Any]) -> Path:
    lines = [
        json.dumps(r, ensure_ascii=False, default=float) if not isinstance(r, str) else r for r in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _frames(records: list[dict[str, Any]], chinese: bool) -> dict[str, pl.DataFrame]:
    frames = {}
    for sheet, rows in flatten(records).items():
        frame = pl.DataFrame(rows, infer_schema_length=None)
        if chinese:
            frame = frame.rename({c: FIELDS_BY_COLUMN[c].header for c in frame.columns})
        frames[sheet] = frame
    return frames


@pytest.fixture
def expected() -> InputBatch:
    return tables_from_records(sample_records())


def test_json_lines(tmp_path: Path, expected: InputBatch) -> None:
    _same_tables(read_input(_jsonl(tmp_path / "batch.jsonl", sample_records())), expected)


def test_json_array(tmp_path: Path, expected: InputBatch) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(sample_records(), ensure_ascii=False, default=float), encoding="utf-8")
    _same_tables(read_input(path), expected)


def test_sample_workbook(tmp_path: Path, expected: InputBatch) -> None:
    path = write_sample_workbook(tmp_path / "sample.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:2] == [ENTERPRISE_SHEET, YEAR_SHEET]
    assert workbook[YEAR_SHEET]["B1"].value == "年度"
    assert workbook[YEAR_SHEET]["C1"].value == "销售收入（万元）"
    _same_tables(read_input(path), expected)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_pair(tmp_path: Path, expected: InputBatch, encoding: str) -> None:
    for sheet, frame in _frames(sample_records(), chinese=True).items():
        (tmp_path / f"batch.{sheet}.csv").write_bytes(frame.write_csv().encode(encoding))
    _same_tables(read_input(tmp_path / f"batch.{ENTERPRISE_SHEET}.csv"), expected)
    _same_tables(read_input(tmp_path / "batch.csv"), expected)


def test_parquet_files_and_directory(tmp_path: Path, expected: InputBatch) -> None:
    frames = _frames(sample_records(), chinese=False)
    enterprises = frames[ENTERPRISE_SHEET].with_columns(
        pl.col("tech_sme_registered").str.split(",").cast(pl.List(pl.Int32)),
        pl.col("^(ip_self_developed|standards_drafted|major_incident_1y)$") == "是",
    )
    (tmp_path / "dir").mkdir()
    for prefix in ("batch.", "dir/"):
        enterprises.write_parquet(tmp_path / f"{prefix}enterprises.parquet")
        frames[YEAR_SHEET].write_parquet(tmp_path / f"{prefix}years.parquet")
    _same_tables(read_input(tmp_path / "batch.years.parquet"), expected)
    _same_tables(read_input(tmp_path / "dir"), expected)


def test_parquet_with_float_and_integer_amounts(tmp_path: Path, expected: InputBatch) -> None:
    frames = _frames(sample_records(), chinese=False)
    years = frames[YEAR_SHEET].with_columns(
        pl.col(pl.Decimal).cast(pl.Float64), pl.col("year").cast(pl.Int16)
    )
    frames[ENTERPRISE_SHEET].write_parquet(tmp_path / "b.enterprises.parquet")
    years.write_parquet(tmp_path / "b.years.parquet")
    _same_tables(read_input(tmp_path / "b.enterprises.parquet"), expected)


def _workbook(path: Path, enterprise_rows: list[list[Any]], year_rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = ENTERPRISE_SHEET
    for row in enterprise_rows:
        workbook[ENTERPRISE_SHEET].append(row)
    years = workbook.create_sheet(YEAR_SHEET)
    for row in year_rows:
        years.append(row)
    workbook.save(path)
    return path


USCC = sample_records()[0]["uscc"]
ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "成立日期", "国民经济行业代码"]


def test_excel_floats_are_read_exactly(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "floats.xlsx",
        [ENTERPRISE_HEADERS, [USCC, "甲", "2015-03-01", "C1713"]],
        [
            ["统一社会信用代码", "年度", "销售收入（万元）", "总收入", "职工总数（人）"],
            [USCC, 2023, 0.1 + 0.2, 1234.5678, 120.00005],
            [USCC, 2024.0, 0.3, "1,234.5679", 120.00015],
        ],
    )
    batch = read_input(path)
    assert batch.errors == []
    rows = batch.tables.years.select("year", "sales_revenue", "total_revenue", "employees").rows()
    assert rows == [(2023, 3000, 12_345_678, 1_200_000), (2024, 3000, 12_345_679, 1_200_002)]


def test_excel_bad_cells_reject_only_their_enterprise(tmp_path: Path) -> None:
    other = sample_records()[1]["uscc"]
    path = _workbook(
        tmp_path / "bad.xlsx",
        [
            [*ENTERPRISE_HEADERS, "参与标准制定"],
            [USCC, "甲", "2015-03-01", "C1713", "也许"],
            [other, "乙", "2020-09-01", "I6513"],
        ],
        [
            ["统一社会信用代码", "年度", "销售收入（万元）", "科技人员数（人）", "职工总数（人）"],
            [USCC, 2023, 100, 5, 50],
            [other, 2023, "一百", 5, 50],
            [other, 2024, 100, 60, 50],
            ["91330621MA2ZZZZZ9X", 2024, 100, 5, 50],
        ],
    )
    batch = read_input(path)
    messages = [(e.idx, e.field, e.rule, e.message) for e in batch.errors]
    assert messages == [
        (
            0,
            "standards_drafted",
            "type",
            f"企业 {USCC} 字段 standards_drafted：参与标准制定应为是或否（true 或 false），实际为 “也许”",
        ),
        (
            1,
            "fiscal_years[2023].sales_revenue",
            "type",
            f"企业 {other} 字段 fiscal_years[2023].sales_revenue：销售收入应为数值（万元），实际为 “一百”",
        ),
        (
            2,
            YEAR_SHEET,
            "unknown_enterprise",
            f"企业 91330621MA2ZZZZZ9X 字段 {YEAR_SHEET}：“{YEAR_SHEET}”中有该企业的数据，"
            f"但“{ENTERPRISE_SHEET}”中没有该企业",
        ),
    ]
    assert batch.size == 3
    assert batch.tables.enterprises.height == 0


def test_duplicate_uscc_in_the_enterprise_sheet_rejects_the_later_row(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "dup.xlsx",
        [ENTERPRISE_HEADERS, [USCC, "甲", "2015-03-01", "C1713"], [USCC, "甲二", "2015-03-01", "C1713"]],
        [["统一社会信用代码", "年度", "销售收入（万元）"], [USCC, 2023, 100]],
    )
    batch = read_input(path)
    assert [(e.idx, e.rule) for e in batch.errors] == [(1, "duplicate_uscc")]
    assert batch.tables.enterprises["name"].to_list() == ["甲"]
    assert batch.tables.years["idx"].to_list() == [0]


def test_a_line_that_is_not_json_is_a_rejected_record(tmp_path: Path) -> None:
    records: list[Any] = sample_records()
    records.insert(1, '{"uscc": "9133…", oops}')
    records.insert(3, '{"uscc": "x", "sales": NaN}')
    batch = read_input(_jsonl(tmp_path / "mixed.jsonl", records))
    assert [(e.idx, e.rule) for e in batch.errors] == [(1, "not_json"), (3, "not_json")]
    assert batch.errors[0].message.startswith("第 2 条记录：第 2 行不是合法的 JSON")
    assert batch.tables.enterprises["idx"].to_list() == [0, 2, 4, 5]
    assert batch.size == 6


def test_money_parsed_from_json_is_never_a_binary_float(tmp_path: Path) -> None:
    record = sample_records()[3]
    path = tmp_path / "one.jsonl"
    text = json.dumps(record, ensure_ascii=False, default=float).replace(
        '"sales_revenue": 310.4', '"sales_revenue": 0.30000000000000004'
    )
    path.write_text(text, encoding="utf-8")
    assert read_input(path).tables.years["sales_revenue"].to_list() == [3000]


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("missing.jsonl", None, "无法读取输入文件"),
        ("latin.jsonl", b"\xff\xfe{}", "编码无法识别"),
        ("batch.txt", b"", "无法识别输入文件类型"),
        ("broken.xlsx", b"not a zip", "无法读取 Excel 文件"),
        ("alone.csv", None, "找不到输入文件"),
        ("alone.parquet", None, "找不到输入文件"),
        ("array.json", b"[{", "不是合法的 JSON"),
    ],
)
def test_unreadable_input_raises_input_error(
    tmp_path: Path, name: str, content: bytes | None, phrase: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=phrase):
        read_input(path)


def test_workbook_without_the_year_sheet_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "one-sheet.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = ENTERPRISE_SHEET
    workbook.save(path)
    with pytest.raises(InputError, match=f"缺少工作表：{YEAR_SHEET}"):
        read_input(path)


def test_sheet_without_the_uscc_column_is_unreadable(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "nolink.xlsx", [["企业名称"], ["甲"]], [["年度"], [2023]])
    with pytest.raises(InputError, match="缺少必需的列：统一社会信用代码"):
        read_input(path)


def test_written_workbook_round_trips_any_valid_records(tmp_path: Path) -> None:
    records = sample_records()
    records[0]["fiscal_years"][0]["sales_revenue"] = Decimal("0.0001")
    records[1]["expert"] = {"advancement": 8, "transformation": 30}
    path = write_workbook(tmp_path / "any.xlsx", records)
    _same_tables(read_input(path), tables_from_records(records))


def test_title_rows_above_the_header_and_ascii_parentheses_are_accepted(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "titled.xlsx",
        [["柯桥区高企培育企业名单"], [], ENTERPRISE_HEADERS, [USCC, "甲", "2015-03-01", "C1713"]],
        [
            ["年度指标"],
            ["统一社会信用代码", "年度", "销售收入 (万元)", "职工总数(人)"],
            [USCC, 2023, 12.5, 30],
        ],
    )
    batch = read_input(path)
    assert batch.errors == []
    assert batch.tables.years.select("sales_revenue", "employees").row(0) == (125_000, 300_000)


def test_repeated_headers_make_the_sheet_unreadable(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "twice.xlsx",
        [[*ENTERPRISE_HEADERS, "企业名称"], [USCC, "甲", "2015-03-01", "C1713", "乙"]],
        [["统一社会信用代码", "年度"]],
    )
    with pytest.raises(InputError, match="表头重复：企业名称"):
        read_input(path)


def test_a_json_file_may_hold_one_pretty_printed_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(sample_records()[0], ensure_ascii=False, indent=2, default=float), encoding="utf-8"
    )
    _same_tables(read_input(path), tables_from_records(sample_records()[:1]))


def test_bad_cells_in_a_gb18030_csv_name_enterprise_field_and_rule(tmp_path: Path) -> None:
    records = sample_records()
    frames = _frames(records, chinese=True)
    enterprises = frames[ENTERPRISE_SHEET].with_columns(pl.all().cast(pl.String))
    cells = {  # enterprise row -> (Chinese header, bad cell)
        0: ("成立日期", "2012-13-01"),
        1: ("研发组织管理制度得分（分）", "7"),
        2: ("科技型中小企业入库年份", "2024,去年"),
        3: ("一类知识产权数（件）", "1.5"),
    }
    for row, (header, cell) in cells.items():
        enterprises[row, header] = cell
    years = frames[YEAR_SHEET].with_columns(pl.all().cast(pl.String))
    years[0, "年末资产总额（万元）"] = "100000000.5"
    for sheet, frame in ((ENTERPRISE_SHEET, enterprises), (YEAR_SHEET, years)):
        (tmp_path / f"bad.{sheet}.csv").write_bytes(frame.write_csv().encode("gb18030"))
    batch = read_input(tmp_path / "bad.csv")
    found = [(e.idx, e.field, e.rule) for e in batch.errors]
    assert found == [
        (0, "registered_on", "type"),
        (1, "rd_management.system", "points_range"),
        (2, "tech_sme_registered", "type"),
        (3, "ip.class1", "type"),
    ]
    assert batch.errors[0].message == (
        f"企业 {records[0]['uscc']} 字段 registered_on：成立日期应为日期（YYYY-MM-DD），实际为 “2012-13-01”"
    )
    assert batch.errors[1].message.endswith("研发组织管理制度得分应在 0–6 分之间，实际为 7")
    assert batch.tables.enterprises.height == 0


def test_an_amount_above_the_bound_in_a_table_is_rejected(tmp_path: Path) -> None:
    frames = _frames(sample_records(), chinese=False)
    years = frames[YEAR_SHEET].with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    years[0, "total_assets"] = 100000000.5
    frames[ENTERPRISE_SHEET].write_parquet(tmp_path / "b.enterprises.parquet")
    years.write_parquet(tmp_path / "b.years.parquet")
    batch = read_input(tmp_path / "b.years.parquet")
    assert [(e.idx, e.field, e.rule) for e in batch.errors] == [
        (0, f"fiscal_years[{years[0, 'year']}].total_assets", "too_large")
    ]
    assert "超过上限 1 亿万元" in batch.errors[0].message
    assert batch.tables.enterprises["idx"].to_list() == [1, 2, 3]


@pytest.mark.parametrize(
    ("amount", "units"),
    [
        (0.1 + 0.2, 3_000),
        (1.00005, 10_000),  # the float lies just above 1.00005; written as 1.00005, half-even goes down
        (1.00015, 10_002),
        (-2.00005, -20_000),
        (1234.5678, 12_345_678),
        (99_999_999.99995, 1_000_000_000_000),
        (100_000_000.0, 1_000_000_000_000),
    ],
)
def test_float_amounts_in_parquet_are_read_as_written(tmp_path: Path, amount: float, units: int) -> None:
    frames = _frames(sample_records()[:1], chinese=False)
    years = frames[YEAR_SHEET].with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    years = years.with_columns(pl.lit(amount, pl.Float64).alias("net_assets"))
    frames[ENTERPRISE_SHEET].write_parquet(tmp_path / "f.enterprises.parquet")
    years.write_parquet(tmp_path / "f.years.parquet")
    batch = read_input(tmp_path / "f.years.parquet")
    assert batch.errors == []
    assert set(batch.tables.years["net_assets"].to_list()) == {units}
    assert units == int((Decimal(repr(amount)) * 10_000).to_integral_value())  # the decimal as written


def test_many_float_amounts_match_their_decimal_text(tmp_path: Path) -> None:
    rng = random.Random(11)
    amounts = [round(rng.uniform(-1e8, 1e8), rng.randrange(7)) for _ in range(400)]
    amounts += [
        rng.randrange(-(10**12), 10**12) / 10**4 + 0.00005 for _ in range(200)
    ]  # half a yuan, as written
    usccs = [sample_uscc(f"91330621MA{n:07d}") for n in range(len(amounts))]
    enterprises = pl.DataFrame(
        {"uscc": usccs, "name": "甲", "registered_on": "2015-01-01", "industry_code": "C1713"}
    )
    years = pl.DataFrame(
        {"uscc": usccs, "year": 2024, "net_assets": amounts}, schema_overrides={"net_assets": pl.Float64}
    )
    enterprises.write_parquet(tmp_path / "r.enterprises.parquet")
    years.write_parquet(tmp_path / "r.years.parquet")
    batch = read_input(tmp_path / "r.enterprises.parquet")
    expected = [int((Decimal(repr(amount)) * 10_000).to_integral_value()) for amount in amounts]
    assert batch.tables.years["net_assets"].to_list() == expected


def test_normalised_tables_round_trip_through_parquet_and_are_still_checked(
    tmp_path: Path, expected: InputBatch
) -> None:
    directory = write_tables(expected.tables, tmp_path / "normalised")
    _same_tables(read_input(directory), expected)
    years = expected.tables.years.with_columns(
        pl.when(pl.col("idx") == 1)
        .then(pl.col("employees") // 10)
        .otherwise(pl.col("employees"))
        .alias("employees")
    )
    write_tables(InputTables(expected.tables.enterprises, years), directory)
    batch = read_input(directory)
    assert [(e.idx, e.rule) for e in batch.errors] == [(1, "scitech_staff_exceeds_employees")]
    assert batch.tables.enterprises["idx"].to_list() == [0, 2, 3]
    assert batch.size == 4


@pytest.mark.parametrize(
    "order", [[0, 1, 1, 3], [3, 1, 0, 1], [2, 0, 3, 1]], ids=["adjacent", "apart", "unique"]
)
def test_normalised_enterprise_numbers_must_be_unique_in_any_order(
    tmp_path: Path, expected: InputBatch, order: list[int]
) -> None:
    enterprises = expected.tables.enterprises.with_columns(pl.Series("idx", order, dtype=pl.UInt32))
    directory = write_tables(InputTables(enterprises, expected.tables.years.clear()), tmp_path)
    if len(set(order)) < len(order):
        with pytest.raises(InputError, match=r"企业序号（idx）重复"):
            read_input(directory)
    else:
        assert read_input(directory).tables.enterprises["idx"].to_list() == order

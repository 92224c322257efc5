"""Bad input, each with a real file: a clear Chinese message, and nothing already stored changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from gaoqi.enterprises.models import Enterprise, FiscalYear
from gaoqi.enterprises.tests.builders import uscc_for
from gaoqi.exchange.pipeline import ImportRefused, commit, preview
from gaoqi.exchange.reading import FileRejected
from gaoqi.exchange.tests import files
from gaoqi.exchange.tests.conftest import HEADER, indicator_row, snapshot

pytestmark = pytest.mark.django_db


def refused(batch, officer) -> str:
    """Commit ``batch`` expecting a refusal that changes nothing; return the refusal's message."""
    before = snapshot()
    with pytest.raises(ImportRefused) as refusal:
        commit(batch, officer)
    assert snapshot() == before
    return refusal.value.message


def test_missing_and_unknown_headers_name_the_missing_columns(tmp_path, firms, upload, officer):
    path = files.xlsx(tmp_path / "h.xlsx", [["信用代码", "年份错", "销售额度"], [uscc_for(1), 2024, 10]])
    batch = upload(path, "indicators")
    result = preview(batch, officer)
    assert "缺少必需的列：年度" in result["rejected"]
    assert "年度" in refused(batch, officer)


def test_merged_cells_are_refused_with_the_cells_named(tmp_path, firms, upload, officer):
    rows = [HEADER, indicator_row(1), indicator_row(2), indicator_row(3)]
    path = files.xlsx(tmp_path / "m.xlsx", rows, merged=[(2, 0, 3, 0, uscc_for(2))])
    batch = upload(path, "indicators")
    assert "合并单元格（A3:A4）" in preview(batch, officer)["rejected"]
    assert "A3:A4" in refused(batch, officer)


def test_a_merged_title_above_the_header_is_skipped(tmp_path, firms, upload, officer):
    path = files.xlsx(tmp_path / "t.xlsx", [HEADER, indicator_row(1)], title="2024年规上企业主要指标")
    batch = upload(path, "indicators")
    assert preview(batch, officer)["created"] == 1


def test_formulas_are_read_as_their_cached_values_and_said_so(tmp_path, firms, upload, officer):
    path = files.xlsx(tmp_path / "f.xlsx", [HEADER, indicator_row(1)], formulas={(1, 2): ("=D2*2", 6400)})
    batch = upload(path, "indicators")
    result = preview(batch, officer)
    assert any("公式单元格（C2）" in warning for warning in result["warnings"])
    commit(batch, officer)
    assert FiscalYear.objects.get(enterprise=firms[0], year=2024).sales_revenue == Decimal("6400")


def test_dates_as_text_and_as_excel_serials(tmp_path, db, upload, officer):
    header = ["统一社会信用代码", "企业名称", "成立日期", "镇街", "行业代码"]
    written = [dt.date(2012, 5, 18), "2012/5/18", "2012年5月18日", 41047, "41047", "20120518", "2012.05.18"]
    rows = [header] + [
        [uscc_for(100 + n), f"日期企业{n}", value, "330603001", "C1713"] for n, value in enumerate(written)
    ]
    batch = upload(files.xlsx(tmp_path / "d.xlsx", rows), "enterprise", department="market")
    assert preview(batch, officer)["created"] == len(written)
    commit(batch, officer)
    dates = set(
        Enterprise.objects.filter(name__startswith="日期企业").values_list("registered_on", flat=True)
    )
    assert dates == {dt.date(2012, 5, 18)}


def test_a_bad_date_names_row_column_and_value(tmp_path, db, upload, officer):
    rows = [
        ["统一社会信用代码", "企业名称", "成立日期", "镇街", "行业代码"],
        [uscc_for(100), "坏日期企业", "2012-13-45", "330603001", "C1713"],
    ]
    batch = upload(files.xlsx(tmp_path / "d.xlsx", rows), "enterprise", department="market")
    problem = preview(batch, officer)["problems"][0]
    assert (problem["row"], problem["column"], problem["value"]) == (2, "C列 成立日期", "2012-13-45")
    assert "日期" in problem["message"]
    refused(batch, officer)


def test_full_width_digits_and_spaces_are_normalised(tmp_path, firms, upload, officer):
    wide = "".join(chr(ord(char) + 0xFEE0) if char.isalnum() else char for char in uscc_for(1))
    row = [f"　{wide[:8]} {wide[8:]}　", "２０２４", "３，０００．５", " 3200 ", "2000", "１２０", "20"]
    batch = upload(files.xlsx(tmp_path / "w.xlsx", [HEADER, row]), "indicators")
    assert preview(batch, officer)["created"] == 1
    commit(batch, officer)
    year = FiscalYear.objects.get(enterprise=firms[0], year=2024)
    assert (year.sales_revenue, year.employees) == (Decimal("3000.5"), Decimal(120))


def test_yuan_in_a_wan_column_warns_and_the_yuan_unit_converts(tmp_path, firms, upload, officer):
    rows = [
        HEADER,
        *(
            indicator_row(n, sales_revenue=30_000_000, total_revenue=32_000_000, hitech_revenue=20_000_000)
            for n in (1, 2)
        ),
    ]
    path = files.xlsx(tmp_path / "y.xlsx", rows)
    warnings = preview(upload(path, "indicators", unit="万元"), officer)["warnings"]
    assert any("销售收入" in warning and "疑似以元填写" in warning for warning in warnings)
    as_yuan = upload(path, "indicators", unit="元")
    assert not preview(as_yuan, officer)["warnings"]
    commit(as_yuan, officer)
    assert FiscalYear.objects.get(enterprise=firms[0]).sales_revenue == Decimal(3000)


def test_a_header_naming_another_unit_warns(tmp_path, firms, upload, officer):
    header = ["统一社会信用代码", "年度", "销售收入（元）"]
    batch = upload(files.xlsx(tmp_path / "u.xlsx", [header, [uscc_for(1), 2024, 3000]]), "indicators")
    assert any("表头注明单位为元" in warning for warning in preview(batch, officer)["warnings"])


def test_a_wrong_check_digit_is_reported_and_in_the_error_report(tmp_path, firms, upload, officer):
    good = uscc_for(1)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    batch = upload(
        files.xlsx(tmp_path / "c.xlsx", [HEADER, indicator_row(2), [wrong, *indicator_row(1)[1:]]]),
        "indicators",
    )
    problem = preview(batch, officer)["problems"][0]
    assert (problem["row"], problem["value"], problem["rule"]) == (3, wrong, "check_digit")
    assert "校验位" in problem["message"]
    assert "1 处错误" in refused(batch, officer)
    sheet = openpyxl.load_workbook(Path(batch.report.path)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误说明"
    assert rows[2][0] == 3 and wrong in rows[2][-1] and "校验位" in rows[2][-1]
    assert rows[1][-1] in (None, "")


def test_the_same_enterprise_twice_in_one_file(tmp_path, firms, upload, officer):
    rows = [HEADER, indicator_row(1), indicator_row(2), indicator_row(1, sales_revenue=1)]
    batch = upload(files.xlsx(tmp_path / "dup.xlsx", rows), "indicators")
    problem = preview(batch, officer)["problems"][0]
    assert problem["row"] == 4 and problem["rule"] == "duplicate" and "第 2 行" in problem["message"]
    refused(batch, officer)


def test_an_empty_file_and_a_header_without_rows(tmp_path, firms, upload, officer):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    before = snapshot()
    with pytest.raises(FileRejected, match="文件是空的"):
        upload(empty, "indicators")
    assert snapshot() == before
    batch = upload(files.csv_file(tmp_path / "header.csv", [HEADER]), "indicators")
    assert "没有数据" in preview(batch, officer)["rejected"]
    refused(batch, officer)


def test_a_50_mb_file_is_refused_before_it_is_parsed(tmp_path, firms, upload):
    before = snapshot()
    with pytest.raises(FileRejected, match="超过上限"):
        upload(files.big_file(tmp_path / "big.csv", 50 * 2**20), "indicators")
    assert snapshot() == before


def test_a_zip_bomb_disguised_as_xlsx_is_refused_unread(tmp_path, firms, upload, officer):
    batch = upload(files.zip_bomb(tmp_path / "bomb.xlsx"), "indicators")
    assert "压缩炸弹" in preview(batch, officer)["rejected"]
    refused(batch, officer)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_gb18030_and_utf8(tmp_path, firms, upload, officer, encoding):
    path = files.csv_file(tmp_path / "g.csv", [HEADER, indicator_row(1), indicator_row(2)], encoding)
    batch = upload(path, "indicators")
    assert preview(batch, officer)["created"] == 2
    commit(batch, officer)
    assert FiscalYear.objects.filter(year=2024).count() == 2


def test_cross_field_rules_of_the_model_apply_to_the_row_as_saved(tmp_path, firms, upload, officer):
    FiscalYear.objects.create(enterprise=firms[0], year=2024, employees=10)
    header = ["统一社会信用代码", "年度", "科技人员数"]
    batch = upload(files.xlsx(tmp_path / "x.xlsx", [header, [uscc_for(1), 2024, 20]]), "indicators")
    problem = preview(batch, officer)["problems"][0]
    assert problem["rule"] == "cross_field" and problem["column"] == "C列 科技人员数"
    assert "科技人员数不能超过职工总数" in problem["message"]
    refused(batch, officer)


def test_unknown_enterprise_and_unknown_codes(tmp_path, firms, upload, officer):
    batch = upload(files.xlsx(tmp_path / "u.xlsx", [HEADER, indicator_row(999)]), "indicators")
    assert preview(batch, officer)["problems"][0]["rule"] == "unknown_enterprise"
    rows = [
        ["统一社会信用代码", "企业名称", "成立日期", "镇街", "行业代码"],
        [uscc_for(200), "代码企业", "2012-05-18", "火星镇", "C9999"],
    ]
    codes = upload(files.xlsx(tmp_path / "k.xlsx", rows), "enterprise", department="market")
    rules = {(p["column"], p["rule"]) for p in preview(codes, officer)["problems"]}
    assert rules == {("D列 镇街", "code"), ("E列 行业代码", "code")}
    refused(codes, officer)

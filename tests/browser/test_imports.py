"""The import flow in a real browser, as an officer meets it: upload a department's spreadsheet, map a
column the platform does not recognise, see the preview field by field, commit, and find each value's
source in the enterprise file; a file with a wrong USCC shows its problems and cannot be committed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from gaoqi.enterprises.models import FieldSource, FiscalYear
from gaoqi.enterprises.tests.builders import uscc_for
from gaoqi.exchange.models import ColumnMapping, ImportBatch
from gaoqi.exchange.tests import files

pytestmark = pytest.mark.browser
HEADER = ["社会信用代码", "所属年度", "主营收入合计（万元）", "备注"]


def _upload(page, live_server, path: Path) -> None:
    """Upload ``path`` as the statistics bureau's annual indicators in 万元."""
    page.goto(f"{live_server.url}/imports/")
    page.get_by_test_id("import-upload").click()
    page.select_option("select[name=kind]", "indicators")
    page.select_option("select[name=department]", "statistics")
    page.select_option("select[name=unit]", "万元")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))


def test_upload_map_preview_commit_and_find_the_source(
    logged_in, live_server, demo_district, screenshot, tmp_path
):
    candidate = demo_district["candidate"]
    last_year = timezone.localdate().year - 1
    rows = [HEADER, [candidate.uscc, last_year, 8500, "统计年报"], [uscc_for(702), last_year, 3000, ""]]
    _upload(logged_in, live_server, files.xlsx(tmp_path / "统计局年报.xlsx", rows))
    page = logged_in

    page.get_by_label("主营收入合计（万元）").select_option("sales_revenue")
    page.get_by_label("备注").select_option("")
    screenshot("import-mapping")
    page.get_by_test_id("import-check").click()
    counts = page.get_by_test_id("import-counts")
    counts.wait_for()
    changes = page.get_by_test_id("import-changes").inner_text()
    line = next(line for line in changes.splitlines() if candidate.uscc in line)
    assert "更新" in line and "销售收入" in line
    assert line.split("\t")[-2:] == ["8,000", "8,500"]
    assert FiscalYear.objects.get(enterprise=candidate, year=last_year).sales_revenue == Decimal("8000")
    screenshot("import-preview")

    page.get_by_test_id("import-commit").click()
    page.get_by_test_id("import-result").wait_for()
    screenshot("import-result")
    assert FiscalYear.objects.get(enterprise=candidate, year=last_year).sales_revenue == Decimal("8500")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.COMMITTED
    mapping = ColumnMapping.objects.get(department="statistics", kind="indicators").columns
    assert mapping["主营收入合计（万元）"] == "sales_revenue"
    source = FieldSource.objects.get(
        enterprise=candidate, year=last_year, field="sales_revenue", is_current=True
    )
    assert source.department == "statistics" and source.row == 2

    page.goto(f"{live_server.url}/enterprises/{candidate.uscc}/")
    page.get_by_role("tab", name="年度指标").click()
    sources = page.get_by_test_id("value-sources")
    sources.wait_for()
    assert "统计局年报.xlsx" in sources.inner_text() and "第 2 行" in sources.inner_text()
    assert "8,500" in sources.inner_text()
    screenshot("import-sources-in-file")


def test_a_wrong_uscc_is_shown_by_row_and_column_and_nothing_can_be_committed(
    logged_in, live_server, demo_district, screenshot, tmp_path
):
    candidate = demo_district["candidate"]
    wrong = uscc_for(702)[:-1] + ("0" if uscc_for(702)[-1] != "0" else "1")
    last_year = timezone.localdate().year - 1
    rows = [HEADER, [candidate.uscc, last_year, 9100, ""], [wrong, last_year, 3000, ""]]
    _upload(logged_in, live_server, files.xlsx(tmp_path / "有错误.xlsx", rows))
    page = logged_in

    page.get_by_label("主营收入合计（万元）").select_option("sales_revenue")
    page.get_by_test_id("import-check").click()
    problems = page.get_by_test_id("import-problems")
    problems.wait_for()
    text = problems.inner_text()
    assert wrong in text and "3" in text and "社会信用代码" in text
    assert page.get_by_test_id("import-report").is_visible()
    assert page.get_by_test_id("import-commit").count() == 0
    screenshot("import-errors")
    assert FiscalYear.objects.get(enterprise=candidate, year=last_year).sales_revenue == Decimal("8000")
    assert not FieldSource.objects.filter(department="statistics").exists()

"""The bureau officer's daily path in a real browser: log in, filter the list, open a file, read its
evaluation and charts, edit a figure and see the evaluation change."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser
SAVE = "[data-testid=edit-form] button[type=submit]"


def _charts_rendered(page) -> int:
    return page.locator("[data-chart] canvas").count()


def test_workbench_shows_figures_and_a_chart(logged_in, screenshot):
    page = logged_in
    assert page.get_by_test_id("user-name").inner_text() == "王科员"
    assert page.get_by_test_id("figure-enterprises").inner_text() == "4"
    page.wait_for_selector("[data-testid=chart-verdicts] canvas")
    screenshot("workbench")


def test_filter_the_list_then_open_a_file_and_edit_a_figure(
    logged_in, live_server, demo_district, screenshot
):
    page = logged_in
    candidate = demo_district["candidate"]
    page.click("text=企业档案")
    page.wait_for_selector("[data-testid=enterprise-table]")
    assert page.get_by_test_id("result-count").inner_text().strip() == "共 4 家企业"
    screenshot("enterprise-list")

    page.select_option("select[name=town]", candidate.town.code)
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共 2 家')"
    )
    assert "town=" + candidate.town.code in page.url
    page.fill("input[name=q]", "示范")
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共 1 家')"
    )
    assert "town=" + candidate.town.code in page.get_by_test_id("export").get_attribute("href")
    screenshot("enterprise-list-filtered")

    page.click(f"text={candidate.name}")
    page.wait_for_url(re.compile(f"/enterprises/{candidate.uscc}/$"))
    assert page.get_by_test_id("enterprise-name").inner_text() == candidate.name
    assert page.get_by_test_id("summary-verdict").inner_text() == "不符合"
    page.wait_for_selector("[data-testid=chart-revenue] canvas")
    assert _charts_rendered(page) == 3
    screenshot("enterprise-file")

    page.click("[data-testid=tab-evaluation]")
    rd_row = page.locator("[data-testid=condition-table] tr", has_text="研发费用占销售收入比例")
    assert "未达标" in rd_row.inner_text()
    page.locator("#plan-panel").scroll_into_view_if_needed()
    page.wait_for_selector("[data-testid=plan]")
    screenshot("enterprise-evaluation")

    last_year = timezone.localdate().year - 1
    page.click("text=年度指标")
    page.click(f"[data-testid=edit-year-{last_year}]")
    page.fill("input[name=rd_personnel]", "600")
    screenshot("fiscal-year-form")
    page.click(SAVE)
    page.wait_for_url(re.compile(f"/enterprises/{candidate.uscc}/$"))
    assert "重新测评完成" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("summary-verdict").inner_text() == "符合"
    page.click("[data-testid=tab-evaluation]")
    assert (
        "达标"
        in page.locator("[data-testid=condition-table] tr", has_text="研发费用占销售收入比例").inner_text()
    )
    screenshot("enterprise-file-after-edit")
    page.click("text=变更记录")
    assert "研发：人员人工费用（万元）" in page.get_by_test_id("history-table").inner_text()
    screenshot("enterprise-history")


def test_a_conflicting_edit_is_refused_with_a_clear_message(
    logged_in, live_server, demo_district, screenshot
):
    page = logged_in
    candidate = demo_district["candidate"]
    last_year = timezone.localdate().year - 1
    page.goto(f"{live_server.url}/enterprises/{candidate.uscc}/years/{last_year}/edit/")
    other = page.context.new_page()
    other.goto(page.url)
    other.fill("input[name=employees]", "210")
    other.click(SAVE)
    other.wait_for_url(re.compile(f"/enterprises/{candidate.uscc}/$"))
    page.fill("input[name=employees]", "220")
    page.click(SAVE)
    assert "您的修改未被保存" in page.get_by_test_id("form-errors").inner_text()
    screenshot("edit-conflict")

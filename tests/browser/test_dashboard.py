"""The leader's dashboard in a real browser: a click on a chart's bar, and on the accessible table's
row, each lands on the enterprise list filtered to the enterprises behind it."""

from __future__ import annotations

import re

import pytest

from gaoqi.enterprises.models import Evaluation

pytestmark = pytest.mark.browser
TOWN_A, TOWN_B = "330603001", "330603002"


def _bar_position(page, chart_id: str, series: int, index: int, value: float) -> dict[str, float]:
    """The page coordinates of a point inside one bar (ECharts converts data to pixels)."""
    point = page.evaluate(
        """([chartId, series, index, value]) => {
            const el = document.querySelector(`[data-chart="${chartId}"]`);
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: series}, [index, value]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y};
        }""",
        [chart_id, series, index, value],
    )
    return point


def test_a_click_on_a_towns_bar_opens_its_filtered_list(logged_in, live_server, demo_district, screenshot):
    candidate = demo_district["candidate"]
    latest = Evaluation.objects.get(enterprise=candidate, is_latest=True)
    latest.tier = "tech_sme"
    latest.save()  # a save, not update(): the list's tier filter reads the key its signal refreshes
    page = logged_in
    page.click("text=驾驶舱")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.wait_for_selector("[data-chart=chart-towns][data-drill-bound=true]")
    assert page.get_by_test_id("figure-enterprises").inner_text() == "4"
    screenshot("dashboard")

    chart = page.locator("[data-chart=chart-towns]")
    chart.scroll_into_view_if_needed()
    point = _bar_position(page, "chart-towns", 0, 0, 0.5)  # tech-SME (bottom of the stack), town A
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"/enterprises/\?"))
    assert f"town={TOWN_A}" in page.url and "tier=tech_sme" in page.url
    assert page.get_by_test_id("result-count").inner_text().strip() == "共 1 家企业"
    assert candidate.name in page.get_by_test_id("enterprise-table").inner_text()
    screenshot("dashboard-drilldown-list")


def test_the_table_row_is_the_accessible_way_to_the_same_list(logged_in, live_server, demo_district):
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_test_id("table-towns").get_by_role("link", name="柯岩街道").click()
    page.wait_for_url(re.compile(rf"/enterprises/\?town={TOWN_B}$"))
    assert page.get_by_test_id("result-count").inner_text().strip() == "共 2 家企业"


def test_policy_impact_from_the_dashboard(logged_in, live_server, demo_district, screenshot):
    from gaoqi.jobs.worker import run_pending

    page = logged_in
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_test_id("impact-link").click()
    page.select_option("select[name=parameter]", "hnte.rd_ratio_brackets#1.min_ratio")
    page.fill("input[name=value]", "3")  # the candidate's R&D ratio (about 3.1 %) now suffices
    page.click("[data-testid=impact-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/impact/\d+/$"))
    run_pending()
    page.reload()
    page.wait_for_selector("[data-testid=impact-flips]")
    screenshot("dashboard-impact")
    assert page.get_by_test_id("flipped-count").inner_text() == "1"
    assert demo_district["candidate"].name in page.get_by_test_id("impact-flips").inner_text()

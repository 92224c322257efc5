"""Browser test: the alert inbox (badge, filter, open the file), a town-target drill-down, and the
双清零 table's rows lined up."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import IPAsset
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.models import TownTarget
from gaoqi.monitoring.tests.builders import TOWN_A, firm, hnte
from gaoqi.reference.loading import load_all
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

pytestmark = pytest.mark.browser
PASSWORD = "Keqiao-Monitor-2026"


@pytest.fixture
def officer(transactional_db: None, live_server: LiveServer, page: Page) -> Page:
    """Two alerted firms, a target, and the page logged in as a bureau officer."""
    load_all(settings.GAOQI_REGION, town=Town, segment=Segment, industry=IndustryClass, tech_field=TechField)
    textile = firm(801, name="绍兴柯桥预警纺织有限公司")
    hnte(textile, date(2024, 12, 1))
    IPAsset.objects.create(
        enterprise=textile, kind="invention", title="一种涤纶长丝", expires_on=date(2026, 8, 1)
    )
    hnte(firm(802, name="绍兴柯桥新认定材料有限公司"), date(2025, 11, 20))
    raise_alerts(date(2026, 4, 30))
    TownTarget.objects.create(year=2025, town=Town.objects.get(code=TOWN_A), indicator="new_hnte", target=2)
    User.objects.create_user("officer", password=PASSWORD, role=Role.BUREAU_OFFICER, display_name="李科员")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_inbox_filter_and_open_the_file(officer: Page, live_server: LiveServer, screenshot) -> None:
    page = officer
    assert page.inner_text("[data-testid=nav-badge]") == "3"
    page.click("text=预警")
    page.select_option("select[name=kind]", "ip_expiry")
    page.wait_for_url("**kind=ip_expiry**")
    page.wait_for_function("document.querySelectorAll('[data-testid=alert]').length === 1")
    page.select_option("select[name=kind]", "")
    page.wait_for_function("document.querySelectorAll('[data-testid=alert]').length === 3")
    screenshot("monitoring-inbox")
    page.click("text=知识产权“一种涤纶长丝”即将到期")
    page.wait_for_url("**/enterprises/**")
    assert "绍兴柯桥预警纺织有限公司" in page.inner_text("h2.page-title")
    assert page.inner_text("[data-testid=nav-badge]") == "2"


def test_a_town_figure_drills_down_to_its_enterprises(
    officer: Page, live_server: LiveServer, screenshot
) -> None:
    page = officer
    page.goto(f"{live_server.url}/monitoring/targets/?year=2025")
    page.wait_for_selector(".chart[data-rendered=true]")
    screenshot("monitoring-targets")
    page.click(f"a[href='/monitoring/targets/2025/{TOWN_A}/new_hnte/']")
    page.wait_for_selector("[data-testid=drill-down]")
    text = page.inner_text("[data-testid=drill-down]")
    assert "绍兴柯桥新认定材料有限公司" in text and "绍兴柯桥预警纺织有限公司" not in text
    screenshot("monitoring-drill-down")


def test_the_second_row_of_a_town_lines_up_with_the_first(officer: Page, live_server: LiveServer) -> None:
    page = officer
    page.goto(f"{live_server.url}/monitoring/double-zero/")
    padding = "cell => getComputedStyle(cell).paddingInlineStart"
    table = page.locator("[data-testid=double-zero-towns] tbody")
    first_row_label = table.locator("tr:nth-child(1) td:nth-child(2)").evaluate(padding)
    second_row_label = table.locator("tr:nth-child(2) td:nth-child(1)").evaluate(padding)
    assert second_row_label == first_row_label

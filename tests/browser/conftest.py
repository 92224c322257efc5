"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Chromium must be installed (``make browser``); a missing browser fails the tests, it never skips them.
Screenshots of the main pages are saved under ``var/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Achievement, Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.reference.loading import load_all
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are still safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = settings.VAR_DIR / "screenshots"
PASSWORD = "Keqiao-Browser-2026"
TOWN_A, TOWN_B = "330603001", "330603002"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session; fails loudly when it is not installed."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `make browser` (Debian package chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (own cookies) in a desktop-sized window, Chinese locale."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot(page: object):
    """Save a full-page screenshot named ``name`` under var/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _years(firm: Enterprise, rd_personnel: Decimal) -> None:
    """Three growing fiscal years before this one: 8,000 万元 sales in the last, R&D ratio set by
    ``rd_personnel`` (plus 100 万元 direct costs) against the 4 % bracket."""
    this_year = timezone.localdate().year
    for offset, growth in ((3, Decimal("0.50")), (2, Decimal("0.70")), (1, Decimal(1))):
        FiscalYear.objects.create(
            enterprise=firm,
            year=this_year - offset,
            sales_revenue=Decimal("8000") * growth,
            total_revenue=Decimal("8200") * growth,
            hitech_revenue=Decimal("6000") * growth,
            rd_personnel=rd_personnel * growth,
            rd_direct=Decimal("100") * growth,
            net_assets=Decimal("3000") * growth,
            total_assets=Decimal("9000") * growth,
            employees=Decimal("200"),
            scitech_staff=Decimal("30"),
        )


def _strong_candidate() -> Enterprise:
    """A firm that meets every HNTE condition except the R&D ratio, with a high innovation score."""
    firm = make_enterprise(
        701,
        town_code=TOWN_A,
        name="绍兴柯桥示范新材料科技有限公司",
        registered_on=date(2012, 5, 8),
        tech_field=TechField.objects.get(code="4.3"),
        contact_phone="13900001111",
        rd_management={"system": 6, "institution": 6, "incentives": 4, "talent": 4},
        expert_points={
            "advancement": 8,
            "core_support": 8,
            "acquisition": 6,
            "standards": 2,
            "transformation": 30,
        },
    )
    _years(firm, Decimal("150"))
    for number in range(6):
        IPAsset.objects.create(enterprise=firm, kind="invention", title=f"一种高性能纤维的制备方法{number}")
    this_year = timezone.localdate().year
    for number in range(15):
        Achievement.objects.create(enterprise=firm, title=f"成果{number}", year=this_year - 1 - number % 3)
    return firm


@pytest.fixture
def demo_district(transactional_db: None) -> dict[str, object]:
    """A strong candidate and three ordinary firms in two towns, evaluated, and a bureau officer.

    A transactional test empties the database when it ends, so the reference tables are loaded again.
    """
    load_all(settings.GAOQI_REGION, town=Town, segment=Segment, industry=IndustryClass, tech_field=TechField)
    candidate = _strong_candidate()
    for serial, town in ((702, TOWN_A), (703, TOWN_B), (704, TOWN_B)):
        _years(make_enterprise(serial, town_code=town), Decimal("20"))
    evaluate_enterprises(Enterprise.objects.all())
    officer = User.objects.create_user(
        "officer", password=PASSWORD, role=Role.BUREAU_OFFICER, display_name="王科员"
    )
    return {"candidate": candidate, "officer": officer}


@pytest.fixture
def logged_in(page: object, live_server: object, demo_district: dict[str, object], screenshot) -> object:
    """The page after logging in as the bureau officer through the login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot("login")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page

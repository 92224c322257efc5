"""Each role in a real browser: it lands on a Chinese workbench that fits it (never an error page), and
the enterprise file's attachments are uploaded, listed, downloaded and recorded in its history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gaoqi.accounts.models import Department, Role, User
from gaoqi.core.views import ROLE_GUIDES
from tests.browser.conftest import PASSWORD, TOWN_A

pytestmark = pytest.mark.browser


def _scope(role: str, demo_district: dict[str, object]) -> dict[str, object]:
    return {
        Role.TOWN_OFFICER: {"town_code": TOWN_A},
        Role.DEPARTMENT_OFFICER: {"department": Department.TAX},
        Role.ENTERPRISE_USER: {"enterprise": demo_district["candidate"]},
    }.get(role, {})


def _log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_every_role_lands_on_a_workbench_that_fits_it(page, live_server, demo_district, screenshot):
    candidate = demo_district["candidate"]
    for role in Role.values:
        username = f"browser_{role}"
        User.objects.create_user(username, password=PASSWORD, role=role, **_scope(role, demo_district))
        _log_in(page, live_server, username)
        body = page.locator("body").inner_text()
        assert "403" not in body and "Forbidden" not in body, role
        assert page.get_by_test_id("user-name").inner_text() == username
        if role in ROLE_GUIDES:
            assert f"{Role(role).label}工作台" in page.get_by_test_id("role-guide").inner_text()
            assert page.locator("nav a", has_text="企业档案").count() == 0
        elif role == Role.ENTERPRISE_USER:
            assert candidate.name in page.get_by_test_id("own-enterprise").inner_text()
            assert page.get_by_test_id("own-figures").is_visible()
        else:
            page.wait_for_selector("[data-testid=chart-verdicts] canvas")
        screenshot(f"workbench-{role}")


def test_attachments_are_uploaded_downloaded_and_recorded(
    logged_in, live_server, demo_district, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = logged_in
    candidate = demo_district["candidate"]
    report = tmp_path / "audit.pdf"
    report.write_bytes(b"%PDF-1.4 2025 audit report\n")
    page.goto(f"{live_server.url}/enterprises/{candidate.uscc}/")
    page.click("[data-testid=tab-attachments]")
    form = page.get_by_test_id("attachment-form")
    form.locator("input[name=title]").fill("2025年度审计报告")
    form.locator("input[name=file]").set_input_files(str(report))
    form.locator("button[type=submit]").click()
    link = page.get_by_test_id("attachment-link")
    link.wait_for()
    assert link.inner_text() == "2025年度审计报告"
    screenshot("enterprise-attachments")
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path())
    assert saved.read_bytes() == report.read_bytes()
    assert re.fullmatch(r"2025年度审计报告\.pdf", download.value.suggested_filename)
    page.reload()
    page.click("text=变更记录")
    history = page.get_by_test_id("history-table").inner_text()
    assert "附件：2025年度审计报告" in history
    assert "附件下载：2025年度审计报告" in history
    assert len(list((tmp_path / "media" / "attachments").rglob("*.pdf"))) == 1

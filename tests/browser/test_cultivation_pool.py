"""The officer's cultivation path in a real browser: run the district screening, select the closest
candidate, add it to the pool, open its plan and mark an action done."""

from __future__ import annotations

import re

import pytest

from gaoqi.cultivation.models import PlanAction, PoolEntry
from gaoqi.jobs.worker import run_pending

pytestmark = pytest.mark.browser


def test_screen_select_add_to_the_pool_open_the_plan_and_mark_an_action_done(
    logged_in, live_server, demo_district, screenshot
):
    page = logged_in
    candidate = demo_district["candidate"]
    page.get_by_role("link", name="高企培育", exact=True).click()
    page.click("[data-testid=cultivation-subnav] >> text=培育筛选")
    page.wait_for_selector("[data-testid=no-run]")
    page.click("[data-testid=run-screening]")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    run_pending()  # the worker runs the queued screening job
    page.goto(f"{live_server.url}/cultivation/screening/")
    rows = page.locator("[data-testid=screening-row]")
    assert rows.count() == 4
    assert candidate.name in rows.first.inner_text()  # the closest to certification comes first
    screenshot("cultivation-screening")

    page.check(f"input[name=enterprises][value='{candidate.pk}']")
    page.fill("input[name=reason]", "研发费用占比接近门槛，其余条件均已满足")
    page.click("[data-testid=add-to-pool]")
    page.wait_for_selector("[data-testid=pool-added]")
    page.wait_for_function(
        "document.querySelector('[data-testid=screening-row]').innerText.includes('已入库')"
    )
    entry = PoolEntry.objects.get(enterprise=candidate)
    screenshot("cultivation-added")

    page.click("[data-testid=added-entry]")
    page.wait_for_url(re.compile(f"/cultivation/pool/{entry.pk}/$"))
    assert page.get_by_test_id("entry-name").inner_text() == candidate.name
    action = entry.actions.get(kind="rd_extra")
    row = f"#action-{action.pk}"
    assert "研究开发费用" in page.locator(row).inner_text()
    page.locator(f"{row} [data-testid=action-status]").select_option("done")
    page.locator(f"{row} .text-success").wait_for()  # the row comes back with its completion date
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE
    screenshot("cultivation-plan")

    page.goto(f"{live_server.url}/cultivation/tiers/")
    page.wait_for_selector("[data-testid=chart-tiers] canvas")
    screenshot("cultivation-tiers")

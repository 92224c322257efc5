"""The cultivation pages through the test client: scopes, filters, HTMX, export, forms."""

from __future__ import annotations

import io

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit import AuditAction, AuditEntry
from gaoqi.cultivation import pool
from gaoqi.cultivation.models import DoublingTarget, PoolEntry
from gaoqi.cultivation.screening import run_screening
from gaoqi.cultivation.tests.district import AS_OF, TOWN_A, TOWN_B, make_firm, make_user, officer, set_rd
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise
from gaoqi.jobs.exports import get_source
from gaoqi.jobs.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_auto_evaluation")]


@pytest.fixture
def no_auto_evaluation():
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        yield


@pytest.fixture
def district():
    firms = {
        "near": make_firm(1, "150", strong=True, town=TOWN_A),
        "far": make_firm(2, "20", town=TOWN_A),
        "other": make_firm(3, "150", strong=True, town=TOWN_B),
    }
    run = run_screening(Enterprise.objects.all(), AS_OF)
    return {**firms, "run": run}


def test_the_screening_page_ranks_filters_and_exports_with_an_audit_record(client, district):
    client.force_login(officer())
    page = client.get(reverse("cultivation:screening")).content.decode()
    assert page.index(district["near"].name) < page.index(district["far"].name)
    assert "共 3 家企业" in page
    fragment = client.get(reverse("cultivation:screening"), {"town": TOWN_B}, headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text and district["other"].name in text and district["near"].name not in text
    export = client.get(reverse("cultivation:screening_export"), {"town": TOWN_A})
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [district["near"].name, district["far"].name]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["rows"] == 2 and entry.after["filters"] == {"镇街": "柯桥街道"}


def test_the_background_export_source_builds_the_same_rows(district):
    spec = get_source("screening").build(officer(), QueryDict(f"town={TOWN_A}"))
    rows = list(spec.rows)
    assert spec.total == 2 and spec.filters == {"镇街": "柯桥街道"}
    assert [row[1] for row in rows] == [district["near"].name, district["far"].name]
    assert [column.header for column in spec.columns][:2] == ["距认定排序", "企业名称"]


def test_a_town_officer_sees_and_selects_only_its_town(client, district):
    town = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A)
    client.force_login(town)
    page = client.get(reverse("cultivation:screening")).content.decode()
    assert district["other"].name not in page and "共 2 家企业" in page
    response = client.post(
        reverse("cultivation:pool_add"),
        {"enterprises": [district["near"].pk, district["other"].pk], "year": 2026, "reason": "推荐"},
    )
    assert "不在您的管理范围内" in response.content.decode()
    assert not PoolEntry.objects.exists()
    response = client.post(
        reverse("cultivation:pool_add"),
        {"enterprises": [district["near"].pk], "year": 2026, "reason": "推荐", "run": district["run"].pk},
    )
    assert response["HX-Trigger"] == "poolChanged"
    refreshed = client.get(reverse("cultivation:screening"), headers={"HX-Request": "true"}).content.decode()
    assert refreshed.count("已入库") == 1
    entry = PoolEntry.objects.get()
    assert entry.enterprise == district["near"] and entry.screening_result.run == district["run"]
    assert client.get(reverse("cultivation:result", args=[entry.screening_result.pk])).status_code == 200


def test_enterprise_users_do_not_screen_and_only_bureau_officers_start_a_run(client, district):
    client.force_login(make_user("firm", Role.ENTERPRISE_USER, enterprise=district["near"]))
    assert client.get(reverse("cultivation:screening")).status_code == 403
    client.force_login(make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A))
    assert client.post(reverse("cultivation:screening_run")).status_code == 403
    client.force_login(officer())
    response = client.post(reverse("cultivation:screening_run"))
    job = Job.objects.get(kind="screen_district")
    assert response.url == reverse("jobs:detail", args=[job.pk])


def test_the_page_counts_files_re_evaluated_since_the_run(client, district):
    client.force_login(officer())
    assert 'data-testid="updated-since"' not in client.get(reverse("cultivation:screening")).content.decode()
    evaluate_enterprises(Enterprise.objects.filter(pk=district["near"].pk))  # what a save of the file does
    page = client.get(reverse("cultivation:screening")).content.decode()
    assert "本次筛选后有 1 家企业的档案更新" in page


def test_changes_page_lists_the_flip_and_its_reason(client, district):
    set_rd(district["near"], "600")
    second = run_screening(Enterprise.objects.all(), AS_OF)
    client.force_login(officer())
    page = client.get(reverse("cultivation:run_changes", args=[second.pk])).content.decode()
    assert district["near"].name in page and "rd.personnel" in page and district["far"].name not in page


def test_entry_forms_validate_and_save(client, district):
    user = officer()
    client.force_login(user)
    (entry,) = pool.add_to_pool(user, [district["near"].pk], 2026, "推荐", entered_on=AS_OF).entries
    url = reverse("cultivation:visit_new", args=[entry.pk])
    refused = client.post(url, {"visited_on": "2999-01-01", "people": "王科员", "notes": "走访"})
    assert "走访日期不能晚于今天" in refused.content.decode()
    client.post(url, {"visited_on": "2026-03-02", "people": "王科员", "notes": "核对研发辅助账"})
    assert entry.visits.get().notes == "核对研发辅助账"
    client.post(
        reverse("cultivation:action_new", args=[entry.pk]),
        {"description": "申报省级研发中心", "responsible": "企业技术负责人", "status": "open"},
    )
    assert entry.actions.filter(source="officer", description="申报省级研发中心").exists()
    town = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A, display_name="李镇员")
    make_user("elsewhere", Role.TOWN_OFFICER, town_code=TOWN_B)
    edit_url = reverse("cultivation:entry_edit", args=[entry.pk])
    assert "李镇员" in client.get(edit_url).content.decode()  # officers of the firm's town are offered
    refused = client.post(
        edit_url, {"owner": User.objects.get(username="elsewhere").pk, "target_tier": "hnte"}
    )
    assert refused.status_code == 200
    client.post(
        edit_url,
        {
            "owner": town.pk,
            "target_tier": "hnte",
            "entry_reason": "镇街跟进",
            "expected_version": entry.version,
        },
    )
    entry.refresh_from_db()
    assert entry.owner == town and entry.entry_reason == "镇街跟进"
    exit_url = reverse("cultivation:entry_exit", args=[entry.pk])
    assert "出库类型" in client.post(exit_url, {"exited_on": "2026-09-01"}).content.decode()
    client.post(
        exit_url,
        {
            "exited_on": "2026-09-01",
            "exit_kind": "withdrawn",
            "exit_reason": "企业暂缓",
            "expected_version": entry.version,
        },
    )
    entry.refresh_from_db()
    assert entry.exit_kind == "withdrawn"
    listing = client.get(reverse("cultivation:pool"), {"year": 2026}).content.decode()
    assert district["near"].name in listing and "已出库" in listing


def test_the_tiers_page_shows_targets_and_drills_into_transitions(client, district):
    DoublingTarget.objects.create(
        name="科技企业双倍增", baseline_year=2022, target_year=2027,
        hnte_baseline=1, hnte_target=2, tech_sme_baseline=1, tech_sme_target=2,
    )  # fmt: skip
    client.force_login(officer())
    page = client.get(reverse("cultivation:tiers")).content.decode()
    assert "科技企业双倍增" in page and 'data-chart="chart-tiers"' in page
    drill = client.get(reverse("cultivation:tiers"), {"year": 2026, "kind": "tech_to_hnte"})
    assert drill.status_code == 200 and 'data-testid="drill"' in drill.content.decode()


def test_the_api_lists_scoped_results_and_pool_entries_with_their_plans(client, district):
    town = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A)
    pool.add_to_pool(town, [district["near"].pk], 2026, "推荐")
    client.force_login(town)
    results = client.get("/api/screening-results/", {"verdict": "fail"}).json()
    assert [row["uscc"] for row in results["results"]] == [district["near"].uscc, district["far"].uscc]
    (entry,) = client.get("/api/pool-entries/", {"year": 2026}).json()["results"]
    assert entry["uscc"] == district["near"].uscc and entry["actions"][0]["source"] == "engine"

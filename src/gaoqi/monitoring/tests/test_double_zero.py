"""双清零 lists against hand-made cases at the thresholds, baselines, progress, scopes, export, actions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit_models import AuditEntry
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise, Evaluation, RDInstitution
from gaoqi.monitoring.double_zero import LISTS, cleared_ids, double_zero_lists, record_baseline, town_progress
from gaoqi.monitoring.models import DoubleZeroAction, DoubleZeroList
from gaoqi.monitoring.tests.builders import TOWN_A, TOWN_B, firm, year
from gaoqi.reference.models import Town

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 1)


def manufacturer(
    serial: int, sales: str, rd: str = "0", town: str = TOWN_A, industry: str = "C1713"
) -> Enterprise:
    """A firm with last year's (2025) sales and R&D in 万元."""
    company = firm(serial, town, industry_code=industry)
    year(company, 2025, sales_revenue=sales, total_revenue=sales, rd_total=rd, rd_domestic=rd)
    return company


@pytest.fixture
def district() -> dict[str, Enterprise]:
    firms = {
        "activity_at": manufacturer(101, "10000"),  # exactly 1亿元, no R&D: on the list
        "activity_below": manufacturer(102, "9999.9999"),  # 1 yuan below: not
        "institution_at": manufacturer(103, "50000", rd="300"),  # exactly 5亿元, R&D, no institution
        "institution_below": manufacturer(104, "49999.9999", rd="300"),
        "both_b": manufacturer(105, "60000", town=TOWN_B),  # no R&D, no institution: both lists
        "services": manufacturer(106, "60000", industry="I6510"),  # not a manufacturer
        "institution_has": manufacturer(107, "50000", rd="300"),
    }
    RDInstitution.objects.create(enterprise=firms["institution_has"], name="企业研究院", level="municipal")
    evaluate_enterprises(Enterprise.objects.all(), AS_OF)
    return firms


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_the_lists_at_exactly_the_thresholds_and_one_yuan_below(district: dict[str, Enterprise]) -> None:
    lists = double_zero_lists()
    assert ids(lists.no_rd_activity) == {district["activity_at"].pk, district["both_b"].pk}
    assert ids(lists.no_rd_institution) == {district["institution_at"].pk, district["both_b"].pk}
    assert ids(double_zero_lists(town=TOWN_B).no_rd_activity) == {district["both_b"].pk}


def test_lists_as_of_a_past_date_use_the_evaluations_made_by_then(district: dict[str, Enterprise]) -> None:
    Evaluation.objects.update(evaluated_at=datetime(2026, 1, 10, tzinfo=UTC))
    RDInstitution.objects.create(enterprise=district["institution_at"], name="技术中心", level="enterprise")
    evaluate_enterprises(Enterprise.objects.filter(pk=district["institution_at"].pk), AS_OF)
    assert district["institution_at"].pk in ids(double_zero_lists(as_of=date(2026, 2, 1)).no_rd_institution)
    assert district["institution_at"].pk not in ids(double_zero_lists().no_rd_institution)
    assert ids(double_zero_lists(as_of=date(2025, 12, 31)).no_rd_activity) == set()


def test_baseline_progress_and_cleared(district: dict[str, Enterprise]) -> None:
    record_baseline(2026)
    RDInstitution.objects.create(enterprise=district["institution_at"], name="技术中心", level="enterprise")
    evaluate_enterprises(Enterprise.objects.filter(pk=district["institution_at"].pk), AS_OF)
    town_a = next(row for row in town_progress(2026) if row.town.code == TOWN_A)
    assert town_a.baseline_count("no_rd_institution") == 1
    assert town_a.count("no_rd_institution") == 0
    assert town_a.progress("no_rd_institution") == 1.0
    assert town_a.progress("no_rd_activity") == 0.0
    assert cleared_ids(2026, TOWN_A) == {district["institution_at"].pk}
    assert cleared_ids(2026, TOWN_B) == set()
    assert cleared_ids(2025, TOWN_A) is None
    client = Client()
    client.force_login(User.objects.create_user("leader", role=Role.LEADER))
    page = client.get("/monitoring/double-zero/list/no_rd_institution/cleared/?year=2026").text
    assert district["institution_at"].name in page and district["both_b"].name not in page
    assert "尚未记录基线" in client.get("/monitoring/double-zero/list/no_rd_activity/cleared/?year=2025").text


def test_a_town_officer_sees_only_the_own_town(district: dict[str, Enterprise]) -> None:
    officer = User.objects.create_user("town_b", role=Role.TOWN_OFFICER, town_code=TOWN_B)
    assert ids(double_zero_lists(user=officer).no_rd_activity) == {district["both_b"].pk}
    assert [row.town.code for row in town_progress(2026, user=officer)] == [TOWN_B]
    client = Client()
    client.force_login(officer)
    page = client.get("/monitoring/double-zero/list/no_rd_activity/")
    assert district["both_b"].name in page.text and district["activity_at"].name not in page.text
    assert (
        client.get(f"/monitoring/double-zero/enterprise/{district['activity_at'].pk}/actions/").status_code
        == 404
    )


def test_export_is_the_scoped_list_and_audited(district: dict[str, Enterprise]) -> None:
    client = Client()
    client.force_login(User.objects.create_user("officer", role=Role.BUREAU_OFFICER))
    response = client.get("/monitoring/double-zero/list/no_rd_institution/export/")
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {district["institution_at"].name, district["both_b"].name}
    assert AuditEntry.objects.filter(action="export", after__rows=2).exists()


def test_officers_record_follow_up_actions_and_the_baseline(district: dict[str, Enterprise]) -> None:
    officer = User.objects.create_user("town_a", role=Role.TOWN_OFFICER, town_code=TOWN_A)
    client = Client()
    client.force_login(officer)
    target = district["activity_at"]
    response = client.post(
        f"/monitoring/double-zero/enterprise/{target.pk}/actions/",
        {
            "target_list": "no_rd_activity",
            "description": "指导建立研发费用辅助账",
            "owner": officer.pk,
            "deadline": "2026-09-30",
            "status": "open",
            "notes": "",
        },
    )
    assert response.status_code == 200 and "指导建立研发费用辅助账" in response.text
    action = DoubleZeroAction.objects.get()
    assert (action.enterprise, action.owner, action.deadline) == (target, officer, date(2026, 9, 30))
    audit = AuditEntry.objects.get(model_label="monitoring.DoubleZeroAction")
    assert (audit.user, audit.enterprise_id, audit.action) == (officer, target.pk, "create")
    edit = f"/monitoring/double-zero/actions/{action.pk}/"
    fields = {"target_list": "no_rd_activity", "description": "辅助账已建立", "status": "done", "notes": ""}
    stale = client.post(edit, {**fields, "version": action.version - 1})
    assert "已被他人修改" in stale.text and DoubleZeroAction.objects.get().status == "open"
    assert client.post(edit, {**fields, "version": action.version}).status_code == 302
    assert DoubleZeroAction.objects.get().status == "done"
    assert client.post("/monitoring/double-zero/baseline/", {"year": 2026}).status_code == 403
    bureau = Client()
    bureau.force_login(User.objects.create_user("bureau", role=Role.BUREAU_OFFICER))
    assert bureau.post("/monitoring/double-zero/baseline/", {"year": 2026}).status_code == 302
    overview = bureau.get("/monitoring/double-zero/?year=2026")
    assert overview.status_code == 200 and "dz-chart" in overview.text
    assert f"/monitoring/double-zero/list/no_rd_activity/?town={TOWN_A}" in overview.text  # bar click-through


def test_the_overview_table_exports_through_the_registry_within_the_town(
    district: dict[str, Enterprise],
) -> None:
    record_baseline(2026)
    cleared = district["institution_at"]
    RDInstitution.objects.create(enterprise=cleared, name="企业研发中心", level="municipal")
    evaluate_enterprises(Enterprise.objects.filter(pk=cleared.pk), AS_OF)
    officer = User.objects.create_user("town_a", role=Role.TOWN_OFFICER, town_code=TOWN_A)
    client = Client()
    client.force_login(officer)
    link = reverse("jobs:export_now", args=["double_zero"])
    assert link in client.get("/monitoring/double-zero/", {"year": 2026}).text

    sheet = load_workbook(__import__("io").BytesIO(client.get(link, {"year": 2026}).content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header == ("镇街", "清零类型", "基线", "当前", "已清零", "清零进度")
    town = Town.objects.get(code=TOWN_A).name
    activity, institution = (str(DoubleZeroList(which).label) for which in LISTS)
    assert rows == [(town, activity, 1, 1, 0, 0), (town, institution, 1, 0, 1, 1)]
    audit = AuditEntry.objects.get(action="export", model_label="双清零进展")
    assert (audit.user, audit.after["rows"]) == (officer, 2)

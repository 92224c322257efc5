"""The dashboard page, its scope, its drill-down links and its Excel downloads."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.dashboard.snapshots import refresh_all
from gaoqi.dashboard.tests.district import AS_OF, TOWN_A, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    built = build()
    refresh_all(AS_OF)
    return built


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_town_officer_sees_only_their_town(district) -> None:
    response = _client(district.town_officer).get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert response.context["data"]["town_code"] == TOWN_A
    assert [town["code"] for town in response.context["data"]["towns"]] == [TOWN_A]
    content = response.content.decode()
    assert "柯桥甲一新材料有限公司" in content  # its expiring certificate
    assert "柯岩乙二光电有限公司" not in content


def test_the_bureau_sees_the_district(district) -> None:
    response = _client(district.officer).get(reverse("dashboard:index"))
    assert response.context["overall"]["enterprises"] == 4
    assert response.context["scope_title"] == "全区"


def test_an_enterprise_user_has_no_dashboard(district) -> None:
    from gaoqi.accounts.models import Role, User

    user = User.objects.create_user("firm", password="x-Long-Password-1", role=Role.ENTERPRISE_USER)
    user.enterprise = district.a1
    user.save()
    assert _client(user).get(reverse("dashboard:index")).status_code == 403


@pytest.mark.parametrize(
    ("chart_id", "filter_name"), [("chart-towns", "town"), ("chart-segments", "segment")]
)
def test_every_bar_opens_a_list_of_exactly_the_enterprises_it_counts(district, chart_id, filter_name) -> None:
    client = _client(district.officer)
    option = client.get(reverse("dashboard:index")).context["charts"][chart_id]
    checked = 0
    for series in option["series"]:
        for item in series["data"]:
            url = urlsplit(item["url"])
            assert url.path == reverse("enterprises:list")
            listed = client.get(item["url"]).context["page"].paginator.count
            assert listed == item["value"], (item["url"], listed, item["value"])
            checked += item["value"]
    assert checked == (3 if filter_name == "town" else 1)  # enterprises with a tier other than none


def test_the_pyramid_opens_each_tier(district) -> None:
    client = _client(district.officer)
    option = client.get(reverse("dashboard:index")).context["charts"]["chart-pyramid"]
    for item in option["series"][0]["data"]:
        assert client.get(item["url"]).context["page"].paginator.count == item["value"]


def test_excel_of_the_town_table_reads_back_and_is_audited(district) -> None:
    response = _client(district.officer).get(reverse("dashboard:export", args=["towns"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("镇街", "企业数", "科技型中小企业")
    by_town = {row[0]: row for row in rows[1:]}
    assert set(by_town) == {"柯桥街道", "柯岩街道"}
    town_a = by_town["柯桥街道"]
    assert town_a[1] == 2 and town_a[6] == 1  # enterprises, valid HNTEs
    assert town_a[8] == pytest.approx(140) and town_a[10] == pytest.approx(0.035)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["rows"] == 2 and "镇街汇总" in entry.model_label


def test_excel_of_a_town_officer_holds_only_their_town(district) -> None:
    response = _client(district.town_officer).get(reverse("dashboard:export", args=["expiring"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["柯桥甲一新材料有限公司"]


def test_an_unknown_table_is_404(district) -> None:
    assert _client(district.officer).get("/dashboard/export/nothing.xlsx").status_code == 404


def test_a_double_zero_bar_opens_that_towns_list(district) -> None:
    client = _client(district.officer)
    option = client.get(reverse("dashboard:index")).context["charts"]["chart-double-zero"]
    item = option["series"][0]["data"][0]
    assert item["value"] == 1  # B1 in town B
    listed = client.get(item["url"]).context["rows"]
    assert [enterprise.name for enterprise in listed] == ["柯岩乙一机械有限公司"]

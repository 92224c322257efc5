"""The REST API: scopes per role on every endpoint, filters, masking, optimistic locking, audit, schema."""

from __future__ import annotations

import pytest
import yaml
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.tests.role_district import CONTACT, EMAIL, PHONE, TOWN_B, build_district

pytestmark = pytest.mark.django_db

ROW_ENDPOINTS = ("fiscal-years", "ip-assets", "certificates", "evaluations")


@pytest.fixture
def district():
    return build_district()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def enterprise_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["enterprise"] for row in response.json()["results"]}


VISIBLE = {
    Role.BUREAU_ADMIN: ("a1", "a2", "b1"),
    Role.BUREAU_OFFICER: ("a1", "a2", "b1"),
    Role.LEADER: ("a1", "a2", "b1"),
    Role.DEPARTMENT_OFFICER: ("a1", "a2", "b1"),
    Role.TOWN_OFFICER: ("a1", "a2"),
    Role.ENTERPRISE_USER: ("a1",),
}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_each_role_lists_exactly_its_scope_on_every_endpoint(district, role):
    client, expected = api(district.users[role]), district.ids(*VISIBLE[role])
    assert ids(client.get("/api/enterprises/")) == expected
    for endpoint in ROW_ENDPOINTS:
        assert enterprise_ids(client.get(f"/api/{endpoint}/")) == expected, endpoint


@pytest.mark.parametrize("role", [Role.UNIVERSITY_USER, Role.EXPERT, Role.FINANCE_USER])
def test_roles_without_enterprise_access_are_refused(district, role):
    client = api(district.users[role])
    for endpoint in ("enterprises", *ROW_ENDPOINTS):
        assert client.get(f"/api/{endpoint}/").status_code == 403


def test_anonymous_requests_are_refused(district):
    assert api().get("/api/enterprises/").status_code in (401, 403)


def test_a_town_officer_reaches_no_enterprise_of_another_town_by_any_path(district):
    client, other = api(district.users[Role.TOWN_OFFICER]), district.b1
    assert client.get(f"/api/enterprises/{other.pk}/").status_code == 404
    assert ids(client.get("/api/enterprises/", {"uscc": other.uscc})) == set()
    assert ids(client.get("/api/enterprises/", {"q": other.name})) == set()
    assert ids(client.get("/api/enterprises/", {"town": TOWN_B})) == set()
    for endpoint in ROW_ENDPOINTS:
        assert enterprise_ids(client.get(f"/api/{endpoint}/", {"enterprise": other.pk})) == set()
        assert enterprise_ids(client.get(f"/api/{endpoint}/", {"uscc": other.uscc})) == set()
    year = other.fiscal_years.get()
    assert client.get(f"/api/fiscal-years/{year.pk}/").status_code == 404
    assert client.get(f"/api/evaluations/{other.evaluations.get().pk}/").status_code == 404
    assert client.patch(f"/api/enterprises/{other.pk}/", {"name": "x", "version": 1}).status_code == 404
    assert client.patch(f"/api/fiscal-years/{year.pk}/", {"year": 2023, "version": 1}).status_code == 404


def test_token_authentication(district):
    token = Token.objects.create(user=district.users[Role.TOWN_OFFICER])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client.get("/api/enterprises/")) == district.ids("a1", "a2")
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/enterprises/").status_code in (401, 403)


def test_filters_search_ordering_and_pages(district):
    client = api(district.users[Role.BUREAU_OFFICER])
    assert ids(client.get("/api/enterprises/", {"town": TOWN_B})) == district.ids("b1")
    assert ids(client.get("/api/enterprises/", {"verdict": "pass"})) == district.ids("a1", "b1")
    assert ids(client.get("/api/enterprises/", {"uscc": district.a2.uscc})) == district.ids("a2")
    names = [row["name"] for row in client.get("/api/enterprises/", {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)
    page = client.get("/api/enterprises/", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    bad = client.get("/api/enterprises/", {"town": "000"})
    assert bad.status_code == 400 and "town" in bad.json()
    assert client.get("/api/fiscal-years/", {"enterprise": "abc"}).status_code == 400


def test_detail_carries_fiscal_years_and_the_latest_verdict(district):
    body = api(district.users[Role.LEADER]).get(f"/api/enterprises/{district.a2.pk}/").json()
    assert body["latest_hnte_verdict"] == "fail"
    assert [(y["year"], y["total_revenue"]) for y in body["fiscal_years"]] == [(2024, "1234.5000")]
    evaluation = api(district.users[Role.LEADER]).get(f"/api/evaluations/{district.a2.evaluations.get().pk}/")
    assert evaluation.json()["result"] == {"ok": 302}


@pytest.mark.parametrize(
    ("role", "masked"),
    [(Role.DEPARTMENT_OFFICER, True), (Role.BUREAU_OFFICER, False), (Role.ENTERPRISE_USER, False)],
)
def test_contacts_are_masked_per_role(district, role, masked):
    body = api(district.users[role]).get(f"/api/enterprises/{district.a1.pk}/").json()
    shown = (body["contact_name"], body["contact_phone"], body["contact_email"])
    assert shown == (("张**", "138****5678", "b***@firm.cn") if masked else (CONTACT, PHONE, EMAIL))


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        (Role.BUREAU_OFFICER, "b1", 200),
        (Role.TOWN_OFFICER, "a2", 200),
        (Role.ENTERPRISE_USER, "a1", 200),
        (Role.ENTERPRISE_USER, "a2", 404),
        (Role.LEADER, "a1", 403),
        (Role.DEPARTMENT_OFFICER, "a1", 403),
    ],
)
def test_who_may_update_an_enterprise(district, role, target, status):
    firm = getattr(district, target)
    response = api(district.users[role]).patch(
        f"/api/enterprises/{firm.pk}/", {"address": "新地址1号", "version": firm.version}
    )
    assert response.status_code == status
    firm.refresh_from_db()
    assert (firm.address == "新地址1号") is (status == 200)


def test_a_stale_version_conflicts_with_a_chinese_message_and_changes_nothing(district):
    client, firm = api(district.users[Role.BUREAU_OFFICER]), district.a1
    first = client.patch(f"/api/enterprises/{firm.pk}/", {"address": "甲", "version": firm.version})
    assert first.status_code == 200 and first.json()["version"] == firm.version + 1
    second = client.patch(f"/api/enterprises/{firm.pk}/", {"address": "乙", "version": firm.version})
    assert second.status_code == 409
    assert "已被他人修改" in second.json()["detail"]
    firm.refresh_from_db()
    assert firm.address == "甲"
    missing = client.patch(f"/api/enterprises/{firm.pk}/", {"address": "丙"})
    assert missing.status_code == 400 and "version" in missing.json()


def test_identity_keys_cannot_be_changed_through_the_api(district):
    firm = district.a1
    api(district.users[Role.BUREAU_ADMIN]).patch(
        f"/api/enterprises/{firm.pk}/", {"uscc": district.b1.uscc, "version": firm.version}
    )
    firm.refresh_from_db()
    assert firm.uscc != district.b1.uscc


def test_fiscal_years_are_created_only_in_scope_and_validated(district):
    officer = api(district.users[Role.TOWN_OFFICER])
    outside = officer.post("/api/fiscal-years/", {"enterprise": district.b1.pk, "year": 2023})
    assert outside.status_code == 400
    inside = officer.post("/api/fiscal-years/", {"enterprise": district.a1.pk, "year": 2023})
    assert inside.status_code == 201
    duplicate = officer.post("/api/fiscal-years/", {"enterprise": district.a1.pk, "year": 2023})
    assert duplicate.status_code == 400
    year = district.a1.fiscal_years.get(year=2024)
    rule = officer.patch(f"/api/fiscal-years/{year.pk}/", {"hitech_revenue": "2000", "version": year.version})
    assert rule.status_code == 400
    assert "高新技术产品（服务）收入不能超过总收入" in rule.json()["hitech_revenue"][0]
    leader = api(district.users[Role.LEADER])
    assert leader.post("/api/fiscal-years/", {"enterprise": district.a1.pk, "year": 2022}).status_code == 403


def test_an_api_edit_is_audited_with_user_request_id_and_before_after(district):
    user, firm = district.users[Role.TOWN_OFFICER], district.a1
    response = api(user).patch(
        f"/api/enterprises/{firm.pk}/",
        {"address": "新址", "version": firm.version},
        HTTP_X_REQUEST_ID="api-req-0001",
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, model_label="enterprises.Enterprise")
    assert entry.user == user and entry.request_id == "api-req-0001" == response["X-Request-ID"]
    assert entry.enterprise_id == firm.pk and entry.changed_fields == ["address"]
    assert (entry.before["address"], entry.after["address"]) == (firm.address, "新址")


def test_the_schema_validates_and_the_docs_are_served_without_a_cdn(district):
    client = api(district.users[Role.BUREAU_OFFICER])
    schema = yaml.safe_load(client.get("/api/schema/").content)
    validate(schema)
    assert {"/api/enterprises/", "/api/fiscal-years/", "/api/evaluations/"} <= set(schema["paths"])
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()


def test_a_fiscal_year_cannot_be_moved_to_another_enterprise(district):
    year = district.a1.fiscal_years.get()
    response = api(district.users[Role.BUREAU_OFFICER]).patch(
        f"/api/fiscal-years/{year.pk}/", {"enterprise": district.b1.pk, "version": year.version}
    )
    assert response.status_code == 200
    year.refresh_from_db()
    assert year.enterprise_id == district.a1.pk


@pytest.mark.parametrize("endpoint", ["enterprises", *ROW_ENDPOINTS])
def test_lists_take_a_fixed_number_of_queries(district, endpoint, django_assert_max_num_queries):
    client = api(district.users[Role.BUREAU_OFFICER])
    with django_assert_max_num_queries(2):
        response = client.get(f"/api/{endpoint}/")
    assert response.json()["count"] == 3


def test_the_history_of_a_file_is_served_in_scope_only(district):
    officer = api(district.users[Role.TOWN_OFFICER])
    firm = district.a1
    officer.patch(f"/api/enterprises/{firm.pk}/", {"address": "新址", "version": firm.version})
    rows = officer.get(f"/api/enterprises/{firm.pk}/history/").json()["results"]
    assert rows[0]["action"] == "update" and rows[0]["after"]["address"] == "新址"
    assert rows[0]["username"] == district.users[Role.TOWN_OFFICER].username
    assert {row["model_label"] for row in rows} >= {"enterprises.Enterprise", "enterprises.FiscalYear"}
    assert officer.get(f"/api/enterprises/{district.b1.pk}/history/").status_code == 404

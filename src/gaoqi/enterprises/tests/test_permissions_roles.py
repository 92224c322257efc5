"""Per role, through the pages: list, detail, search, edit and export obey the role map and the scopes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.tests.role_district import PHONE, TOWN_B, build_district
from gaoqi.enterprises.tests.test_api_enterprises import VISIBLE

pytestmark = pytest.mark.django_db
NO_ACCESS = (Role.UNIVERSITY_USER, Role.EXPERT, Role.FINANCE_USER)
EDITORS = {
    Role.BUREAU_ADMIN: ("a1", "a2", "b1"),
    Role.BUREAU_OFFICER: ("a1", "a2", "b1"),
    Role.TOWN_OFFICER: ("a1", "a2"),
    Role.ENTERPRISE_USER: ("a1",),
}


@pytest.fixture
def district():
    return build_district()


def _listed(client, params=None) -> set[int]:
    response = client.get("/enterprises/", params or {})
    assert response.status_code == 200
    return {firm.pk for firm in response.context["page"]}


def _as(client, district, role):
    client.force_login(district.users[role])
    return client


@pytest.mark.parametrize("role", list(VISIBLE))
def test_list_and_detail_show_exactly_the_scope(client, district, role):
    _as(client, district, role)
    assert _listed(client) == district.ids(*VISIBLE[role])
    for name in ("a1", "a2", "b1"):
        firm = getattr(district, name)
        visible = name in VISIBLE[role]
        assert client.get(f"/enterprises/{firm.uscc}/").status_code == (200 if visible else 404)


@pytest.mark.parametrize("role", NO_ACCESS)
def test_roles_without_enterprise_access_reach_no_page(client, district, role):
    _as(client, district, role)
    assert client.get("/enterprises/").status_code == 403
    assert client.get(f"/enterprises/{district.a1.uscc}/").status_code == 403
    assert client.get("/enterprises/export/").status_code == 403


def test_a_town_officer_finds_no_other_town_by_search_filter_or_export(client, district):
    _as(client, district, Role.TOWN_OFFICER)
    other = district.b1
    for params in ({"uscc": other.uscc}, {"q": other.name}, {"town": TOWN_B}):
        assert _listed(client, params) == set(), params
    response = client.get("/enterprises/export/", {"town": TOWN_B})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    assert other.uscc not in cells and other.name not in cells


@pytest.mark.parametrize("role", [r for r in VISIBLE if r != Role.ENTERPRISE_USER])
def test_exports_hold_the_scope_and_are_audited(client, district, role):
    _as(client, district, role)
    response = client.get("/enterprises/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    exported = {name for name in ("a1", "a2", "b1") if getattr(district, name).uscc in cells}
    assert exported == set(VISIBLE[role])
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == district.users[role] and entry.after["rows"] == len(exported)
    assert entry.request_id == response["X-Request-ID"]


@pytest.mark.parametrize("role", [r for r in VISIBLE if r not in EDITORS])
def test_read_only_roles_cannot_open_an_edit_form(client, district, role):
    _as(client, district, role)
    assert client.get(f"/enterprises/{district.a1.uscc}/edit/").status_code == 403


@pytest.mark.parametrize("role", list(EDITORS))
def test_editors_edit_only_inside_their_scope(client, district, role):
    _as(client, district, role)
    for name in ("a1", "a2", "b1"):
        firm = getattr(district, name)
        expected = 200 if name in EDITORS[role] else 404
        assert client.get(f"/enterprises/{firm.uscc}/edit/").status_code == expected, (role, name)


@pytest.mark.parametrize(("role", "masked"), [(Role.DEPARTMENT_OFFICER, True), (Role.BUREAU_OFFICER, False)])
def test_the_file_page_masks_contacts_per_role(client, district, role, masked):
    _as(client, district, role)
    page = client.get(f"/enterprises/{district.a1.uscc}/").content.decode()
    assert (PHONE in page) is not masked
    assert ("138****5678" in page) is masked

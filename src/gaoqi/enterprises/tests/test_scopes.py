"""Data scopes per role: what each user sees through ``for_user``, and what each may edit."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from gaoqi.accounts.models import Role, User
from gaoqi.core.scopes import EDIT_ALL_ROLES, can_edit
from gaoqi.enterprises.models import Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise

pytestmark = pytest.mark.django_db
KEQIAO_STREET, KEYAN_STREET = "330603001", "330603002"


@pytest.fixture
def district():
    """Two enterprises in one town, one in another, each with a fiscal year and a patent."""
    firms = {
        "a1": make_enterprise(201, town_code=KEQIAO_STREET),
        "a2": make_enterprise(202, town_code=KEQIAO_STREET),
        "b1": make_enterprise(203, town_code=KEYAN_STREET),
    }
    for firm in firms.values():
        FiscalYear.objects.create(enterprise=firm, year=2024)
        IPAsset.objects.create(enterprise=firm, kind="invention", title="专利")
    return firms


def _user(role, **fields):
    return User.objects.create_user(
        username=f"{role}-{len(fields)}-{fields.get('town_code', '')}", role=role, **fields
    )


def _visible(model, user):
    return set(model.objects.for_user(user).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "role", [Role.BUREAU_ADMIN, Role.BUREAU_OFFICER, Role.LEADER, Role.DEPARTMENT_OFFICER]
)
def test_bureau_leader_and_department_roles_see_every_enterprise(district, role):
    user = _user(role)
    assert _visible(Enterprise, user) == {firm.pk for firm in district.values()}
    assert FiscalYear.objects.for_user(user).count() == 3


def test_a_town_officer_sees_only_their_town_through_every_model(district):
    officer = _user(Role.TOWN_OFFICER, town_code=KEQIAO_STREET)
    own = {district["a1"].pk, district["a2"].pk}
    assert _visible(Enterprise, officer) == own
    assert set(FiscalYear.objects.for_user(officer).values_list("enterprise_id", flat=True)) == own
    assert set(IPAsset.objects.for_user(officer).values_list("enterprise_id", flat=True)) == own
    assert not Enterprise.objects.for_user(officer).filter(pk=district["b1"].pk).exists()


def test_scopes_compose_with_later_filters_and_searches(district):
    officer = _user(Role.TOWN_OFFICER, town_code=KEYAN_STREET)
    found = Enterprise.objects.for_user(officer).filter(name__contains="测试企业")
    assert list(found.values_list("pk", flat=True)) == [district["b1"].pk]
    assert Enterprise.objects.filter(name__contains="测试企业").for_user(officer).count() == 1


def test_a_town_officer_without_a_town_sees_nothing(district):
    assert _visible(Enterprise, _user(Role.TOWN_OFFICER)) == set()


def test_an_enterprise_user_sees_only_its_own_enterprise(district):
    user = _user(Role.ENTERPRISE_USER)
    user.enterprise_id = district["a2"].pk  # the FK itself belongs to accounts; the scope reads the id
    assert _visible(Enterprise, user) == {district["a2"].pk}
    assert set(IPAsset.objects.for_user(user).values_list("enterprise_id", flat=True)) == {district["a2"].pk}


def test_an_enterprise_user_without_an_enterprise_sees_nothing(district):
    assert _visible(Enterprise, _user(Role.ENTERPRISE_USER)) == set()


@pytest.mark.parametrize("role", [Role.UNIVERSITY_USER, Role.EXPERT, Role.FINANCE_USER])
def test_roles_without_an_enterprise_scope_see_nothing(district, role):
    user = _user(role, town_code=KEQIAO_STREET)
    assert _visible(Enterprise, user) == set()
    assert _visible(FiscalYear, user) == set()


def test_anonymous_and_inactive_users_see_nothing(district):
    inactive = _user(Role.BUREAU_ADMIN, is_active=False)
    assert _visible(Enterprise, AnonymousUser()) == set()
    assert _visible(Enterprise, inactive) == set()
    assert _visible(IPAsset, None) == set()


def test_who_may_edit_which_file(district):
    a1, b1 = district["a1"], district["b1"]
    officer = _user(Role.TOWN_OFFICER, town_code=KEQIAO_STREET)
    owner = _user(Role.ENTERPRISE_USER)
    owner.enterprise_id = b1.pk
    assert can_edit(_user(Role.BUREAU_ADMIN), b1) and can_edit(_user(Role.BUREAU_OFFICER), b1)
    assert (can_edit(officer, a1), can_edit(officer, b1)) == (True, False)
    assert (can_edit(owner, a1), can_edit(owner, b1)) == (False, True)
    for role in (Role.LEADER, Role.DEPARTMENT_OFFICER, Role.EXPERT):
        assert not can_edit(_user(role), a1)
    assert not can_edit(AnonymousUser(), a1)


def test_only_bureau_admin_and_officer_edit_every_file():
    assert {Role.BUREAU_ADMIN, Role.BUREAU_OFFICER} == EDIT_ALL_ROLES


def test_every_model_of_the_file_is_scoped_through_its_enterprise(district):
    officer = _user(Role.TOWN_OFFICER, town_code=KEYAN_STREET)
    for model in apps.get_app_config("enterprises").get_models():
        assert model is Enterprise or model.scope_path == "enterprise__", model
        scoped = model.objects.for_user(officer)
        if model is not Enterprise:
            assert set(scoped.values_list("enterprise_id", flat=True)) <= {district["b1"].pk}, model

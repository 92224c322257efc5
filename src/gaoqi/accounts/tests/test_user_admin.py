"""The bureau admin's user pages: only the admin reaches them; the form enforces role and scope."""

import pytest

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.tests.builders import make_enterprise

PASSWORD = "keqiao2026admin"


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_user("admin", password=PASSWORD, role=Role.BUREAU_ADMIN)
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.BUREAU_ADMIN])
def test_other_roles_are_refused(client, db, role):
    client.force_login(User.objects.create_user("someone", password=PASSWORD, role=role))
    assert client.get("/accounts/users/").status_code == 403
    assert client.post("/accounts/users/new/", {"username": "x"}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/accounts/users/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_filters_by_role_and_search(admin_client):
    User.objects.create_user("leader1", display_name="王局长", role=Role.LEADER)
    User.objects.create_user("expert1", display_name="赵专家", role=Role.EXPERT)
    page = admin_client.get("/accounts/users/", {"role": Role.LEADER}).content.decode()
    assert "leader1" in page and "expert1" not in page
    page = admin_client.get("/accounts/users/", {"q": "赵"}).content.decode()
    assert "expert1" in page and "leader1" not in page


def _form(**overrides):
    data = {
        "username": "new.officer",
        "display_name": "新同事",
        "role": Role.BUREAU_OFFICER,
        "password": "keqiao2026newbie",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_user_who_can_log_in(admin_client, client):
    response = admin_client.post("/accounts/users/new/", _form())
    assert response.status_code == 302
    created = User.objects.get(username="new.officer")
    assert created.role == Role.BUREAU_OFFICER and created.check_password("keqiao2026newbie")


def test_a_weak_password_is_refused_in_chinese(admin_client):
    response = admin_client.post("/accounts/users/new/", _form(password="abcdefghijkl"))
    assert response.status_code == 200
    assert "密码必须同时包含英文字母和数字" in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()


def test_a_department_officer_needs_a_department(admin_client):
    response = admin_client.post("/accounts/users/new/", _form(role=Role.DEPARTMENT_OFFICER))
    assert "部门工作人员必须指定所属部门" in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()


def test_editing_changes_the_role_and_keeps_the_password_when_left_blank(admin_client):
    user = User.objects.create_user("old", password="keqiao2026oldpw", role=Role.BUREAU_OFFICER)
    response = admin_client.post(
        f"/accounts/users/{user.pk}/", _form(username="old", role=Role.LEADER, password="")
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role == Role.LEADER and user.check_password("keqiao2026oldpw")


def test_deactivating_a_user_and_never_oneself(admin_client):
    user = User.objects.create_user("leaving", role=Role.BUREAU_OFFICER)
    admin_client.post(f"/accounts/users/{user.pk}/active/")
    user.refresh_from_db()
    assert not user.is_active
    admin_client.post(f"/accounts/users/{admin_client.admin.pk}/active/")
    admin_client.admin.refresh_from_db()
    assert admin_client.admin.is_active


def test_an_enterprise_user_is_bound_to_its_enterprise_by_uscc(admin_client):
    company = make_enterprise(7)
    response = admin_client.post(
        "/accounts/users/new/", _form(role=Role.ENTERPRISE_USER, enterprise_uscc=company.uscc)
    )
    assert response.status_code == 302
    assert User.objects.get(username="new.officer").enterprise == company
    edit_page = admin_client.get(f"/accounts/users/{User.objects.get(username='new.officer').pk}/")
    assert company.uscc in edit_page.content.decode()


def test_a_town_officer_is_offered_the_towns_and_must_pick_one(admin_client):
    page = admin_client.get("/accounts/users/new/").content.decode()
    assert "柯桥街道" in page
    response = admin_client.post("/accounts/users/new/", _form(role=Role.TOWN_OFFICER))
    assert "镇街工作人员必须指定所属镇街" in response.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    for serial in range(5):
        User.objects.create_user(
            f"firm{serial}", role=Role.ENTERPRISE_USER, enterprise=make_enterprise(40 + serial)
        )
    User.objects.create_user("town", role=Role.TOWN_OFFICER, town_code="330603002")
    with django_assert_max_num_queries(6):
        page = admin_client.get("/accounts/users/").content.decode()
    assert "测试企业44有限公司" in page and "柯岩街道" in page


def test_the_navigation_leads_the_admin_to_users_and_audit_and_hides_them_from_others(admin_client, client):
    page = admin_client.get("/accounts/users/").content.decode()
    assert 'href="/accounts/users/"' in page and 'href="/audit/"' in page
    client.force_login(User.objects.create_user("officer", role=Role.BUREAU_OFFICER))
    page = client.get("/").content.decode()
    assert 'href="/accounts/users/"' not in page and 'href="/audit/"' not in page


def test_the_django_admin_lists_users_with_roles_and_throttles(client, db):
    root = User.objects.create_superuser("root", password="keqiao2026root", role=Role.BUREAU_ADMIN)
    client.force_login(root)
    User.objects.create_user("leader9", role=Role.LEADER)
    page = client.get("/admin/accounts/user/", {"role__exact": Role.LEADER}).content.decode()
    assert "leader9" in page
    assert client.get(f"/admin/accounts/user/{root.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/loginthrottle/").status_code == 200

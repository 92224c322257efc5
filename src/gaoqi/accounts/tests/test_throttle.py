"""Login throttling: five failures for one username from one address lock it for fifteen minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gaoqi.accounts.models import LoginThrottle, Role, User
from gaoqi.core.audit_models import AuditAction, AuditEntry

PASSWORD = "correct-horse-42"
LOGIN = "/accounts/login/"


@pytest.fixture
def officer(db):
    return User.objects.create_user("li.lei", password=PASSWORD, role=Role.BUREAU_OFFICER)


def _login(client, password, ip="10.0.0.1", username="li.lei"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, times, ip="10.0.0.1"):
    for _ in range(times):
        assert _login(client, "wrong-password-1", ip).status_code == 200


def test_four_failures_still_allow_the_right_password(client, officer):
    _fail(client, 4)
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(username="li.lei").exists()


def test_five_failures_lock_even_the_right_password_with_a_chinese_message(client, officer):
    _fail(client, 5)
    response = _login(client, PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_binds_username_and_address_only(client, officer):
    _fail(client, 5)
    assert _login(client, PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_ends_after_its_time(client, officer):
    _fail(client, 5)
    row = LoginThrottle.objects.get(username="li.lei")
    assert row.locked_until - timezone.now() > timedelta(minutes=14)
    LoginThrottle.objects.filter(pk=row.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _login(client, PASSWORD).status_code == 302


def test_failures_outside_the_window_start_a_new_count(client, officer):
    _fail(client, 4)
    LoginThrottle.objects.update(window_start=timezone.now() - timedelta(minutes=16))
    _fail(client, 1)
    assert _login(client, PASSWORD).status_code == 302


def test_the_lock_also_closes_the_admin_login(client, officer):
    officer.is_staff = True
    officer.save()
    _fail(client, 5)
    response = client.post(
        "/admin/login/", {"username": "li.lei", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_usernames_are_counted_case_insensitively(client, officer):
    for name in ("LI.LEI", "Li.Lei", "li.lei", "LI.lei", "li.LEI"):
        _login(client, "wrong-password-1", username=name)
    assert "登录失败次数过多" in _login(client, PASSWORD).content.decode()


def test_attempts_during_the_lock_are_audited_but_do_not_extend_it(client, officer):
    _fail(client, 5)
    locked = LoginThrottle.objects.get(username="li.lei").locked_until
    _login(client, PASSWORD)
    _login(client, "wrong-password-1")
    assert LoginThrottle.objects.get(username="li.lei").locked_until == locked
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="li.lei").count() == 7

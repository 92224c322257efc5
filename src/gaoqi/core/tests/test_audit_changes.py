"""The audit records changes through signals: before and after, changed fields, user and request id."""

import pytest

from gaoqi.accounts.models import Role, User
from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction, AuditEntry


@pytest.fixture
def admin(db):
    return User.objects.create_user("admin", password="keqiao2026admin", role=Role.BUREAU_ADMIN)


def test_an_edit_through_a_page_records_before_after_user_and_request_id(client, admin):
    target = User.objects.create_user("officer", role=Role.BUREAU_OFFICER, display_name="李雷")
    client.force_login(admin)
    form = {
        "username": "officer",
        "display_name": "李雷",
        "role": Role.LEADER,
        "password": "",
        "is_active": "on",
    }
    response = client.post(f"/accounts/users/{target.pk}/", form, HTTP_X_REQUEST_ID="req-0001-abcdef")
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-0001-abcdef"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(target.pk))
    assert entry.before["role"] == Role.BUREAU_OFFICER
    assert entry.after["role"] == Role.LEADER
    assert entry.changed_fields == ["role"]
    assert entry.user == admin and entry.username == "admin"
    assert entry.request_id == "req-0001-abcdef"
    assert entry.ip == "127.0.0.1"
    assert entry.model_label == "accounts.User"


def test_a_generated_request_id_is_returned_and_recorded(client, admin):
    client.force_login(admin)
    response = client.post(
        "/accounts/users/new/",
        {"username": "fresh", "role": Role.EXPERT, "password": "keqiao2026fresh", "is_active": "on"},
    )
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, model_label="accounts.User", object_repr="fresh"
    )
    assert entry.before is None and entry.after["username"] == "fresh"
    assert len(response["X-Request-ID"]) == 32
    assert entry.request_id == response["X-Request-ID"]


def test_passwords_are_never_stored_but_their_change_is_seen(admin):
    with audit.acting_as(admin):
        admin.set_password("keqiao2026other")
        admin.save()
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert entry.changed_fields == ["password"]
    assert entry.after["password"].startswith("***")
    assert "pbkdf2" not in str(entry.before) + str(entry.after)


def test_a_save_that_changes_nothing_writes_no_entry(admin):
    before = AuditEntry.objects.count()
    admin.save()
    assert AuditEntry.objects.count() == before


def test_deletes_keep_the_last_values_and_outside_requests_name_the_acting_user(admin):
    doomed = User.objects.create_user("doomed", role=Role.EXPERT)
    with audit.acting_as(admin, request_id="job-42-deadbeef"):
        doomed.delete()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.before["username"] == "doomed" and entry.after is None
    assert entry.user == admin and entry.request_id == "job-42-deadbeef"


def test_suspended_blocks_write_no_change_entries(db):
    with audit.suspended():
        User.objects.create_user("bulk", role=Role.EXPERT)
    assert not AuditEntry.objects.filter(object_repr="bulk").exists()


def test_logins_and_failed_logins_are_recorded(client, admin):
    client.post("/accounts/login/", {"username": "admin", "password": "nope-2026x"})
    client.post("/accounts/login/", {"username": "admin", "password": "keqiao2026admin"})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.username == "admin" and failed.user is None and failed.request_id
    assert "nope" not in str(failed.after) + failed.object_repr
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).user == admin

"""The user list as Excel: the page's search and role filter, for the bureau admin only, audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit_models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def admin() -> User:
    User.objects.create_user("leader1", display_name="=王局长", role=Role.LEADER)
    User.objects.create_user("expert1", display_name="赵专家", role=Role.EXPERT, is_active=False)
    return User.objects.create_user("admin", role=Role.BUREAU_ADMIN)


def test_the_admin_exports_the_filtered_user_list_and_it_is_audited(client, admin) -> None:
    client.force_login(admin)
    link = reverse("jobs:export_now", args=["users"])
    assert link in client.get(reverse("accounts:user_list")).content.decode()

    everyone = rows_of(client.get(link).content)
    assert everyone[0][:3] == ("用户名", "姓名", "角色")
    assert [row[0] for row in everyone[1:]] == ["admin", "expert1", "leader1"]
    assert everyone[2][5] == "停用" and everyone[3][1] == "'=王局长"

    leaders = rows_of(client.get(link, {"role": Role.LEADER, "q": "王"}).content)
    assert [row[:3] for row in leaders[1:]] == [("leader1", "'=王局长", str(Role.LEADER.label))]
    audited = AuditEntry.objects.filter(action=AuditAction.EXPORT, username="admin").order_by("pk")
    assert [entry.after["rows"] for entry in audited] == [3, 1]
    assert audited.last().after["filters"] == {"搜索": "王", "角色": str(Role.LEADER.label)}


@pytest.mark.parametrize("role", [Role.BUREAU_OFFICER, Role.TOWN_OFFICER, Role.LEADER])
def test_no_one_else_exports_users(client, admin, role, tmp_path) -> None:
    other = User.objects.create_user("other", role=role, town_code="330603001")
    client.force_login(other)
    assert client.get(reverse("jobs:export_now", args=["users"])).status_code == 403
    with pytest.raises(CommandError):
        call_command("export", "users", str(tmp_path / "u.xlsx"), "--user", "other")
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()

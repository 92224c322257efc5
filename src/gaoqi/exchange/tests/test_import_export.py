"""The import list as Excel: the imports the user may see, for those who may import, read back, audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gaoqi.accounts.models import Role, User
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.exchange.models import ImportBatch

LINK = "jobs:export_now"


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def batches(officer: User) -> User:
    """An import by the officer and one by a tax department officer (returned)."""
    dept = User.objects.create_user("dept", role=Role.DEPARTMENT_OFFICER, department="tax")
    ImportBatch.objects.create(kind="rd", department="tax", file_name="=officer.csv", uploaded_by=officer)
    ImportBatch.objects.create(kind="rd", department="tax", file_name="dept.csv", uploaded_by=dept)
    return dept


def test_a_department_exports_only_its_own_imports_and_it_is_audited(client, batches) -> None:
    client.force_login(batches)
    assert reverse(LINK, args=["imports"]) in client.get(reverse("exchange:list")).content.decode()
    rows = rows_of(client.get(reverse(LINK, args=["imports"])).content)
    assert rows[0][:3] == ("文件", "数据类型", "来源部门")
    assert [row[0] for row in rows[1:]] == ["dept.csv"]
    assert rows[1][5] == "dept"
    (entry,) = AuditEntry.objects.filter(action=AuditAction.EXPORT, username="dept")
    assert entry.after["rows"] == 1


def test_the_bureau_officer_exports_every_import_formula_safe(client, batches, officer) -> None:
    client.force_login(officer)
    rows = rows_of(client.get(reverse(LINK, args=["imports"])).content)
    assert sorted(row[0] for row in rows[1:]) == ["'=officer.csv", "dept.csv"]


def test_who_may_not_import_may_not_export_imports(client, batches, tmp_path) -> None:
    User.objects.create_user("town", role=Role.TOWN_OFFICER, town_code="330603001")
    client.force_login(User.objects.get(username="town"))
    assert client.get(reverse(LINK, args=["imports"])).status_code == 403
    with pytest.raises(CommandError):
        call_command("export", "imports", str(tmp_path / "i.xlsx"), "--user", "town")
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()

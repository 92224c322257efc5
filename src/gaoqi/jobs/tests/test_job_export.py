"""The job list as Excel: the user's own jobs (every job for the bureau admin), read back, audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.jobs.models import Job
from gaoqi.jobs.tests.helpers import TOWN_A, make_user

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def test_a_town_officers_job_export_holds_only_its_own_jobs_and_is_audited(client) -> None:
    officer = make_user("town_a", Role.TOWN_OFFICER, town_code=TOWN_A)
    other = make_user("other")
    Job.objects.create(kind="export", label="我的导出", requested_by=officer, status=Job.Status.SUCCEEDED)
    Job.objects.create(kind="export", label="=别人的导出", requested_by=other)
    client.force_login(officer)
    page = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:export_now", args=["jobs"]) in page

    rows = rows_of(client.get(reverse("jobs:export_now", args=["jobs"])).content)
    assert rows[0][:3] == ("任务", "发起人", "提交时间")
    assert [row[0] for row in rows[1:]] == ["我的导出"]
    assert rows[1][4] == "已完成" and rows[1][5] == 100
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, username="town_a")
    assert entry.after["rows"] == 1


def test_the_bureau_admin_exports_every_job_formula_safe(client) -> None:
    admin = make_user("admin", Role.BUREAU_ADMIN)
    Job.objects.create(kind="export", label="=别人的导出", requested_by=make_user("other"))
    client.force_login(admin)
    rows = rows_of(client.get(reverse("jobs:export_now", args=["jobs"])).content)
    assert [row[0] for row in rows[1:]] == ["'=别人的导出"]
    assert rows[1][1] == "other"

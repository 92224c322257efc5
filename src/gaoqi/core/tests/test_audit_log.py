"""The audit log page (bureau admin only, searchable), export records and the per-enterprise history."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from gaoqi.accounts.models import Role, User
from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.models import FiscalYear
from gaoqi.enterprises.tests.builders import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return User.objects.create_user("auditor", role=Role.BUREAU_ADMIN)


def test_only_the_bureau_admin_reads_the_log(client):
    for role in Role.values:
        user = User.objects.create_user(f"u-{role}", role=role)
        client.force_login(user)
        expected = 200 if role == Role.BUREAU_ADMIN else 403
        assert client.get("/audit/").status_code == expected, role


def test_the_log_filters_by_user_type_action_enterprise_and_date(client, admin):
    officer = User.objects.create_user("officer", role=Role.BUREAU_OFFICER)
    with audit.acting_as(officer):
        firm = make_enterprise(11, address="旧址")
        firm.address = "新址"
        firm.save()
    with audit.acting_as(admin):
        other = make_enterprise(12, name="测试企业9876543有限公司")
    client.force_login(admin)

    def rows(**params):
        page = client.get("/audit/", params).context["page"]
        return {(e.action, e.object_repr) for e in page}

    assert rows(user="offic", action=AuditAction.UPDATE) == {(AuditAction.UPDATE, firm.name)}
    assert rows(enterprise=other.pk) == {(AuditAction.CREATE, other.name)}
    assert rows(enterprise=other.uscc.lower()) == {(AuditAction.CREATE, other.name)}
    assert rows(enterprise=other.name[2:6], action="create") == {(AuditAction.CREATE, other.name)}
    assert rows(enterprise="9876543") == set()  # digits are an id, not a part of a name
    assert rows(model="enterprises.Enterprise", user="auditor") == {(AuditAction.CREATE, other.name)}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert rows(date_from=tomorrow) == set()
    page = client.get("/audit/", {"enterprise": firm.pk}).content.decode()
    assert "旧址" in page and "新址" in page and "地址" in page


def test_record_export_names_the_user_rows_and_filters(admin):
    request = RequestFactory().get("/enterprises/export/")
    request.user = admin
    with audit.bound(audit.RequestContext(request_id="exp-00000001", ip="10.1.1.1", request=request)):
        audit.record_export(request, "企业名单", 3, {"镇街": "柯桥街道"})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.user, entry.model_label, entry.request_id, entry.ip) == (
        admin,
        "企业名单",
        "exp-00000001",
        "10.1.1.1",
    )
    assert entry.after == {"rows": 3, "filters": {"镇街": "柯桥街道"}}


def test_the_enterprise_history_holds_its_own_rows_and_those_hanging_off_it(admin):
    with audit.acting_as(admin):
        firm, other = make_enterprise(21), make_enterprise(22)
        year = FiscalYear.objects.create(enterprise=firm, year=2024)
        year.delete()
    history = list(audit.enterprise_history(firm.pk))
    assert [(e.action, e.model_label) for e in history] == [
        (AuditAction.DELETE, "enterprises.FiscalYear"),
        (AuditAction.CREATE, "enterprises.FiscalYear"),
        (AuditAction.CREATE, "enterprises.Enterprise"),
    ]
    assert all(e.enterprise_id != other.pk for e in history)
    html = render_to_string("core/_audit_entries.html", {"entries": history})
    assert "删除" in html and "新增" in html

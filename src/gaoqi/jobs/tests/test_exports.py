"""List exports outside the background job: the direct download of any registered list and the
``gaoqi export`` command, each scoped to its user, filtered like the page and audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.core.excel import neutralise
from gaoqi.cultivation.pool import add_to_pool
from gaoqi.jobs.exports import all_sources
from gaoqi.jobs.tests.helpers import TOWN_A, make_district, make_user
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.views.common import enterprise_list

pytestmark = pytest.mark.django_db


def sheet(content: bytes) -> list[list[Any]]:
    """The first sheet's rows of an .xlsx file."""
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def exports_of(username: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.EXPORT, username=username))


@pytest.fixture
def district() -> list[Any]:
    firms = make_district(4)
    firms[0].name = "=HYPERLINK(1)测试企业"
    firms[0].save()
    return firms


def test_every_list_with_an_export_button_is_a_registered_source() -> None:
    assert {"enterprises", "screening", "pool", "audit", "alerts"} <= {source.key for source in all_sources()}


def test_the_command_exports_the_users_scope_with_the_pages_filters_and_is_audited(district, tmp_path):
    make_user("town_a", Role.TOWN_OFFICER, town_code=TOWN_A)
    target = tmp_path / "企业.xlsx"
    call_command("export", "enterprises", str(target), "--user", "town_a")
    rows = sheet(target.read_bytes())
    town_a = sorted(firm.uscc for firm in district if firm.town.code == TOWN_A)
    usccs = sorted(value for row in rows[1:] for value in row if value in town_a)
    assert usccs == town_a and len(rows) == 1 + len(town_a)
    assert "统一社会信用代码" in rows[0]
    assert "'=HYPERLINK(1)测试企业" in [value for row in rows for value in row]

    filtered = tmp_path / "一家.xlsx"
    call_command("export", "enterprises", str(filtered), "--user", "town_a", "--filter", f"uscc={town_a[1]}")
    assert len(sheet(filtered.read_bytes())) == 2
    audited = exports_of("town_a")
    assert sorted(entry.after["rows"] for entry in audited) == [1, len(town_a)]
    assert [entry.after["filters"] for entry in audited if entry.after["rows"] == 1] == [
        {"统一社会信用代码": town_a[1]}
    ]


def test_the_command_needs_a_user_who_may_export_and_a_known_list(district, tmp_path: Path):
    make_user("firm", Role.ENTERPRISE_USER, enterprise=district[0])
    make_user("officer")
    with pytest.raises(CommandError, match="--user"):
        call_command("export", "enterprises", str(tmp_path / "a.xlsx"))
    with pytest.raises(CommandError, match="导出此列表的权限"):
        call_command("export", "enterprises", str(tmp_path / "a.xlsx"), "--user", "firm")
    with pytest.raises(CommandError, match="未知的列表"):
        call_command("export", "nothing", str(tmp_path / "a.xlsx"), "--user", "officer")
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("export", "enterprises", str(tmp_path / "a.xlsx"), "--user", "officer", "--filter", "x")
    assert not (tmp_path / "a.xlsx").exists()
    assert exports_of("officer") == []


def test_the_pool_exports_its_year_in_the_users_scope_directly_and_audited(client, district):
    officer = make_user("officer")
    year = timezone.localdate().year
    add_to_pool(officer, [firm.pk for firm in district], year, "测试入库")
    add_to_pool(officer, [district[1].pk], year - 1, "去年入库")
    town_officer = make_user("town_a", Role.TOWN_OFFICER, town_code=TOWN_A)
    client.force_login(town_officer)

    page = client.get(reverse("cultivation:pool"))
    link = f"{reverse('jobs:export_now', args=['pool'])}?year={year}"
    assert link in page.content.decode()

    response = client.get(link)
    assert response.status_code == 200
    rows = sheet(response.content)
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted(neutralise(firm.name) for firm in district if firm.town.code == TOWN_A)
    assert rows[0][:3] == ["企业名称", "统一社会信用代码", "镇街"]
    last_year = sheet(client.get(reverse("jobs:export_now", args=["pool"]), {"year": year - 1}).content)
    assert len(last_year) == 1  # district[1] is in town B: outside this officer's scope
    assert sorted(entry.after["rows"] for entry in exports_of("town_a")) == [0, len(names)]


def test_the_direct_download_needs_the_export_permission_and_a_known_list(client, district):
    client.force_login(make_user("firm", Role.ENTERPRISE_USER, enterprise=district[0]))
    assert client.get(reverse("jobs:export_now", args=["pool"])).status_code == 403
    client.force_login(make_user("officer"))
    assert client.get(reverse("jobs:export_now", args=["nothing"])).status_code == 404
    assert exports_of("firm") == [] and exports_of("officer") == []


def test_the_audit_log_exports_with_its_filters_for_its_readers_only(client, district):
    admin = make_user("admin", Role.BUREAU_ADMIN)
    firm = district[1]
    firm.name = "改名后的企业"
    firm.save()
    client.force_login(make_user("officer"))
    assert client.get(reverse("jobs:export_now", args=["audit"])).status_code == 403
    client.force_login(admin)
    page = client.get(reverse("audit:list"), {"enterprise": firm.pk})
    link = f"{reverse('jobs:export_now', args=['audit'])}?enterprise={firm.pk}"
    assert link in page.content.decode()

    entries = AuditEntry.objects.filter(enterprise_id=firm.pk).order_by("-at", "-id")
    expected = [(entry.get_action_display(), entry.object_id, entry.enterprise_id) for entry in entries]
    rows = sheet(client.get(link).content)
    assert rows[0][:4] == ["时间", "用户", "IP 地址", "操作"]
    assert [(row[3], row[5], int(row[7])) for row in rows[1:]] == expected
    assert any("改名后的企业" in str(row[8]) and "→" in str(row[8]) for row in rows[1:])
    (audited,) = exports_of("admin")
    assert audited.after == {"rows": len(expected), "filters": {"企业": str(firm.pk)}}


def test_the_alert_inbox_exports_the_users_alerts_with_the_kind_filter(client, district):
    today = timezone.localdate()
    for firm in district:
        for kind in ("hnte_expiry", "annual_report"):
            Alert.objects.create(
                enterprise=firm,
                kind=kind,
                period=f"{today.year}",
                title=f"{firm.name}预警",
                message="请跟进",
                raised_on=today,
            )
    client.force_login(make_user("town_a", Role.TOWN_OFFICER, town_code=TOWN_A))
    listing = client.get(reverse("monitoring:alerts:inbox"), {"kind": "annual_report"})
    link = f"{reverse('jobs:export_now', args=['alerts'])}?kind=annual_report"
    assert link in listing.content.decode()

    rows = sheet(client.get(link).content)
    town_a = {firm.uscc for firm in district if firm.town.code == TOWN_A}
    assert {row[3] for row in rows[1:]} == town_a and len(rows) == 1 + len(town_a)
    assert {row[1] for row in rows[1:]} == {str(Alert.Kind("annual_report").label)}
    assert {row[8] for row in rows[1:]} == {"未读"}
    (audited,) = exports_of("town_a")
    assert audited.after == {"rows": len(town_a), "filters": {"类型": str(Alert.Kind("annual_report").label)}}


def test_a_monitoring_drill_down_list_exports_its_enterprises_in_scope(rf, district):
    town_officer = make_user("town_a", Role.TOWN_OFFICER, town_code=TOWN_A)
    ids = [firm.pk for firm in district[:3]]
    shown = {"title": "柯桥街道 · 新增高新技术企业", "back_url": "/", "back_label": "返回", "unknown": "无"}
    request = rf.get("/drill/")
    request.user = town_officer
    assert 'href="?format=xlsx"' in enterprise_list(request, ids, **shown).content.decode()

    request = rf.get("/drill/", {"format": "xlsx"})
    request.user = town_officer
    rows = sheet(enterprise_list(request, ids, **shown).content)
    expected = sorted(neutralise(firm.name) for firm in district[:3] if firm.town.code == TOWN_A)
    assert rows[0][:2] == ["企业名称", "统一社会信用代码"] and sorted(row[0] for row in rows[1:]) == expected
    (audited,) = exports_of("town_a")
    assert audited.after == {"rows": len(expected), "filters": {"名单": shown["title"]}}

    request.user = make_user("firm", Role.ENTERPRISE_USER, enterprise=district[0])
    with pytest.raises(PermissionDenied):
        enterprise_list(request, ids, **shown)

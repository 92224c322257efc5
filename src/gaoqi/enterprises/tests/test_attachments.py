"""Attachments of the enterprise file: upload, download and delete, per role and scope, and audited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditAction, AuditEntry
from gaoqi.enterprises.models import Attachment
from gaoqi.enterprises.tests.role_district import build_district

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 audit report\n"


@pytest.fixture
def district(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_district()


def _upload(client, firm, title="2025年度审计报告", name="report.pdf", content=PDF, **headers):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    url = reverse("enterprises:attachment_upload", args=[firm.uscc])
    return client.post(url, {"title": title, "file": upload}, **headers)


def _stored(district, firm, user_role=Role.BUREAU_OFFICER) -> Attachment:
    return Attachment.objects.create(
        enterprise=firm,
        title="高企证书扫描件",
        file=SimpleUploadedFile("cert.pdf", PDF),
        uploaded_by=district.users[user_role],
    )


def test_officer_uploads_a_file_that_the_panel_lists_and_the_audit_records(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = _upload(client, district.b1)
    assert response.status_code == 302
    attachment = Attachment.objects.get(enterprise=district.b1)
    assert (attachment.title, attachment.uploaded_by) == (
        "2025年度审计报告",
        district.users[Role.BUREAU_OFFICER],
    )
    assert attachment.file.read() == PDF
    panel = client.get(reverse("enterprises:attachments", args=[district.b1.uscc]))
    assert "2025年度审计报告" in panel.content.decode()
    created = AuditEntry.objects.get(action=AuditAction.CREATE, model_label="enterprises.Attachment")
    assert created.enterprise_id == district.b1.pk


def test_htmx_upload_answers_with_the_panel(client, district):
    client.force_login(district.users[Role.ENTERPRISE_USER])
    response = _upload(client, district.a1, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="attachments-table"' in response.content.decode()
    assert district.a1.attachments.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("tool.exe", PDF, "不支持该文件类型（exe）"), ("huge.pdf", b"x" * (20 * 1024 * 1024 + 1), "20 MB")],
)
def test_a_refused_file_writes_nothing_and_says_why(client, district, name, content, message):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = _upload(client, district.b1, name=name, content=content, HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(model_label="enterprises.Attachment").exists()


def test_download_gives_the_file_and_records_who_downloaded_it(client, district):
    attachment = _stored(district, district.a1)
    leader = district.users[Role.LEADER]
    client.force_login(leader)
    response = client.get(reverse("enterprises:attachment_download", args=[district.a1.uscc, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment;" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.user, entry.enterprise_id) == (leader, district.a1.pk)
    assert "高企证书扫描件" in entry.object_repr


@pytest.mark.parametrize("role", [Role.TOWN_OFFICER, Role.ENTERPRISE_USER])
def test_nobody_reaches_an_attachment_outside_their_scope(client, district, role):
    attachment = _stored(district, district.b1)
    client.force_login(district.users[role])
    uscc = district.b1.uscc
    assert client.get(reverse("enterprises:attachments", args=[uscc])).status_code == 404
    assert (
        client.get(reverse("enterprises:attachment_download", args=[uscc, attachment.pk])).status_code == 404
    )
    assert _upload(client, district.b1).status_code == 404
    delete = reverse("enterprises:attachment_delete", args=[uscc, attachment.pk])
    assert client.post(delete).status_code == 404
    # nor through another enterprise's address
    own = district.a1.uscc
    assert (
        client.get(reverse("enterprises:attachment_download", args=[own, attachment.pk])).status_code == 404
    )
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_readers_see_the_files_without_the_upload_form_and_cannot_upload(client, district):
    _stored(district, district.a1)
    client.force_login(district.users[Role.LEADER])
    panel = client.get(reverse("enterprises:attachments", args=[district.a1.uscc])).content.decode()
    assert "高企证书扫描件" in panel
    assert 'data-testid="attachment-form"' not in panel
    assert _upload(client, district.a1).status_code == 403


@pytest.mark.parametrize("role", [Role.UNIVERSITY_USER, Role.EXPERT, Role.FINANCE_USER])
def test_roles_without_enterprise_access_get_nothing(client, district, role):
    attachment = _stored(district, district.a1)
    client.force_login(district.users[role])
    url = reverse("enterprises:attachment_download", args=[district.a1.uscc, attachment.pk])
    assert client.get(url).status_code == 403


def test_delete_removes_the_row_and_the_stored_file_and_is_audited(client, district):
    attachment = _stored(district, district.a2)
    stored_name = attachment.file.name
    storage = attachment.file.storage
    client.force_login(district.users[Role.TOWN_OFFICER])
    url = reverse("enterprises:attachment_delete", args=[district.a2.uscc, attachment.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert not storage.exists(stored_name)
    deleted = AuditEntry.objects.get(action=AuditAction.DELETE, model_label="enterprises.Attachment")
    assert (deleted.enterprise_id, deleted.user) == (district.a2.pk, district.users[Role.TOWN_OFFICER])


def test_the_file_page_offers_the_attachments_tab(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    page = client.get(reverse("enterprises:detail", args=[district.a1.uscc])).content.decode()
    assert reverse("enterprises:attachments", args=[district.a1.uscc]) in page

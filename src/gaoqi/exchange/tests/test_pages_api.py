"""The import pages, the REST API and the commands, driven like a user or a script would."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import FieldSource, FiscalYear
from gaoqi.enterprises.tests.builders import uscc_for
from gaoqi.exchange.models import ColumnMapping, ImportBatch
from gaoqi.exchange.tests import files
from gaoqi.exchange.tests.conftest import HEADER, indicator_row, snapshot
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending

pytestmark = pytest.mark.django_db


def xlsx_upload(tmp_path, rows, name="data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.xlsx(tmp_path / name, rows).read_bytes())


def test_upload_map_preview_commit_through_the_pages(client, tmp_path, firms, officer):
    client.force_login(officer)
    rows = [["社会信用代码", "所属年度", "营业收入（万元）", "自定义列"], [uscc_for(1), 2024, 3000, "x"]]
    response = client.post(
        reverse("exchange:upload"),
        {
            "kind": "indicators",
            "department": "statistics",
            "unit": "万元",
            "file": xlsx_upload(tmp_path, rows),
        },
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("exchange:detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert 'value="sales_revenue" selected' in page and "自定义列" in page
    mapping = {"col0": "uscc", "col1": "year", "col2": "sales_revenue", "col3": ""}
    panel = client.post(reverse("exchange:check", args=[batch.pk]), mapping, HTTP_HX_REQUEST="true")
    assert "将新增" in panel.content.decode() and "以下列未导入：自定义列" in panel.content.decode()
    assert ColumnMapping.objects.get(department="statistics", kind="indicators").columns[
        "营业收入（万元）"
    ] == ("sales_revenue")
    client.post(reverse("exchange:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert FiscalYear.objects.get(enterprise=firms[0]).sales_revenue == 3000
    assert "导入结果" in client.get(reverse("exchange:detail", args=[batch.pk])).content.decode()
    listing = client.get(reverse("exchange:list")).content.decode()
    assert (
        "data.xlsx" in listing
        and "已导入" in listing
        and reverse("exchange:template", args=["ip"]) in listing
    )


def test_a_remembered_mapping_is_suggested_next_time(client, tmp_path, firms, officer):
    ColumnMapping.objects.create(department="tax", kind="rd", columns={"研发合计数": "rd_total"})
    client.force_login(officer)
    rows = [["统一社会信用代码", "年度", "研发合计数"], [uscc_for(1), 2024, 12]]
    client.post(
        reverse("exchange:upload"),
        {"kind": "rd", "department": "tax", "unit": "万元", "file": xlsx_upload(tmp_path, rows)},
    )
    page = client.get(reverse("exchange:detail", args=[ImportBatch.objects.get().pk])).content.decode()
    assert 'value="rd_total" selected' in page


def test_the_upload_page_refuses_a_large_file_before_reading_it(client, tmp_path, officer, settings):
    settings.GAOQI_IMPORT_MAX_BYTES = 1024
    client.force_login(officer)
    big = SimpleUploadedFile("big.csv", b"x" * 2048)
    response = client.post(
        reverse("exchange:upload"), {"kind": "indicators", "department": "tax", "unit": "万元", "file": big}
    )
    assert "超过上限" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_errors_on_screen_and_as_a_download(client, tmp_path, firms, officer):
    client.force_login(officer)
    rows = [HEADER, indicator_row(1), indicator_row(1)]
    client.post(
        reverse("exchange:upload"),
        {"kind": "indicators", "department": "tax", "unit": "万元", "file": xlsx_upload(tmp_path, rows)},
    )
    batch = ImportBatch.objects.get()
    mapping = {f"col{n}": field for n, field in enumerate(["uscc", "year", "sales_revenue", "total_revenue"])}
    check = reverse("exchange:check", args=[batch.pk])
    panel = client.post(check, mapping, HTTP_HX_REQUEST="true").content.decode()
    assert "与第 2 行是同一条记录" in panel and "下载错误报告" in panel and "确认导入" not in panel
    report = client.get(reverse("exchange:report", args=[batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert "与第 2 行是同一条记录" in sheet.cell(row=3, column=sheet.max_column).value


def test_pages_need_the_import_permission_and_scope_batches(client, tmp_path, firms, officer):
    town = User.objects.create_user("town", role=Role.TOWN_OFFICER, town_code="330603001")
    client.force_login(town)
    assert client.get(reverse("exchange:list")).status_code == 403
    other = User.objects.create_user("dept", role=Role.DEPARTMENT_OFFICER, department="tax")
    batch = ImportBatch.objects.create(kind="rd", department="tax", file_name="x.csv", uploaded_by=officer)
    client.force_login(other)
    assert client.get(reverse("exchange:detail", args=[batch.pk])).status_code == 404


def test_the_list_pages_its_imports(client, officer):
    ImportBatch.objects.bulk_create(
        ImportBatch(kind="rd", department="tax", file_name=f"f{n}.csv", uploaded_by=officer)
        for n in range(35)
    )
    client.force_login(officer)
    assert "第 2 / 2 页" in client.get(reverse("exchange:list"), {"page": 2}).content.decode()


def test_templates_download_with_chinese_headers(client, officer):
    client.force_login(officer)
    response = client.get(reverse("exchange:template", args=["indicators"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["统一社会信用代码", "年度", "销售收入"]


def test_the_sources_panel_shows_disagreeing_sources_and_is_scoped(client, firms, officer):
    FieldSource.objects.create(
        enterprise=firms[0], year=2024, field="rd_total", value="300", department="tax"
    )
    FieldSource.objects.create(
        enterprise=firms[0],
        year=2024,
        field="rd_total",
        value="350",
        department="enterprise",
        is_current=False,
    )
    client.force_login(officer)
    panel = client.get(reverse("exchange:sources", args=[firms[0].uscc])).content.decode()
    assert "1 项来源不一致" in panel and "350（企业自报" in panel and "研发费用总额（万元）" in panel
    outsider = User.objects.create_user("far", role=Role.TOWN_OFFICER, town_code="330603999")
    client.force_login(outsider)
    assert client.get(reverse("exchange:sources", args=[firms[0].uscc])).status_code == 404


def test_api_upload_preview_commit_and_report(tmp_path, firms, officer):
    api = APIClient()
    api.force_authenticate(officer)
    upload = xlsx_upload(tmp_path, [HEADER, indicator_row(1), indicator_row(2)])
    columns = json.dumps({"总收入": "", "销售收入": "sales_revenue"})  # other headers: suggested
    created = api.post(
        "/api/imports/",
        {"file": upload, "kind": "indicators", "department": "tax", "columns": columns},
        format="multipart",
    )
    assert created.status_code == 201 and created.data["preview"]["created"] == 2
    assert ["总收入", ""] in created.data["columns"]
    assert "以下列未导入：总收入" in created.data["preview"]["warnings"][0]
    committed = api.post(f"/api/imports/{created.data['id']}/commit/")
    assert committed.status_code == 200 and committed.data["summary"]["created"] == 2
    assert FiscalYear.objects.get(enterprise=firms[0]).total_revenue is None
    bad = xlsx_upload(tmp_path, [HEADER, indicator_row(1), indicator_row(1)], name="bad.xlsx")
    refused = api.post(
        "/api/imports/", {"file": bad, "kind": "indicators", "department": "tax"}, format="multipart"
    )
    assert [header for header, _field in refused.data["columns"]] == HEADER  # the mapping applied
    assert dict(refused.data["columns"])["销售收入"] == "sales_revenue"
    assert (
        refused.data["has_report"]
        and api.post(f"/api/imports/{refused.data['id']}/commit/").status_code == 409
    )
    assert api.get(f"/api/imports/{refused.data['id']}/report/").status_code == 200
    assert {row["id"] for row in api.get("/api/imports/").data["results"]} == {
        created.data["id"],
        refused.data["id"],
    }
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/imports/{id}/commit/" in schema["paths"]


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_and_committed_by_background_jobs(client, tmp_path, firms, officer, settings):
    settings.GAOQI_IMPORT_BACKGROUND_ROWS = settings.GAOQI_IMPORT_BACKGROUND_BYTES = 1
    api = APIClient()
    api.force_authenticate(officer)
    upload = xlsx_upload(tmp_path, [HEADER, indicator_row(1), indicator_row(2)])
    created = api.post(
        "/api/imports/", {"file": upload, "kind": "indicators", "department": "tax"}, format="multipart"
    )
    assert created.data["status"] == "checking" and created.data["job_status"] == "queued"
    client.force_login(officer)
    panel = reverse("exchange:panel", args=[created.data["id"]])
    assert 'hx-trigger="every 2s"' in client.get(panel).content.decode()
    run_pending()
    assert api.get(f"/api/imports/{created.data['id']}/").data["preview"]["created"] == 2
    assert 'hx-trigger="every 2s"' not in client.get(panel).content.decode()
    queued = api.post(f"/api/imports/{created.data['id']}/commit/")
    assert queued.status_code == 202 and queued.data["status"] == "queued"
    run_pending()
    job = Job.objects.get(pk=queued.data["job"])
    assert job.error == ""
    assert (job.status, job.summary["created"]) == (Job.Status.SUCCEEDED, 2)
    assert ImportBatch.objects.get(pk=created.data["id"]).status == ImportBatch.Status.COMMITTED


def test_commands_import_dry_run_and_export_template(tmp_path, firms, officer):
    path = files.csv_file(tmp_path / "c.csv", [HEADER, indicator_row(1)], "gb18030")
    before = snapshot()
    out = io.StringIO()
    call_command("import", str(path), kind="indicators", department="tax", dry_run=True, stdout=out)
    assert "将新增 1" in out.getvalue() and snapshot() == before
    call_command("import", str(path), kind="indicators", department="tax", user="officer", stdout=out)
    assert FiscalYear.objects.filter(enterprise=firms[0]).exists()
    bad = files.csv_file(tmp_path / "bad.csv", [HEADER, indicator_row(999)])
    with pytest.raises(CommandError, match="未写入"):
        call_command(
            "import", str(bad), kind="indicators", department="tax", stdout=out, stderr=io.StringIO()
        )
    target = tmp_path / "template.xlsx"
    call_command("export_template", "certificates", str(target), stdout=out)
    assert openpyxl.load_workbook(target).worksheets[0]["A1"].value == "统一社会信用代码"

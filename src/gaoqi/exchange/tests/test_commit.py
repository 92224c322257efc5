"""Safe commit: idempotent upserts, every value's source, conflicts between sources decided by the
precedence setting, audit entries, and all rows or none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from gaoqi.core.audit import acting_as
from gaoqi.core.audit_models import AuditEntry
from gaoqi.enterprises.models import Enterprise, FieldSource, FiscalYear
from gaoqi.enterprises.provenance import current_sources
from gaoqi.enterprises.tests.builders import make_enterprise, uscc_for
from gaoqi.enterprises.tests.sort_key_checks import assert_sort_keys_current
from gaoqi.exchange.pipeline import ImportRefused, commit, preview
from gaoqi.exchange.sources import value_sources
from gaoqi.exchange.tests import files
from gaoqi.exchange.tests.conftest import HEADER, indicator_row, snapshot

pytestmark = pytest.mark.django_db
RD_HEADER = ["统一社会信用代码", "年度", "研发费用总额"]


def rd_file(tmp_path, name: str, amount: object, serial: int = 1):
    return files.xlsx(tmp_path / name, [RD_HEADER, [uscc_for(serial), 2024, amount]])


def imported(upload, officer, path, kind="indicators", department="tax", unit="万元"):
    batch = upload(path, kind, department=department, unit=unit)
    summary = preview(batch, officer)
    with acting_as(officer):
        result = commit(batch, officer)
    return summary, result


def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path, firms, upload, officer):
    path = files.xlsx(tmp_path / "a.xlsx", [HEADER, indicator_row(1), indicator_row(2)])
    _summary, first = imported(upload, officer, path)
    assert (first["created"], first["updated"]) == (2, 0)
    data_before = {name: rows for name, rows in snapshot().items() if name != "AuditEntry"}
    entries = AuditEntry.objects.count()
    summary, second = imported(upload, officer, path)
    assert "已于" in summary["repeated"]
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert {name: rows for name, rows in snapshot().items() if name != "AuditEntry"} == data_before
    assert AuditEntry.objects.count() == entries + 1  # the import's own summary entry only


def test_every_value_records_file_department_row_and_time(tmp_path, firms, upload, officer):
    path = files.xlsx(tmp_path / "src.xlsx", [HEADER, indicator_row(2), indicator_row(1, sales_revenue=4321)])
    imported(upload, officer, path, department="statistics")
    source = current_sources(firms[0].pk, [2024])[(2024, "sales_revenue")]
    assert source.value == "4321.0000"
    assert (source.department, source.row, source.recorded_by) == ("statistics", 3, officer)
    assert "src.xlsx" in source.reference and source.recorded_at is not None
    assert source.source_kind == FieldSource.Kind.DEPARTMENT


def test_an_update_changes_only_what_differs_and_bumps_the_version(tmp_path, firms, upload, officer):
    year = FiscalYear.objects.create(enterprise=firms[0], year=2024, sales_revenue=Decimal(3000))
    path = files.xlsx(tmp_path / "u.xlsx", [HEADER, indicator_row(1, total_revenue=5000)])
    summary, _result = imported(upload, officer, path)
    change = summary["changes"][0]
    labels = {item["label"] for item in change["fields"]}
    assert change["action"] == "update" and "销售收入（万元）" not in labels and "总收入（万元）" in labels
    year.refresh_from_db()
    assert (year.total_revenue, year.version) == (Decimal(5000), 2)
    entry = AuditEntry.objects.get(
        model_label="enterprises.FiscalYear", object_id=str(year.pk), action="update"
    )
    assert entry.user == officer and entry.after["total_revenue"] == "5000.0000"
    assert entry.before["total_revenue"] is None


def test_a_stronger_source_keeps_its_value_and_the_conflict_is_kept(tmp_path, firms, upload, officer):
    imported(upload, officer, rd_file(tmp_path, "tax.xlsx", 300), kind="rd", department="tax")
    summary, result = imported(
        upload, officer, rd_file(tmp_path, "own.xlsx", 350), kind="rd", department="enterprise"
    )
    conflict = summary["changes"][0]["conflicts"][0]
    assert (conflict["current"], conflict["incoming"], conflict["kept_current"]) == (
        "300.0000",
        "350.0000",
        True,
    )
    assert result["conflicts"] == 1
    assert FiscalYear.objects.get(enterprise=firms[0]).rd_total == Decimal(300)
    panel = value_sources(firms[0])
    row = next(row for row in panel["rows"] if row["year"] == 2024)
    assert row["current"]["value"] == "300.0000" and row["others"][0]["value"] == "350.0000"
    kept = FieldSource.objects.filter(field="rd_total", is_current=False).count()
    imported(upload, officer, rd_file(tmp_path, "own2.xlsx", 350), kind="rd", department="enterprise")
    assert FieldSource.objects.filter(field="rd_total", is_current=False).count() == kept


def test_a_stronger_source_overrides_a_weaker_one(tmp_path, firms, upload, officer):
    imported(upload, officer, rd_file(tmp_path, "own.xlsx", 350), kind="rd", department="enterprise")
    summary, _result = imported(
        upload, officer, rd_file(tmp_path, "tax.xlsx", 300), kind="rd", department="tax"
    )
    assert summary["changes"][0]["conflicts"][0]["kept_current"] is False
    assert FiscalYear.objects.get(enterprise=firms[0]).rd_total == Decimal(300)
    assert current_sources(firms[0].pk)[(2024, "rd_total")].department == "tax"


def test_precedence_is_a_setting(tmp_path, firms, upload, officer, settings):
    settings.GAOQI_IMPORT_PRECEDENCE = {"rd_*": ["enterprise", "tax"]}
    imported(upload, officer, rd_file(tmp_path, "own.xlsx", 350), kind="rd", department="enterprise")
    imported(upload, officer, rd_file(tmp_path, "tax.xlsx", 300), kind="rd", department="tax")
    assert FiscalYear.objects.get(enterprise=firms[0]).rd_total == Decimal(350)


def test_one_file_is_one_transaction(tmp_path, firms, upload, officer):
    rows = [HEADER, indicator_row(1), indicator_row(2)]
    batch = upload(files.xlsx(tmp_path / "t.xlsx", rows), "indicators")
    assert preview(batch, officer)["errors"] == 0
    firms[1].delete()  # the stored data moved on between the preview and the commit
    before = snapshot()
    with pytest.raises(ImportRefused):
        commit(batch, officer)
    assert snapshot() == before


def test_new_enterprises_from_an_identity_file(tmp_path, db, upload, officer):
    header = ["信用代码", "单位名称", "注册日期", "所在镇街", "所属行业代码", "技术领域"]
    rows = [header, [uscc_for(300), "新建企业有限公司", "2020-01-02", "330603001", "C1713", "4.3"]]
    _summary, result = imported(
        upload, officer, files.xlsx(tmp_path / "e.xlsx", rows), "enterprise", "market"
    )
    assert result["created"] == 1
    firm = Enterprise.objects.get(uscc=uscc_for(300))
    assert (firm.name, firm.town.code, firm.tech_field.code) == ("新建企业有限公司", "330603001", "4.3")
    assert current_sources(firm.pk)[(None, "town")].value == str(firm.town)
    assert AuditEntry.objects.filter(model_label="enterprises.Enterprise", object_id=str(firm.pk)).exists()


def test_imported_fiscal_years_move_the_list_sort_keys(tmp_path, firms, upload, officer):
    FiscalYear.objects.create(enterprise=firms[0], year=2023, sales_revenue=Decimal(100))
    rows = [HEADER, indicator_row(1, sales_revenue=4321), indicator_row(2, year=2023), indicator_row(2)]
    imported(upload, officer, files.xlsx(tmp_path / "k.xlsx", rows))
    imported(upload, officer, files.xlsx(tmp_path / "k2.xlsx", [HEADER, indicator_row(2, sales_revenue=55)]))
    assert assert_sort_keys_current() == 3
    keys = dict(Enterprise.objects.values_list("uscc", "list_sales"))
    assert (keys[uscc_for(1)], keys[uscc_for(2)], keys[uscc_for(3)]) == (Decimal(4321), Decimal(55), None)


def _commit_queries(tmp_path, upload, officer, serials, name) -> int:
    rows = [HEADER, *(indicator_row(serial) for serial in serials)]
    batch = upload(files.xlsx(tmp_path / name, rows), "indicators")
    preview(batch, officer)
    with CaptureQueriesContext(connection) as queries, acting_as(officer):
        commit(batch, officer)
    return len(queries)


def test_no_query_per_row(tmp_path, db, upload, officer):
    for serial in range(10, 70):
        make_enterprise(serial)
    few = _commit_queries(tmp_path, upload, officer, range(10, 13), "few.xlsx")
    many = _commit_queries(tmp_path, upload, officer, range(13, 70), "many.xlsx")
    assert many == few


def test_ip_items_and_certificates_by_their_chinese_names(tmp_path, firms, upload, officer):
    ip_rows = [
        ["统一社会信用代码", "知识产权类型", "专利号", "专利名称", "授权日期", "法律状态"],
        [uscc_for(1), "发明专利", "ZL202310000001.1", "一种纤维的制备方法", "2024-03-01", "有效"],
        [uscc_for(1), "software_copyright", "2024SR000001", "管理软件", 45352, "有效"],
    ]
    _summary, result = imported(upload, officer, files.xlsx(tmp_path / "ip.xlsx", ip_rows), "ip", "market")
    assert result["created"] == 2
    classes = dict(firms[0].ip_assets.values_list("number", "ip_class"))
    assert classes == {"ZL202310000001.1": "I", "2024SR000001": "II"}
    again = imported(upload, officer, files.xlsx(tmp_path / "ip2.xlsx", ip_rows), "ip", "market")[1]
    assert (again["created"], again["unchanged"]) == (0, 2)
    certificates = [
        ["统一社会信用代码", "证书类型", "证书编号", "发证日期"],
        [uscc_for(1), "高新技术企业", "GR202433000001", "2024-12-01"],
        [uscc_for(2), "高新技术企业", "GR202433000002", None],
    ]
    batch = upload(files.xlsx(tmp_path / "cert.xlsx", certificates), "certificates", department="bureau")
    problem = preview(batch, officer)["problems"][0]
    assert (problem["row"], problem["rule"]) == (3, "cross_field") and "发证日期" in problem["message"]


def test_the_preview_page_explains_a_kept_conflict(tmp_path, firms, upload, officer):
    imported(upload, officer, rd_file(tmp_path, "tax.xlsx", 300), kind="rd", department="tax")
    batch = upload(rd_file(tmp_path, "own.xlsx", 350), "rd", department="enterprise")
    preview(batch, officer)
    html = render_to_string("exchange/_preview.html", {"batch": batch})
    assert "300（税务）" in html and "保留税务的值，本文件的值作为另一来源记录" in html

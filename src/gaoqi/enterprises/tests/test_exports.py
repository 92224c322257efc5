"""Excel export: the shared writer (headers, formats, frozen header, injection) and the enterprise list
export (scope, filters, audit record), read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.audit import AuditAction, AuditEntry
from gaoqi.core.excel import Column, neutralise, write_workbook
from gaoqi.enterprises.exports import EXPORT_COLUMNS
from gaoqi.enterprises.models import Enterprise, FiscalYear
from gaoqi.enterprises.tests.role_district import TOWN_A, build_district

EXPORT_URL = reverse("enterprises:export")


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_the_writer_formats_values_and_freezes_the_header():
    columns = [
        Column("企业名称"),
        Column("销售收入（万元）", "wan"),
        Column("研发占比", "ratio"),
        Column("成立日期", "date"),
        Column("职工（人）", "persons"),
    ]
    rows = [["绍兴柯桥某某纺织有限公司", Decimal("12345.6789"), Decimal("0.0512"), date(2015, 3, 1), None]]
    sheet = _sheet(write_workbook(columns, rows, sheet_name="企业名单"))
    assert sheet.title == "企业名单"
    assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E2"
    name, money, ratio, founded, staff = sheet[2]
    assert money.value == pytest.approx(12345.6789) and money.number_format == "#,##0.00"
    assert ratio.value == pytest.approx(0.0512) and ratio.number_format == "0.00%"
    assert founded.value.date() == date(2015, 3, 1) and founded.number_format == "yyyy-mm-dd"
    assert staff.value is None
    # a CJK name is about twice as wide as its character count
    assert sheet.column_dimensions["A"].width >= 2 * len(name.value)


@pytest.mark.parametrize("text", ["=1+2", "+86 575", "-3", "@SUM(A1)", "\t=cmd"])
def test_text_that_looks_like_a_formula_is_neutralised(text):
    sheet = _sheet(write_workbook([Column("名称")], [[text]]))
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + text
    assert neutralise("柯桥=1") == "柯桥=1"


def test_numbers_are_never_neutralised():
    sheet = _sheet(write_workbook([Column("净资产（万元）", "wan")], [[Decimal("-12.5")]]))
    assert sheet["A2"].value == pytest.approx(-12.5)


@pytest.fixture
def district(db):
    return build_district()


def _export(client, user, **params):
    client.force_login(user)
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return _sheet(response.content)


def _uscc_column(sheet) -> list[str]:
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_export_has_chinese_headers_and_the_filtered_rows(client, district):
    year = FiscalYear.objects.get(enterprise=district.a2)
    year.sales_revenue = Decimal("4321.5")
    year.save()
    sheet = _export(client, district.users[Role.BUREAU_OFFICER], town=TOWN_A, sort="name")
    assert [cell.value for cell in sheet[1]] == [str(column.header) for column in EXPORT_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert _uscc_column(sheet) == sorted(
        [district.a1.uscc, district.a2.uscc], key=lambda u: Enterprise.objects.get(uscc=u).name
    )
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == district.a2.uscc)
    headers = [str(column.header) for column in EXPORT_COLUMNS]
    assert row[headers.index("销售收入（万元）")] == pytest.approx(4321.5)
    assert row[headers.index("高企测评结论")] == "不符合"
    assert row[headers.index("镇街")] == district.a2.town.name


def test_a_hostile_name_is_exported_inert(client, district):
    Enterprise.objects.filter(pk=district.a1.pk).update(name='=HYPERLINK("http://evil","点我")')
    sheet = _export(client, district.users[Role.BUREAU_OFFICER], uscc=district.a1.uscc)
    assert sheet["A2"].value == "'" + '=HYPERLINK("http://evil","点我")'
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize(
    ("role", "visible"),
    [(Role.TOWN_OFFICER, ("a1", "a2")), (Role.DEPARTMENT_OFFICER, ("a1", "a2", "b1"))],
)
def test_the_export_respects_the_scope(client, district, role, visible):
    sheet = _export(client, district.users[role])
    assert set(_uscc_column(sheet)) == {getattr(district, name).uscc for name in visible}


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.EXPERT])
def test_roles_without_the_export_permission_are_refused(client, district, role):
    client.force_login(district.users[role])
    assert client.get(EXPORT_URL).status_code == 403


def test_every_export_is_audited_with_its_filters_and_row_count(client, district):
    officer = district.users[Role.TOWN_OFFICER]
    _export(client, officer, verdict="pass")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == officer
    assert entry.after["rows"] == 1
    assert entry.after["filters"] == {"高企测评": "符合"}

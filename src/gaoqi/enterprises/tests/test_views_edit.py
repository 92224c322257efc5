"""Edit forms: permissions, Chinese validation, a failed form writes nothing, optimistic-lock conflicts,
and the evaluation recomputed after a save."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role
from gaoqi.core.audit import acting_as
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.forms import FiscalYearForm
from gaoqi.enterprises.models import Enterprise, Evaluation, FieldSource, FiscalYear
from gaoqi.enterprises.tests.builders import make_applicant
from gaoqi.enterprises.tests.role_district import PHONE, TOWN_A, build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return build_district()


def _year_url(firm: Enterprise, year: int) -> str:
    return reverse("enterprises:year_edit", args=[firm.uscc, year])


def _year_data(fiscal_year: FiscalYear, **changes: str) -> dict[str, str]:
    """The form data a browser posts for ``fiscal_year`` as shown, with ``changes`` typed in."""
    data = {
        name: "" if getattr(fiscal_year, name) is None else str(getattr(fiscal_year, name))
        for name in FiscalYearForm.Meta.fields
    }
    return {**data, "version": str(fiscal_year.version), **changes}


def _profile_data(firm: Enterprise, **changes: str) -> dict[str, str]:
    data = {
        "name": firm.name,
        "registered_on": firm.registered_on.isoformat(),
        "town": str(firm.town_id),
        "industry_code": firm.industry_code,
        "contact_name": firm.contact_name,
        "contact_phone": firm.contact_phone,
        "contact_email": firm.contact_email,
        "version": str(firm.version),
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("role", "firm", "status"),
    [
        (Role.BUREAU_OFFICER, "b1", 200),
        (Role.TOWN_OFFICER, "a1", 200),
        (Role.TOWN_OFFICER, "b1", 404),
        (Role.ENTERPRISE_USER, "a1", 200),
        (Role.ENTERPRISE_USER, "a2", 404),
        (Role.DEPARTMENT_OFFICER, "a1", 403),
        (Role.LEADER, "a1", 403),
    ],
)
def test_only_users_who_may_edit_the_file_get_the_forms(client, district, role, firm, status):
    client.force_login(district.users[role])
    target = getattr(district, firm)
    assert client.get(reverse("enterprises:edit", args=[target.uscc])).status_code == status
    assert client.get(_year_url(target, 2024)).status_code == status


def test_a_refused_post_changes_nothing(client, district):
    client.force_login(district.users[Role.TOWN_OFFICER])
    response = client.post(
        reverse("enterprises:edit", args=[district.b1.uscc]), _profile_data(district.b1, name="改名")
    )
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=district.b1.pk).name == district.b1.name


def test_a_profile_edit_is_saved_and_bumps_the_version(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = client.post(
        reverse("enterprises:edit", args=[district.a1.uscc]),
        _profile_data(district.a1, name="柯桥新名称有限公司"),
    )
    assert response.status_code == 302
    saved = Enterprise.objects.get(pk=district.a1.pk)
    assert (saved.name, saved.version) == ("柯桥新名称有限公司", district.a1.version + 1)


def test_a_saved_edit_records_the_manual_source_of_each_changed_value(client, district):
    officer = district.users[Role.BUREAU_OFFICER]
    fiscal_year = FiscalYear.objects.get(enterprise=district.a1, year=2024)
    FieldSource.objects.create(
        enterprise=district.a1,
        year=2024,
        field="total_revenue",
        value="1234.5",
        source_kind="import",
        department="税务",
        reference="税务2024.xlsx",
        row=7,
    )
    client.force_login(officer)
    response = client.post(
        _year_url(district.a1, 2024), _year_data(fiscal_year, total_revenue="1500", employees="80")
    )
    assert response.status_code == 302
    current = FieldSource.objects.filter(enterprise=district.a1, year=2024, is_current=True)
    assert {
        (source.field, Decimal(source.value), source.source_kind, source.recorded_by) for source in current
    } == {
        ("total_revenue", Decimal(1500), "manual", officer),
        ("employees", Decimal(80), "manual", officer),
    }
    assert FieldSource.objects.get(reference="税务2024.xlsx").is_current is False
    page = client.get(response.url).content.decode()
    assert "来源：手工录入 · 网页编辑 · " + str(officer) in page
    # the change history names the fields in Chinese with the values before and after
    assert "总收入（万元）：" in page and "1500" in page


def test_a_town_officer_cannot_move_a_file_to_another_town(client, district):
    client.force_login(district.users[Role.TOWN_OFFICER])
    other_town = district.b1.town_id
    response = client.post(
        reverse("enterprises:edit", args=[district.a1.uscc]), _profile_data(district.a1, town=str(other_town))
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=district.a1.pk).town.code == TOWN_A


def test_validation_messages_are_chinese_and_a_failed_form_writes_nothing(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    fiscal_year = FiscalYear.objects.get(enterprise=district.a1, year=2024)
    data = _year_data(fiscal_year, employees="10", scitech_staff="12", sales_revenue="-5")
    response = client.post(_year_url(district.a1, 2024), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "科技人员数不能超过职工总数" in page
    assert "确保该值大于或等于0" in page  # Django's own message, in Chinese
    assert "未保存任何修改" in page
    unchanged = FiscalYear.objects.get(pk=fiscal_year.pk)
    assert (unchanged.employees, unchanged.version) == (fiscal_year.employees, fiscal_year.version)


def test_an_empty_required_field_is_reported_in_chinese(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = client.post(
        reverse("enterprises:edit", args=[district.a1.uscc]), _profile_data(district.a1, name="")
    )
    assert "该字段是必填项" in response.content.decode()
    assert Enterprise.objects.get(pk=district.a1.pk).name == district.a1.name


def test_a_concurrent_edit_conflicts_instead_of_overwriting(client, district):
    officer = district.users[Role.BUREAU_OFFICER]
    client.force_login(officer)
    shown = FiscalYear.objects.get(enterprise=district.a1, year=2024)
    # Someone else saves the same year after the form was shown.
    theirs = FiscalYear.objects.get(pk=shown.pk)
    theirs.total_revenue = Decimal("2000")
    colleague = district.users[Role.BUREAU_ADMIN]
    with acting_as(colleague):
        theirs.save()
    response = client.post(_year_url(district.a1, 2024), _year_data(shown, total_revenue="3000"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{colleague} 已于" in page and "修改了该记录" in page
    assert "您的修改未被保存" in page
    [conflict] = response.context["conflicts"]
    assert conflict["label"] == "总收入（万元）"
    assert Decimal(conflict["stored"]) == Decimal("2000") and Decimal(conflict["typed"]) == Decimal("3000")
    stored = FiscalYear.objects.get(pk=shown.pk)
    assert (stored.total_revenue, stored.version) == (Decimal("2000"), theirs.version)


def test_a_saved_figure_recomputes_the_evaluation_and_the_page_shows_it(
    client, district, django_capture_on_commit_callbacks
):
    firm = make_applicant(501, patent="一种高强涤纶纤维")  # R&D 3.75 % of sales; 4 % needed
    evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk))
    before = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert before.result["hnte"]["conditions"]["rd_ratio"]["passed"] is False
    client.force_login(district.users[Role.BUREAU_OFFICER])
    last = FiscalYear.objects.get(enterprise=firm, year=timezone.localdate().year - 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_year_url(firm, last.year), _year_data(last, rd_personnel="1200"))
    assert response.status_code == 302
    after = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert after.pk != before.pk
    assert after.result["hnte"]["conditions"]["rd_ratio"]["passed"] is True
    page = client.get(response.url).content.decode()
    assert "重新测评完成" in page
    assert after.get_hnte_verdict_display() in page


def test_a_new_fiscal_year_is_added_once(client, district):
    client.force_login(district.users[Role.TOWN_OFFICER])
    url = reverse("enterprises:year_create", args=[district.a1.uscc])
    assert client.get(url).context["form"].initial["year"] == 2025
    data = {"year": "2025", "version": "1", "sales_revenue": "2100", "employees": "90", "scitech_staff": "12"}
    assert client.post(url, data).status_code == 302
    added = FiscalYear.objects.get(enterprise=district.a1, year=2025)
    assert (added.sales_revenue, added.scitech_staff) == (Decimal(2100), Decimal(12))
    assert set(
        FieldSource.objects.filter(enterprise=district.a1, year=2025).values_list("field", flat=True)
    ) == {
        "sales_revenue",
        "employees",
        "scitech_staff",
    }
    again = client.post(url, {**data, "sales_revenue": "1"})
    assert "2025 年度指标已存在" in again.content.decode()
    assert FiscalYear.objects.get(pk=added.pk).sales_revenue == Decimal(2100)
    assert client.get(reverse("enterprises:year_create", args=[district.b1.uscc])).status_code == 404


def test_the_history_shows_an_update_before_and_after_and_masks_contacts_by_role(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    data = _profile_data(district.a1, contact_phone="13955556666")
    assert client.post(reverse("enterprises:edit", args=[district.a1.uscc]), data).status_code == 302
    url = reverse("enterprises:detail", args=[district.a1.uscc])
    officer_view = client.get(url).context["history"][0]
    assert officer_view["changes"] == [{"label": "联系电话", "before": PHONE, "after": "13955556666"}]
    client.force_login(district.users[Role.DEPARTMENT_OFFICER])
    page = client.get(url).content.decode()
    assert "13955556666" not in page and PHONE not in page
    assert "139****6666" in page

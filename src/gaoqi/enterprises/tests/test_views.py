"""Enterprise pages per role: list, filters, sorting, HTMX partials, the file page and query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.enterprises.tests.role_district import PHONE, TOWN_A, build_district

pytestmark = pytest.mark.django_db
LIST_URL = reverse("enterprises:list")


@pytest.fixture
def district():
    return build_district()


def _listed(client, user, **params) -> list[str]:
    client.force_login(user)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return [firm.uscc for firm in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.BUREAU_OFFICER, ("a1", "a2", "b1")),
        (Role.LEADER, ("a1", "a2", "b1")),
        (Role.DEPARTMENT_OFFICER, ("a1", "a2", "b1")),
        (Role.TOWN_OFFICER, ("a1", "a2")),
        (Role.ENTERPRISE_USER, ("a1",)),
    ],
)
def test_the_list_shows_exactly_the_users_scope(client, district, role, visible):
    expected = {getattr(district, name).uscc for name in visible}
    assert set(_listed(client, district.users[role])) == expected


@pytest.mark.parametrize("role", [Role.EXPERT, Role.UNIVERSITY_USER, Role.FINANCE_USER])
def test_roles_without_enterprise_access_are_refused(client, district, role):
    client.force_login(district.users[role])
    assert client.get(LIST_URL).status_code == 403
    assert client.get(reverse("enterprises:detail", args=[district.a1.uscc])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, district):
    response = client.get(reverse("enterprises:detail", args=[district.a1.uscc]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "firm", "status"),
    [
        (Role.TOWN_OFFICER, "a1", 200),
        (Role.TOWN_OFFICER, "b1", 404),
        (Role.ENTERPRISE_USER, "a1", 200),
        (Role.ENTERPRISE_USER, "a2", 404),
        (Role.BUREAU_OFFICER, "b1", 200),
    ],
)
def test_a_file_outside_the_scope_is_a_404(client, district, role, firm, status):
    client.force_login(district.users[role])
    url = reverse("enterprises:detail", args=[getattr(district, firm).uscc])
    assert client.get(url).status_code == status
    assert client.get(reverse("enterprises:plan", args=[getattr(district, firm).uscc])).status_code == status


def test_filters_by_verdict_town_name_and_uscc(client, district):
    officer = district.users[Role.BUREAU_OFFICER]
    assert set(_listed(client, officer, verdict="pass")) == {district.a1.uscc, district.b1.uscc}
    assert _listed(client, officer, verdict="fail") == [district.a2.uscc]
    assert set(_listed(client, officer, town=TOWN_A)) == {district.a1.uscc, district.a2.uscc}
    assert _listed(client, officer, q="业303") == [district.b1.uscc]
    assert _listed(client, officer, uscc=district.a2.uscc.lower()) == [district.a2.uscc]
    assert _listed(client, officer, uscc=district.a2.uscc[:12]) != []


def test_industry_section_and_division_filters_combine(client, district):
    Enterprise.objects.filter(pk=district.b1.pk).update(industry_code="I6513")
    officer = district.users[Role.BUREAU_OFFICER]
    assert set(_listed(client, officer, section="C")) == {district.a1.uscc, district.a2.uscc}
    assert _listed(client, officer, division="I65") == [district.b1.uscc]
    assert _listed(client, officer, section="C", division="I65") == []


def test_a_filter_cannot_widen_the_scope(client, district):
    town_officer = district.users[Role.TOWN_OFFICER]
    assert _listed(client, town_officer, uscc=district.b1.uscc) == []
    assert _listed(client, town_officer, town=district.b1.town.code) == []


def test_a_wrong_check_digit_is_reported_in_chinese(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    wrong = district.a1.uscc[:-1] + ("0" if district.a1.uscc[-1] != "0" else "1")
    response = client.get(LIST_URL, {"uscc": wrong})
    assert response.context["form"].errors["uscc"]
    assert "统一社会信用代码" in response.content.decode()


def test_sorting_by_name_both_ways_and_unknown_keys_fall_back(client, district):
    officer = district.users[Role.BUREAU_OFFICER]
    names = sorted([district.a1, district.a2, district.b1], key=lambda firm: firm.name)
    ascending = [firm.uscc for firm in names]
    assert _listed(client, officer, sort="name") == ascending
    assert _listed(client, officer, sort="-name") == ascending[::-1]
    assert _listed(client, officer, sort="-password") == ascending


def test_sorting_by_last_years_sales(client, district):
    for firm, sales in ((district.b1, "900"), (district.a2, "100")):
        year = FiscalYear.objects.get(enterprise=firm)
        year.sales_revenue = Decimal(sales)
        year.save()
    listed = _listed(client, district.users[Role.BUREAU_OFFICER], sort="-sales")
    assert listed[:2] == [district.b1.uscc, district.a2.uscc]


def test_an_htmx_request_gets_only_the_table(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    full = client.get(LIST_URL).content.decode()
    partial = client.get(LIST_URL, {"verdict": "fail"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and 'id="enterprise-filters"' in full
    assert "<html" not in partial and 'data-testid="enterprise-table"' in partial
    assert district.a2.name in partial and district.a1.name not in partial


def test_both_exports_carry_the_current_filters(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    page = client.get(LIST_URL, {"town": TOWN_A, "sort": "-sales"}).content.decode()
    query = f"?town={TOWN_A}&amp;sort=-sales"
    assert f'href="{reverse("enterprises:export")}{query}"' in page
    assert f'action="{reverse("jobs:export", args=["enterprises"])}{query}"' in page
    client.force_login(district.users[Role.ENTERPRISE_USER])
    assert reverse("enterprises:export") not in client.get(LIST_URL).content.decode()


def test_the_list_runs_a_fixed_number_of_queries(client, district, django_assert_max_num_queries):
    for serial in range(400, 440):
        firm = make_enterprise(serial, town_code=TOWN_A)
        FiscalYear.objects.create(enterprise=firm, year=2024, sales_revenue=Decimal(serial))
        Evaluation.objects.create(
            enterprise=firm, as_of="2026-01-01", result={}, hnte_verdict="fail", inputs_hash="x"
        )
    client.force_login(district.users[Role.BUREAU_OFFICER])
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL, {"sort": "-sales"})
    assert len(response.context["page"].object_list) == 43


def test_the_file_page_shows_profile_indicators_and_evaluation(
    client, district, django_assert_max_num_queries
):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    url = reverse("enterprises:detail", args=[district.a1.uscc])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    page = response.content.decode()
    assert district.a1.name in page and PHONE in page
    assert "1,234.50" in page  # total revenue of 2024 in 万元
    assert 'data-chart="chart-revenue"' in page and 'id="chart-revenue"' in page
    assert response.context["evaluation"].hnte_verdict == "pass"


def test_error_pages_explain_in_chinese(client, district, settings):
    settings.DEBUG = False
    client.force_login(district.users[Role.TOWN_OFFICER])
    missing = client.get(reverse("enterprises:detail", args=[district.b1.uscc]))
    assert missing.status_code == 404 and "不在您的数据权限范围内" in missing.content.decode()
    assert district.b1.name not in missing.content.decode()
    client.force_login(district.users[Role.EXPERT])
    refused = client.get(LIST_URL)
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()


def test_illustrative_tiers_are_labelled_as_such(client, district):
    latest = Evaluation.objects.get(enterprise=district.a1)
    latest.tier = Evaluation.Tier.LITTLE_GIANT
    latest.save()
    client.force_login(district.users[Role.BUREAU_OFFICER])
    assert (
        "示例口径（待区科技局确认）"
        in client.get(reverse("enterprises:detail", args=[district.a1.uscc])).content.decode()
    )
    assert (
        "示例口径" not in client.get(reverse("enterprises:detail", args=[district.a2.uscc])).content.decode()
    )
    assert client.get(LIST_URL).content.decode().count("※") == 1


def test_contact_data_is_masked_for_department_officers(client, district):
    client.force_login(district.users[Role.DEPARTMENT_OFFICER])
    page = client.get(reverse("enterprises:detail", args=[district.a1.uscc])).content.decode()
    assert PHONE not in page
    assert PHONE[:3] + "****" + PHONE[-4:] in page


def test_the_workbench_counts_only_the_users_scope(client, district):
    today = timezone.localdate()
    Certificate.objects.all().delete()
    Certificate.objects.create(enterprise=district.a1, kind="hnte", issued_on=today - timedelta(days=900))
    Certificate.objects.create(enterprise=district.a2, kind="hnte", issued_on=today - timedelta(days=1200))
    Certificate.objects.create(enterprise=district.b1, kind="hnte", issued_on=today - timedelta(days=300))
    client.force_login(district.users[Role.TOWN_OFFICER])
    response = client.get(reverse("core:home"))
    assert response.context["enterprise_count"] == 2
    assert response.context["verdicts"]["pass"] == 1 and response.context["verdicts"]["fail"] == 1
    assert (response.context["hnte_valid"], response.context["expiring_count"]) == (1, 1)
    assert district.a1.name in response.content.decode()
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = client.get(reverse("core:home"))
    assert response.context["enterprise_count"] == 3
    assert (response.context["hnte_valid"], response.context["expiring_count"]) == (2, 1)


def test_the_workbench_runs_a_fixed_number_of_queries(client, district, django_assert_max_num_queries):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:home"))
    assert 'data-chart="chart-towns"' in response.content.decode()


def test_an_enterprise_user_is_offered_its_own_file(client, district):
    client.force_login(district.users[Role.ENTERPRISE_USER])
    response = client.get(reverse("core:home"))
    assert response.context["own_enterprise"] == district.a1
    assert reverse("enterprises:detail", args=[district.a1.uscc]) in response.content.decode()


def test_navigation_offers_only_pages_the_role_may_open(client, district):
    client.force_login(district.users[Role.EXPERT])
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("enterprises:list") not in page
    client.force_login(district.users[Role.TOWN_OFFICER])
    assert reverse("enterprises:list") in client.get(reverse("core:home")).content.decode()

"""The list's sort keys on the enterprise row follow every write of what they copy: evaluations (and the
latest one changing), fiscal years saved or deleted through the forms, the API and the ORM, stale saves
of the enterprise; and the list reads them without joining the evaluations or the fiscal years."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gaoqi.accounts.models import Role
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise, Evaluation, FiscalYear
from gaoqi.enterprises.sort_keys import SORT_KEY_FIELDS, refresh_sort_keys
from gaoqi.enterprises.tests.builders import make_applicant, make_enterprise
from gaoqi.enterprises.tests.role_district import TOWN_A, build_district
from gaoqi.enterprises.tests.sort_key_checks import assert_sort_keys_current

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return build_district()


def _keys(firm: Enterprise) -> tuple:
    firm.refresh_from_db()
    return tuple(getattr(firm, key) for key in SORT_KEY_FIELDS)


def test_the_role_district_built_through_the_orm_has_its_keys(district):
    assert _keys(district.a1)[:2] == (Evaluation.Verdict.PASS, Evaluation.Tier.NONE)
    assert _keys(district.a1)[4] == 2024
    assert _keys(make_enterprise(498)) == (None,) * len(SORT_KEY_FIELDS)
    assert assert_sort_keys_current() == 4


def test_an_evaluation_and_its_successor_set_the_keys():
    firm = make_applicant(501)
    today = timezone.localdate()
    assert evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk), today) == 1
    first = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert _keys(firm)[:4] == (first.hnte_verdict, first.tier, first.score_min, first.score_max)
    assert _keys(firm)[4:] == (today.year - 1, Decimal("8000"))
    # Changed behind the signals' back: only the evaluation's own refresh can bring the keys along.
    FiscalYear.objects.filter(enterprise=firm, year=today.year - 1).update(
        rd_personnel=Decimal("1200"), sales_revenue=Decimal("8100")
    )
    assert evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk), today) == 1  # the flip of is_latest
    second = Evaluation.objects.get(enterprise=firm, is_latest=True)
    assert second.pk != first.pk
    assert _keys(firm) == (
        second.hnte_verdict,
        second.tier,
        second.score_min,
        second.score_max,
        today.year - 1,
        Decimal("8100"),
    )
    assert_sort_keys_current([firm.pk])


def test_a_fiscal_year_edited_and_added_through_the_forms_moves_the_keys(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    year = FiscalYear.objects.get(enterprise=district.a1, year=2024)
    data = {"year": "2024", "version": str(year.version), "sales_revenue": "777", "total_revenue": "1234.5"}
    edit = client.post(reverse("enterprises:year_edit", args=[district.a1.uscc, 2024]), data)
    assert edit.status_code == 302
    assert _keys(district.a1)[4:] == (2024, Decimal("777"))
    create = reverse("enterprises:year_create", args=[district.a1.uscc])
    assert client.post(create, {"year": "2025", "version": "1", "sales_revenue": "2100"}).status_code == 302
    assert _keys(district.a1)[4:] == (2025, Decimal("2100"))
    assert_sort_keys_current()


def test_a_fiscal_year_created_and_changed_through_the_api_moves_the_keys(district):
    api = APIClient()
    api.force_authenticate(district.users[Role.BUREAU_OFFICER])
    created = api.post(
        "/api/fiscal-years/", {"enterprise": district.a2.pk, "year": 2025, "sales_revenue": "5"}
    )
    assert created.status_code == 201
    assert _keys(district.a2)[4:] == (2025, Decimal("5"))
    body = created.json()
    changed = api.patch(
        f"/api/fiscal-years/{body['id']}/", {"sales_revenue": "6", "version": body["version"]}
    )
    assert changed.status_code == 200
    assert _keys(district.a2)[4:] == (2025, Decimal("6"))


def test_deleting_fiscal_years_falls_back_to_the_year_before(district):
    firm = district.a1
    FiscalYear.objects.create(enterprise=firm, year=2025, sales_revenue=Decimal("10"))
    assert _keys(firm)[4:] == (2025, Decimal("10"))
    FiscalYear.objects.get(enterprise=firm, year=2025).delete()
    assert _keys(firm)[4:] == (2024, None)
    FiscalYear.objects.filter(enterprise=firm).delete()  # a queryset delete sends the signals too
    assert _keys(firm)[4:] == (None, None)


def test_an_evaluation_saved_or_deleted_alone_moves_the_keys(district):
    latest = Evaluation.objects.get(enterprise=district.b1, is_latest=True)
    latest.tier, latest.score_min, latest.score_max = Evaluation.Tier.HNTE, 71, 74
    latest.save()
    assert _keys(district.b1)[:4] == (Evaluation.Verdict.PASS, Evaluation.Tier.HNTE, 71, 74)
    latest.delete()
    assert _keys(district.b1)[:4] == (None, None, None, None)


def test_a_stale_enterprise_instance_does_not_leave_stale_keys(district):
    stale = Enterprise.objects.get(pk=district.a2.pk)
    FiscalYear.objects.create(enterprise=district.a2, year=2025, sales_revenue=Decimal("99"))
    stale.address = "新址"
    stale.save()  # writes every column, the old keys with them
    assert _keys(district.a2)[4:] == (2025, Decimal("99"))


def test_deleting_an_enterprise_takes_its_rows_without_refreshing_them(district):
    firm = district.a1
    with CaptureQueriesContext(connection) as queries:
        firm.delete()
    assert not Enterprise.objects.filter(pk=firm.pk).exists()
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "enterprises_enterprise"')]


def test_a_refresh_takes_ids_a_queryset_or_everything(district):
    Enterprise.objects.update(list_verdict="x", list_year=1)
    assert refresh_sort_keys([district.a1.pk, district.a1.pk]) == 1
    assert refresh_sort_keys(Enterprise.objects.filter(town__code=TOWN_A)) == 2
    assert Enterprise.objects.get(pk=district.b1.pk).list_verdict == "x"
    assert refresh_sort_keys() == 3
    assert refresh_sort_keys([]) == 0
    assert_sort_keys_current()


def test_the_list_reads_the_keys_from_the_row(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("enterprises:list"), {"town": TOWN_A, "verdict": "pass", "sort": "-sales"}
        )
    assert [firm.uscc for firm in response.context["page"].object_list] == [district.a1.uscc]
    listing = [q["sql"] for q in queries.captured_queries if "enterprises_enterprise" in q["sql"]]
    assert listing and not [sql for sql in listing if "enterprises_evaluation" in sql or "fiscalyear" in sql]
    count = [sql for sql in listing if "COUNT(" in sql]
    assert len(count) == 1 and "JOIN" not in count[0]  # the count reads the filtered rows alone


def test_a_later_evaluation_date_keeps_one_latest_and_its_keys():
    firm = make_applicant(502)
    today = timezone.localdate()
    evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk), today - timedelta(days=1))
    evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk), today)
    assert Evaluation.objects.filter(enterprise=firm, is_latest=True).count() == 1
    assert_sort_keys_current([firm.pk])


def test_a_row_shows_every_column_escaped(client, district):
    firm = make_enterprise(497, town_code=TOWN_A, name='<script>"甲&乙"</script>有限公司')
    FiscalYear.objects.create(enterprise=firm, year=2024, sales_revenue=Decimal("12345.678"))
    Evaluation.objects.create(
        enterprise=firm,
        as_of="2025-01-01",
        result={},
        hnte_verdict=Evaluation.Verdict.UNCERTAIN,
        tier=Evaluation.Tier.LEADING,
        score_min=68,
        score_max=74,
        inputs_hash="x",
    )
    client.force_login(district.users[Role.BUREAU_OFFICER])
    page = client.get(reverse("enterprises:list"), {"verdict": "uncertain"}).content.decode()
    assert '<script>"甲' not in page
    detail = reverse("enterprises:detail", args=[firm.uscc])
    assert f'<a href="{detail}">&lt;script&gt;&quot;甲&amp;乙&quot;&lt;/script&gt;有限公司</a>' in page
    assert '<td class="num">12,345.68<span class="text-secondary small ms-1">2024</span></td>' in page
    assert '<td class="small text-nowrap">科技领军企业<sup class="text-secondary"' in page
    assert '<span class="badge bg-yellow-lt">待专家评定</span>' in page
    assert '<td class="num">68–74</td>' in page


def test_the_api_does_not_expose_the_copies(district):
    api = APIClient()
    api.force_authenticate(district.users[Role.BUREAU_OFFICER])
    body = api.get(f"/api/enterprises/{district.a1.pk}/").json()
    assert body["latest_hnte_verdict"] == Evaluation.Verdict.PASS
    assert not [key for key in body if key.startswith("list_")]

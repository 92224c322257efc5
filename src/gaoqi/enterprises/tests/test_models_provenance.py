"""Provenance: each value's current source, with earlier sources kept as history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import FieldSource
from gaoqi.enterprises.provenance import current_sources, record_sources
from gaoqi.enterprises.tests.builders import make_enterprise

pytestmark = pytest.mark.django_db


def test_a_newer_source_replaces_the_current_one_and_keeps_the_history(django_assert_max_num_queries):
    firm = make_enterprise(401)
    officer = User.objects.create_user(username="officer", role=Role.BUREAU_OFFICER)
    record_sources(
        firm.pk,
        {"sales_revenue": Decimal("100.5"), "employees": Decimal("20")},
        year=2024,
        kind=FieldSource.Kind.IMPORT,
        department="tax",
        reference="税务2024.xlsx",
        row=7,
    )
    record_sources(firm.pk, {"sales_revenue": Decimal("120")}, year=2024, user=officer)
    record_sources(firm.pk, {"name": "新名称有限公司"}, user=officer)
    with django_assert_max_num_queries(1):
        sources = current_sources(firm.pk)
    assert set(sources) == {(2024, "sales_revenue"), (2024, "employees"), (None, "name")}
    sales = sources[(2024, "sales_revenue")]
    assert (sales.value, sales.source_kind, sales.recorded_by) == ("120", FieldSource.Kind.MANUAL, officer)
    employees = sources[(2024, "employees")]
    assert (employees.department, employees.reference, employees.row) == ("tax", "税务2024.xlsx", 7)
    history = FieldSource.objects.filter(enterprise=firm, year=2024, field="sales_revenue")
    assert sorted(history.values_list("value", "is_current")) == [("100.5", False), ("120", True)]


def test_current_sources_can_be_limited_to_years():
    firm = make_enterprise(402)
    record_sources(firm.pk, {"sales_revenue": 1}, year=2023)
    record_sources(firm.pk, {"sales_revenue": 2}, year=2024)
    record_sources(firm.pk, {"address": "柯桥"})
    assert set(current_sources(firm.pk, years=[2024])) == {(2024, "sales_revenue")}
    assert set(current_sources(firm.pk, years=[None, 2023])) == {(2023, "sales_revenue"), (None, "address")}


def test_sources_of_one_enterprise_do_not_touch_another():
    first, second = make_enterprise(403), make_enterprise(404)
    record_sources(first.pk, {"sales_revenue": 1}, year=2024)
    record_sources(second.pk, {"sales_revenue": 2}, year=2024)
    assert current_sources(first.pk)[(2024, "sales_revenue")].value == "1"
    assert record_sources(first.pk, {}) == []

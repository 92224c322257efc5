"""The engine bridge: the file as input tables and contract records, checked against hand-worked values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from gaoqi.enterprises.bridge import build_tables, records_from_tables, to_record
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.policy import tables_from_records
from gaoqi.reference.models import Segment, TechField

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 6, 1)


def _ip(enterprise, kind, **fields):
    return IPAsset(enterprise=enterprise, kind=kind, title=f"{kind}-{len(fields)}", **fields)


@pytest.fixture
def small():
    """A textile firm with two fiscal years and one item of each situation the bridge must judge."""
    firm = make_enterprise(
        101,
        tech_field=TechField.objects.get(code="4.3"),
        segment=Segment.objects.get(code="textile"),
        standards_drafted=True,
        rd_management={"system": 4},
    )
    FiscalYear.objects.create(
        enterprise=firm,
        year=2023,
        sales_revenue=Decimal("1234.5678"),
        total_revenue=Decimal("1300"),
        hitech_revenue=Decimal("900.0001"),
        rd_personnel=Decimal("50"),
        rd_direct=Decimal("20.5"),
        rd_entrusted_domestic=Decimal("10"),
        rd_total=Decimal("999"),
        ded_five=Decimal("70"),
        net_assets=Decimal("-3.5"),
        employees=Decimal("100.5"),
        scitech_staff=Decimal("12.25"),
    )
    FiscalYear.objects.create(enterprise=firm, year=2024, rd_total=Decimal("80"), rd_domestic=Decimal("60"))
    IPAsset.objects.bulk_create(
        [
            _ip(firm, "invention"),  # class I, self-developed
            _ip(firm, "utility_model", acquisition="transfer"),  # class II
            _ip(firm, "utility_model", hnte_used_year=2025),  # used in this year's application: counts
            _ip(firm, "utility_model", hnte_used_year=2022),  # used before: class II only once
            _ip(firm, "software_copyright", status="expired"),
            _ip(firm, "design", expires_on=dt.date(2025, 5, 1)),  # protection ended before as_of
            _ip(firm, "invention", granted_on=dt.date(2025, 7, 1)),  # granted after as_of
            _ip(firm, "invention", supports_main_product=False),
            _ip(firm, "trademark"),
        ]
    )
    Achievement.objects.bulk_create(
        Achievement(enterprise=firm, title=f"成果{year}", year=year)
        for year in (2021, 2022, 2023, 2024, 2025)
    )
    RDInstitution.objects.create(
        enterprise=firm, name="市级中心", level="municipal", recognised_on=dt.date(2020, 1, 1)
    )
    RDInstitution.objects.create(
        enterprise=firm, name="国家中心", level="national", recognised_on=dt.date(2026, 1, 1)
    )
    Incident.objects.create(
        enterprise=firm, kind="environment", severity="serious", occurred_on=dt.date(2024, 7, 1)
    )
    Incident.objects.create(enterprise=firm, kind="safety", severity="other", occurred_on=dt.date(2025, 1, 1))
    Certificate.objects.bulk_create(
        [
            Certificate(enterprise=firm, kind="hnte", issued_on=dt.date(2019, 11, 1)),
            Certificate(enterprise=firm, kind="hnte", issued_on=dt.date(2022, 12, 1)),
            Certificate(enterprise=firm, kind="hnte", issued_on=dt.date(2025, 12, 1)),
            Certificate(enterprise=firm, kind="tech_sme", year=2023),
            Certificate(enterprise=firm, kind="tech_sme", issued_on=dt.date(2024, 4, 1)),
            Certificate(enterprise=firm, kind="tech_sme", year=2026),
        ]
    )
    return firm


def test_enterprise_row_derives_the_facts_the_engine_takes_as_given(small):
    bare = make_enterprise(102, town_code="330603002", industry_code="I6513")
    built = build_tables(Enterprise.objects.filter(pk__in=[small.pk, bare.pk]).order_by("uscc"), AS_OF)
    assert built.enterprise_ids == [small.pk, bare.pk]
    rows = built.tables.enterprises.to_dicts()
    assert {key: rows[0][key] for key in rows[0] if key not in {"name", "uscc"}} == {
        "idx": 0,
        "registered_on": dt.date(2015, 3, 1),
        "industry_code": "C1713",
        "section": "C",
        "tech_field": "4.3",
        "town": "柯桥街道",
        "ip_class1": 1,
        "ip_class2": 2,
        "ip_self_developed": True,
        "achievements_3y": 3,
        "standards_drafted": True,
        "rdm_system": 4,
        "rdm_institution": None,
        "rdm_incentives": None,
        "rdm_talent": None,
        "expert_advancement": None,
        "expert_core_support": None,
        "expert_acquisition": None,
        "expert_standards": None,
        "expert_transformation": None,
        "major_incident_1y": True,
        "rd_institution": "municipal",
        "hnte_issued_on": dt.date(2022, 12, 1),
        "tech_sme_registered": [2023, 2024],
        "national_award_top3_5y": False,
        "led_standard_5y": False,
        "ic_or_mother_machine": False,
    }
    empty = rows[1]
    assert (empty["section"], empty["town"], empty["tech_field"]) == ("I", "柯岩街道", None)
    assert (empty["ip_class1"], empty["ip_class2"], empty["ip_self_developed"]) == (0, 0, False)
    assert (empty["achievements_3y"], empty["rd_institution"], empty["major_incident_1y"]) == (
        0,
        "none",
        False,
    )
    assert (empty["hnte_issued_on"], empty["tech_sme_registered"]) == (None, [])


def test_year_rows_are_integer_yuan_and_ten_thousandths_with_categories_replacing_totals(small):
    years = build_tables(Enterprise.objects.filter(pk=small.pk), AS_OF).tables.years
    first, second = years.to_dicts()
    expected_first = dict.fromkeys(years.columns, None)
    expected_first.update(
        idx=0,
        year=2023,
        sales_revenue=12_345_678,
        total_revenue=13_000_000,
        hitech_revenue=9_000_001,
        rd_personnel=500_000,
        rd_direct=205_000,
        rd_depreciation=0,
        rd_amortization=0,
        rd_design=0,
        rd_trials=0,
        rd_entrusted_domestic=100_000,
        rd_entrusted_overseas=0,
        rd_other=0,
        ded_five=700_000,
        ded_other=0,
        ded_entrusted_domestic=0,
        ded_entrusted_overseas=0,
        net_assets=-35_000,
        employees=1_005_000,
        scitech_staff=122_500,
    )
    assert first == expected_first
    assert (second["year"], second["rd_total"], second["rd_domestic"], second["rd_personnel"]) == (
        2024,
        800_000,
        600_000,
        None,
    )
    assert second["ded_five"] is None


def test_the_number_of_queries_does_not_grow_with_the_enterprises(small, django_assert_max_num_queries):
    for serial in range(103, 113):
        firm = make_enterprise(serial)
        FiscalYear.objects.create(enterprise=firm, year=2024, sales_revenue=Decimal(serial))
        IPAsset.objects.create(enterprise=firm, kind="invention", title="专利")
    with django_assert_max_num_queries(8):
        built = build_tables(Enterprise.objects.all(), AS_OF)
    assert built.tables.enterprises.height == 11
    assert built.tables.years.height == 12


def test_the_record_is_the_contract_json_and_reads_back_to_the_same_tables(small):
    record = to_record(small, AS_OF)
    assert record["ip"] == {"class1": 1, "class2": 2, "self_developed": True}
    assert record["hnte_certificate"] == {"issued_on": "2022-12-01"}
    assert record["rd_management"] == {"system": 4}
    assert record["expert"] is None
    assert record["fiscal_years"][0]["rd"] == {
        "personnel": 50.0,
        "direct": 20.5,
        "depreciation": 0.0,
        "amortization": 0.0,
        "design": 0.0,
        "trials": 0.0,
        "entrusted_domestic": 10.0,
        "entrusted_overseas": 0.0,
        "other": 0.0,
    }
    assert record["fiscal_years"][0]["sales_revenue"] == 1234.5678
    assert "rd_total" not in record["fiscal_years"][0]
    assert record["fiscal_years"][1] == {"year": 2024, "rd_total": 80.0, "rd_domestic": 60.0}
    batch = tables_from_records([record])
    assert batch.errors == []
    ours = build_tables(Enterprise.objects.filter(pk=small.pk), AS_OF).tables
    assert batch.tables.enterprises.equals(ours.enterprises)
    assert batch.tables.years.equals(ours.years)


def test_records_keep_the_input_order(small):
    other = make_enterprise(120, name="甲公司")
    built = build_tables(Enterprise.objects.filter(pk__in=[small.pk, other.pk]).order_by("-uscc"), AS_OF)
    assert [record["uscc"] for record in records_from_tables(built.tables)] == [other.uscc, small.uscc]
    assert pl.Series(built.enterprise_ids).to_list() == [other.pk, small.pk]


@pytest.mark.parametrize(
    ("kind", "severity", "occurred_on", "expected"),
    [
        ("safety", "major", dt.date(2024, 6, 1), True),  # exactly 365 days before as_of
        ("safety", "major", dt.date(2024, 5, 31), False),  # 366 days before
        ("quality", "major", AS_OF, True),
        ("quality", "serious", dt.date(2025, 1, 1), False),  # only major accidents count
        ("environment", "serious", dt.date(2025, 1, 1), True),
        ("credit", "major", dt.date(2025, 1, 1), False),  # a credit flag is not an incident of condition 8
    ],
)
def test_major_incident_window_and_kinds(kind, severity, occurred_on, expected):
    firm = make_enterprise(130)
    Incident.objects.create(enterprise=firm, kind=kind, severity=severity, occurred_on=occurred_on)
    built = build_tables(Enterprise.objects.filter(pk=firm.pk), AS_OF)
    assert built.tables.enterprises["major_incident_1y"].to_list() == [expected]


def test_amounts_reach_the_tables_exactly_to_the_yuan():
    amounts = [
        "0.0001",
        "0.3",
        "0.1",
        "1234.5678",
        "4999.9999",
        "12345678.9012",
        "99999999.9999",
        "100000000",
    ]
    firm = make_enterprise(140)
    for year, amount in enumerate(amounts, start=2000):
        FiscalYear.objects.create(enterprise=firm, year=year, sales_revenue=Decimal(amount))
    years = build_tables(Enterprise.objects.filter(pk=firm.pk), AS_OF).tables.years
    assert years["sales_revenue"].to_list() == [int(Decimal(amount) * 10_000) for amount in amounts]

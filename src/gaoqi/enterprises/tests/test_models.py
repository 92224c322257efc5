"""The enterprise file's models: USCC validation, cross-field rules, IP class, optimistic locking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gaoqi.core.models import StaleEditError
from gaoqi.enterprises.models import Certificate, Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise, uscc_for

pytestmark = pytest.mark.django_db


def test_a_uscc_with_the_right_check_digit_passes_full_clean():
    enterprise = make_enterprise(1)
    enterprise.full_clean()


@pytest.mark.parametrize(
    "uscc",
    [
        "91330621MA2BC1234C",  # wrong check digit (the right one is B)
        "91330621MA2BC1234",  # 17 characters
        "91330621ma2bc1234b",  # lower case
        "91330621MA2BC1I34B",  # I is not in the alphabet
    ],
)
def test_a_malformed_uscc_is_rejected_in_chinese(uscc):
    enterprise = make_enterprise(2)
    enterprise.uscc = uscc
    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()
    assert "统一社会信用代码" in caught.value.message_dict["uscc"][0]


def test_an_industry_code_needs_a_known_division():
    enterprise = make_enterprise(3, industry_code="C9913")
    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()
    assert "C99" in caught.value.message_dict["industry_code"][0]


def test_fiscal_year_cross_field_rules_name_the_field_at_fault():
    year = FiscalYear(
        enterprise=make_enterprise(4),
        year=2024,
        employees=Decimal("10"),
        scitech_staff=Decimal("10.5"),
        total_revenue=Decimal("100"),
        hitech_revenue=Decimal("100.0001"),
        rd_total=Decimal("5"),
        rd_domestic=Decimal("5"),
    )
    with pytest.raises(ValidationError) as caught:
        year.full_clean()
    assert set(caught.value.message_dict) == {"scitech_staff", "hitech_revenue"}


def test_negative_money_is_rejected_except_net_assets():
    year = FiscalYear(
        enterprise=make_enterprise(5), year=2024, net_assets=Decimal("-3"), cost_total=Decimal("-1")
    )
    with pytest.raises(ValidationError) as caught:
        year.full_clean()
    assert set(caught.value.message_dict) == {"cost_total"}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("invention", "I"),
        ("ic_layout", "I"),
        ("utility_model", "II"),
        ("software_copyright", "II"),
        ("trademark", "none"),
    ],
)
def test_ip_class_follows_the_kind_on_save_and_bulk_create(kind, expected):
    enterprise = make_enterprise(6)
    saved = IPAsset.objects.create(enterprise=enterprise, kind=kind, title="一项")
    IPAsset.objects.bulk_create([IPAsset(enterprise=enterprise, kind=kind, title="另一项")])
    assert saved.ip_class == expected
    assert set(IPAsset.objects.values_list("ip_class", flat=True)) == {expected}


def test_an_hnte_certificate_needs_its_date_of_issue():
    certificate = Certificate(enterprise=make_enterprise(7), kind=Certificate.Kind.HNTE, number="GR2023")
    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()
    assert "issued_on" in caught.value.message_dict


def test_every_save_increments_the_version():
    enterprise = make_enterprise(8)
    assert enterprise.version == 1
    enterprise.name = "改名有限公司"
    enterprise.save()
    enterprise.refresh_from_db()
    assert (enterprise.version, enterprise.name) == (2, "改名有限公司")


def test_a_stale_edit_conflicts_and_writes_nothing():
    enterprise = make_enterprise(9)
    first = Enterprise.objects.get(pk=enterprise.pk)
    second = Enterprise.objects.get(pk=enterprise.pk)
    first.address = "柯桥街道一号"
    first.save_versioned(first.version)
    second.address = "柯桥街道二号"
    with pytest.raises(StaleEditError) as caught:
        second.save_versioned(1)
    assert "已被他人修改" in str(caught.value)
    assert second.version == 1
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.version) == ("柯桥街道一号", 2)


def test_an_edit_form_version_older_than_the_row_conflicts_even_with_a_fresh_instance():
    enterprise = make_enterprise(10)
    Enterprise.objects.get(pk=enterprise.pk).save()
    fresh = Enterprise.objects.get(pk=enterprise.pk)
    fresh.name = "迟到的修改"
    with pytest.raises(StaleEditError):
        fresh.save_versioned(1)
    fresh.save_versioned(2)
    assert Enterprise.objects.get(pk=enterprise.pk).name == "迟到的修改"


def test_save_with_update_fields_still_checks_and_bumps_the_version():
    enterprise = make_enterprise(11)
    stale = Enterprise.objects.get(pk=enterprise.pk)
    enterprise.save(update_fields=["name"])
    stale.name = "旧"
    with pytest.raises(StaleEditError):
        stale.save(update_fields=["name"])
    assert Enterprise.objects.get(pk=enterprise.pk).version == 2


def test_usccs_built_for_tests_are_distinct_and_valid():
    codes = {uscc_for(n) for n in range(50)}
    assert len(codes) == 50

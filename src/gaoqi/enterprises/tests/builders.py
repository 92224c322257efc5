"""Small builders of real enterprise-file rows for tests (valid USCCs, towns from the fixtures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gaoqi.enterprises.models import Enterprise, FiscalYear, IPAsset
from gaoqi.policy.inputs.uscc import check_digit
from gaoqi.reference.models import TechField, Town


def uscc_for(serial: int) -> str:
    """A valid USCC (right check digit) that differs for every ``serial``."""
    body = f"91330621MA{serial:07d}"
    return body + check_digit(body)


def make_enterprise(serial: int, town_code: str = "330603001", **fields: Any) -> Enterprise:
    """Create an enterprise in the town with ``town_code``; ``fields`` override the defaults."""
    values: dict[str, Any] = {
        "uscc": uscc_for(serial),
        "name": f"测试企业{serial}有限公司",
        "registered_on": date(2015, 3, 1),
        "town": Town.objects.get(code=town_code),
        "industry_code": "C1713",
        **fields,
    }
    return Enterprise.objects.create(**values)


def make_applicant(serial: int, rd_personnel: str = "200", patent: str = "一种纤维") -> Enterprise:
    """A firm of tech field 4.3 with one invention patent and the three fiscal years before this year:
    8,000 万元 sales, 200 employees of whom 30 in science and technology, and R&D of ``rd_personnel``
    plus 100 万元 a year (with the default, 3.75 % of sales: just short of the 4 % bracket)."""
    firm = make_enterprise(serial, tech_field=TechField.objects.get(code="4.3"))
    this_year = timezone.localdate().year
    for year in range(this_year - 3, this_year):
        FiscalYear.objects.create(
            enterprise=firm,
            year=year,
            sales_revenue=Decimal("8000"),
            total_revenue=Decimal("8200"),
            hitech_revenue=Decimal("6000"),
            rd_personnel=Decimal(rd_personnel),
            rd_direct=Decimal("100"),
            net_assets=Decimal("3000"),
            total_assets=Decimal("9000"),
            employees=Decimal("200"),
            scitech_staff=Decimal("30"),
        )
    IPAsset.objects.create(enterprise=firm, kind="invention", title=patent)
    return firm

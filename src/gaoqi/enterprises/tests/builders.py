"""Small builders of real enterprise-file rows for tests (valid USCCs, towns from the fixtures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gaoqi.enterprises.models import Enterprise
from gaoqi.policy.inputs.uscc import check_digit
from gaoqi.reference.models import Town


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

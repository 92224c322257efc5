"""A few example enterprises in the contract's record format (for the sample workbook and tests)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gaoqi.policy.inputs.uscc import check_digit


def sample_uscc(body: str) -> str:
    """A USCC from its first 17 characters, with the right check digit.

    >>> sample_uscc("91330621MA2BC1234")
    '91330621MA2BC1234B'
    """
    return body + check_digit(body)


def _year(
    year: int, sales: str, hitech: str, rd: dict[str, Any] | None, staff: tuple[str, str], **extra: Any
) -> dict[str, Any]:
    employees, scitech = staff
    values = {
        "year": year,
        "sales_revenue": Decimal(sales),
        "total_revenue": Decimal(sales) + Decimal("12.5"),
        "hitech_revenue": Decimal(hitech),
        "rd": rd,
        "net_assets": Decimal(sales) * Decimal("0.4"),
        "total_assets": Decimal(sales) * Decimal("0.9"),
        "cost_total": Decimal(sales) * Decimal("0.85"),
        "employees": Decimal(employees),
        "scitech_staff": Decimal(scitech),
    }
    return values | extra


def _rd(personnel: str, direct: str, other: str = "0", entrusted: str = "0") -> dict[str, Decimal]:
    return {
        "personnel": Decimal(personnel),
        "direct": Decimal(direct),
        "depreciation": Decimal("12.3456"),
        "other": Decimal(other),
        "entrusted_domestic": Decimal(entrusted),
    }


def sample_records() -> list[dict[str, Any]]:
    """Four example enterprises (fresh objects on every call)."""
    return [
        {
            "uscc": sample_uscc("91330621MA2BC1234"),
            "name": "绍兴示例印染有限公司",
            "registered_on": "2012-05-18",
            "industry_code": "C1713",
            "tech_field": "4.3",
            "town": "柯桥街道",
            "fiscal_years": [
                _year(2023, "8650.25", "6120", _rd("210.5", "160", "30", "40"), ("186", "24")),
                _year(2024, "9300", "6800.1234", _rd("240", "175.75", "28"), ("190", "25.5")),
                _year(2025, "10120.5", "7350", _rd("268", "190", "35", "60"), ("201", "27")),
            ],
            "ip": {"class1": 2, "class2": 9, "self_developed": True},
            "achievements_3y": 7,
            "standards_drafted": True,
            "rd_management": {"system": 5, "institution": 4, "incentives": 3, "talent": 3},
            "expert": None,
            "major_incident_1y": False,
            "rd_institution": "municipal",
            "hnte_certificate": {"issued_on": "2023-12-08"},
            "tech_sme_registered": [2024, 2025],
            "national_award_top3_5y": False,
            "led_standard_5y": False,
            "ic_or_mother_machine": False,
        },
        {
            "uscc": sample_uscc("91330621MA2D56789"),
            "name": "绍兴示例软件科技有限公司",
            "registered_on": "2020-09-01",
            "industry_code": "I6513",
            "tech_field": "1.1",
            "town": "柯岩街道",
            "fiscal_years": [
                _year(2024, "1530", "1302.5", _rd("160.2", "12"), ("42", "19")),
                _year(
                    2025,
                    "1875.3",
                    "1650",
                    None,
                    ("48", "21"),
                    rd_total=Decimal("210.8"),
                    rd_domestic=Decimal("198.4"),
                ),
                _year(2023, "980", "820", _rd("118", "9.5"), ("35", "16")),
            ],
            "ip": {"class1": 0, "class2": 6, "self_developed": True},
            "achievements_3y": 3,
            "standards_drafted": False,
            "rd_management": None,
            "major_incident_1y": False,
            "rd_institution": "none",
        },
        {
            "uscc": sample_uscc("91330621MA2E24680"),
            "name": "绍兴示例纺机制造有限公司",
            "registered_on": "2016-03-22",
            "industry_code": "C3551",
            "tech_field": "8.5",
            "town": "齐贤街道",
            "fiscal_years": [
                _year(
                    2025,
                    "25600",
                    "14000",
                    _rd("520", "610", "90"),
                    ("420", "45"),
                    deduction_rd={"five": Decimal("1180.5"), "other": Decimal("80")},
                ),
                _year(2024, "23100.75", "12800", _rd("480", "560", "85"), ("405", "41.25")),
            ],
            "ip": {"class1": 1, "class2": 3, "self_developed": False},
            "achievements_3y": 2,
            "standards_drafted": False,
            "major_incident_1y": False,
            "rd_institution": "provincial",
            "ic_or_mother_machine": True,
        },
        {
            "uscc": sample_uscc("92330621MA2F13579"),
            "name": "绍兴示例新材料有限公司",
            "registered_on": "2024-06-30",
            "industry_code": "C2651",
            "tech_field": None,
            "town": "钱清街道",
            "fiscal_years": [_year(2025, "310.4", "0", {}, ("12", "3"))],
            "major_incident_1y": False,
            "rd_institution": "none",
        },
    ]

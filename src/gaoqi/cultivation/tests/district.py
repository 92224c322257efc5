"""A small hand-made district for the cultivation tests: firms whose HNTE distance is set by their R&D."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import Achievement, Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.reference.models import TechField

AS_OF = date(2026, 6, 1)
TOWN_A, TOWN_B = "330603001", "330603002"
SALES = Decimal("8000")  # 万元 in the last fiscal year, so the R&D ratio bracket is 4 %


def add_years(firm: Enterprise, rd_personnel: Decimal, *, scitech: Decimal = Decimal(30)) -> None:
    """Three fiscal years before ``AS_OF`` (growing sales); R&D is ``rd_personnel`` plus 100 万元 direct."""
    for offset, growth in ((3, Decimal("0.50")), (2, Decimal("0.70")), (1, Decimal(1))):
        FiscalYear.objects.create(
            enterprise=firm,
            year=AS_OF.year - offset,
            sales_revenue=SALES * growth,
            total_revenue=(SALES + 200) * growth,
            hitech_revenue=Decimal("6000") * growth,
            rd_personnel=rd_personnel * growth,
            rd_direct=Decimal("100") * growth,
            net_assets=Decimal("3000") * growth,
            total_assets=Decimal("9000") * growth,
            employees=Decimal("200"),
            scitech_staff=scitech,
        )


STRONG_POINTS = {
    "rd_management": {"system": 6, "institution": 6, "incentives": 4, "talent": 4},
    "expert_points": {
        "advancement": 8,
        "core_support": 8,
        "acquisition": 6,
        "standards": 2,
        "transformation": 30,
    },
}


def make_firm(
    serial: int,
    rd_personnel: str,
    *,
    town: str = TOWN_A,
    inventions: int = 2,
    scitech: str = "30",
    strong: bool = False,
) -> Enterprise:
    """A firm in the 4.3 field with ``inventions`` patents; its R&D ratio follows ``rd_personnel``
    (600 passes the 4 % bracket, 150 falls short). A ``strong`` firm has full expert points and 15
    transformed achievements, so its innovation score passes (then 600 passes HNTE recognition)."""
    firm = make_enterprise(
        serial,
        town_code=town,
        name=f"测试培育企业{serial}有限公司",
        registered_on=date(2012, 5, 8),
        tech_field=TechField.objects.get(code="4.3"),
        **(STRONG_POINTS if strong else {}),
    )
    add_years(firm, Decimal(rd_personnel), scitech=Decimal(scitech))
    for number in range(inventions):
        IPAsset.objects.create(enterprise=firm, kind="invention", title=f"一种方法{serial}-{number}")
    for number in range(15 if strong else 0):
        Achievement.objects.create(enterprise=firm, title=f"成果{number}", year=AS_OF.year - 1 - number % 3)
    return firm


def set_rd(firm: Enterprise, rd_personnel: str) -> None:
    """Change the last fiscal year's R&D personnel cost (万元)."""
    FiscalYear.objects.filter(enterprise=firm, year=AS_OF.year - 1).update(rd_personnel=Decimal(rd_personnel))


def make_user(username: str, role: Any, **fields: Any) -> User:
    """A user with ``role`` (and e.g. ``town_code`` or ``enterprise``)."""
    return User.objects.create_user(username, password="Keqiao-Test-2026", role=role, **fields)


def officer() -> User:
    """A bureau officer."""
    return make_user("officer", Role.BUREAU_OFFICER, display_name="王科员")

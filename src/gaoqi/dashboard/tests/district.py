"""A small hand-made district for the dashboard tests: two towns, certificates, fiscal years and
latest evaluations whose every aggregate is computed by hand in the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.reference.models import Segment

TOWN_A, TOWN_B = "330603001", "330603002"
AS_OF = dt.date(2025, 6, 30)
PASSWORD = "Keqiao-Dashboard-2026"


@dataclass
class District:
    """The enterprises by short name and one user per role tested."""

    a1: Enterprise
    a2: Enterprise
    b1: Enterprise
    b2: Enterprise
    officer: User
    town_officer: User


def _evaluation(enterprise: Enterprise, tier: str, *, latest: bool = True, verdict: str = "fail") -> None:
    Evaluation.objects.create(
        enterprise=enterprise,
        as_of=AS_OF,
        result={"double_zero": {"no_rd_activity": tier == "none", "no_rd_institution": False}},
        hnte_verdict=verdict,
        tier=tier,
        inputs_hash="x",
        is_latest=latest,
    )


def _year(enterprise: Enterprise, year: int, sales: str, **rd: str) -> None:
    FiscalYear.objects.create(
        enterprise=enterprise,
        year=year,
        sales_revenue=Decimal(sales),
        **{name: Decimal(value) for name, value in rd.items()},
    )


def build() -> District:
    """A1 (HNTE 2023, segment textile) and A2 (tech-SME 2024, 2025) in town A; B1 (HNTE 2020, now
    none) and B2 (HNTE 2022, expiring within 6 months of AS_OF) in town B."""
    textile = Segment.objects.get(code="textile")
    a1 = make_enterprise(801, TOWN_A, name="柯桥甲一新材料有限公司", segment=textile)
    a2 = make_enterprise(802, TOWN_A, name="柯桥甲二纺织有限公司")
    b1 = make_enterprise(803, TOWN_B, name="柯岩乙一机械有限公司")
    b2 = make_enterprise(804, TOWN_B, name="柯岩乙二光电有限公司")
    hnte = Certificate.Kind.HNTE
    Certificate.objects.create(enterprise=a1, kind=hnte, number="GR2023001", issued_on=dt.date(2023, 3, 1))
    Certificate.objects.create(enterprise=b1, kind=hnte, number="GR2020001", issued_on=dt.date(2020, 12, 1))
    Certificate.objects.create(enterprise=b2, kind=hnte, number="GR2022001", issued_on=dt.date(2022, 9, 1))
    for year in (2024, 2025):
        Certificate.objects.create(
            enterprise=a2, kind=Certificate.Kind.TECH_SME, number=f"T{year}", year=year
        )
    _year(a1, 2023, "800", rd_total="40")
    _year(a1, 2024, "1000", rd_total="50")
    _year(a2, 2024, "3000", rd_personnel="60", rd_direct="30")
    _year(b1, 2024, "2000")
    _evaluation(a1, "hnte", verdict="pass")
    _evaluation(a2, "tech_sme")
    _evaluation(b1, "hnte", latest=False)
    _evaluation(b1, "none")
    _evaluation(b2, "hnte", verdict="pass")
    officer = User.objects.create_user("officer", password=PASSWORD, role=Role.BUREAU_OFFICER)
    town_officer = User.objects.create_user(
        "town_a", password=PASSWORD, role=Role.TOWN_OFFICER, town_code=TOWN_A
    )
    return District(a1, a2, b1, b2, officer, town_officer)

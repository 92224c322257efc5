"""A small district for role tests: enterprises in two towns, each with a full file, and one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gaoqi.accounts.models import Department, Role, User
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise

TOWN_A, TOWN_B = "330603001", "330603002"
PHONE, EMAIL, CONTACT = "13812345678", "boss@firm.cn", "张三丰"


@dataclass
class District:
    a1: Enterprise
    a2: Enterprise
    b1: Enterprise
    users: dict[str, User]

    def ids(self, *names: str) -> set[int]:
        """The ids of the named enterprises."""
        return {getattr(self, name).pk for name in names}


def _file(serial: int, town: str, verdict: str) -> Enterprise:
    firm = make_enterprise(
        serial, town_code=town, contact_name=CONTACT, contact_phone=PHONE, contact_email=EMAIL
    )
    FiscalYear.objects.create(enterprise=firm, year=2024, total_revenue=Decimal("1234.5000"))
    IPAsset.objects.create(enterprise=firm, kind="invention", title=f"专利{serial}")
    Certificate.objects.create(
        enterprise=firm, kind="hnte", number=f"GR2024{serial}", issued_on=date(2024, 12, 1)
    )
    Evaluation.objects.create(
        enterprise=firm, as_of=date(2026, 1, 1), result={"ok": serial}, hnte_verdict=verdict, inputs_hash="x"
    )
    return firm


def build_district() -> District:
    """Three enterprises (two in town A, one in town B) and one active user of every role."""
    a1 = _file(301, TOWN_A, Evaluation.Verdict.PASS)
    a2 = _file(302, TOWN_A, Evaluation.Verdict.FAIL)
    b1 = _file(303, TOWN_B, Evaluation.Verdict.PASS)
    scope = {
        Role.TOWN_OFFICER: {"town_code": TOWN_A},
        Role.DEPARTMENT_OFFICER: {"department": Department.TAX},
        Role.ENTERPRISE_USER: {"enterprise": a1},
    }
    users = {role: User.objects.create_user(role, role=role, **scope.get(role, {})) for role in Role.values}
    return District(a1=a1, a2=a2, b1=b1, users=users)

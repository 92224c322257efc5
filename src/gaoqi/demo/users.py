"""One demo user per role, sharing a documented password that satisfies the password policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import Count
from django.utils.translation import gettext as _

from gaoqi.accounts.models import Department, Role
from gaoqi.enterprises.models import Enterprise
from gaoqi.reference.models import Town

DEMO_PASSWORD = "Gaoqi-Demo-2026"
"""The password of every demo account (printed by ``demo_data`` and ``demo``; change it in production)."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    scope: str
    """What the account is bound to: a town, a department or an enterprise (empty: none)."""


def create_demo_users(town_code: str, town_name: str, enterprise: Enterprise | None) -> list[DemoLogin]:
    """Create or update the demo users, the town officer bound to ``town_code``, the enterprise user to
    ``enterprise``."""
    specs = [
        ("demo_admin", Role.BUREAU_ADMIN, _("演示管理员"), {}, ""),
        ("demo_officer", Role.BUREAU_OFFICER, _("演示科技局工作人员"), {}, ""),
        ("demo_leader", Role.LEADER, _("演示局领导"), {}, ""),
        ("demo_town", Role.TOWN_OFFICER, _("演示镇街工作人员"), {"town_code": town_code}, town_name),
        (
            "demo_tax",
            Role.DEPARTMENT_OFFICER,
            _("演示税务部门工作人员"),
            {"department": Department.TAX},
            str(Department.TAX.label),
        ),
        (
            "demo_enterprise",
            Role.ENTERPRISE_USER,
            _("演示企业用户"),
            {"enterprise": enterprise},
            enterprise.name if enterprise else "",
        ),
        ("demo_university", Role.UNIVERSITY_USER, _("演示高校院所用户"), {"organisation": _("演示大学")}, ""),
        ("demo_expert", Role.EXPERT, _("演示评审专家"), {}, ""),
        ("demo_finance", Role.FINANCE_USER, _("演示金融机构用户"), {"organisation": _("演示银行")}, ""),
    ]
    user_model = get_user_model()
    logins = []
    for username, role, display_name, scope, scope_label in specs:
        user, _created = user_model.objects.update_or_create(
            username=username,
            defaults={"role": role, "display_name": display_name, "is_active": True, **scope},
        )
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save()
        logins.append(DemoLogin(username, str(role.label), display_name, scope_label))
    return logins


def demo_scope() -> tuple[str, str, Enterprise | None]:
    """The busiest town and, in it, a tech SME (else any enterprise) for the enterprise user."""
    town = Town.objects.annotate(size=Count("enterprises")).order_by("-size", "code").first()
    if town is None:
        return "", "", None
    in_town = Enterprise.objects.filter(town=town).order_by("name")
    enterprise = in_town.filter(certificates__kind="tech_sme").first() or in_town.first()
    return town.code, town.name, enterprise


def format_logins(logins: list[DemoLogin]) -> str:
    """The demo accounts as a Chinese table for the terminal."""
    lines = [_("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD}]
    for login in logins:
        scope = f"（{login.scope}）" if login.scope else ""
        lines.append(f"  {login.username:<16} {login.role}{scope}")
    return "\n".join(lines)

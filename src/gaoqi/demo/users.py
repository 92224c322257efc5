"""One demo user per role, sharing a documented password that satisfies the password policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.models import Department, Role
from gaoqi.enterprises.models import Enterprise
from gaoqi.reference.models import Town

DEMO_PASSWORD = "Gaoqi-Demo-2026"
"""The password of every demo account (printed by ``demo_data`` and ``demo``; never use it in production)."""

DEMO_ACCOUNTS = (
    ("demo_admin", Role.BUREAU_ADMIN, gettext_lazy("演示管理员"), {}),
    ("demo_officer", Role.BUREAU_OFFICER, gettext_lazy("演示科技局工作人员"), {}),
    ("demo_leader", Role.LEADER, gettext_lazy("演示局领导"), {}),
    ("demo_town", Role.TOWN_OFFICER, gettext_lazy("演示镇街工作人员"), {}),
    (
        "demo_tax",
        Role.DEPARTMENT_OFFICER,
        gettext_lazy("演示税务部门工作人员"),
        {"department": Department.TAX},
    ),
    ("demo_enterprise", Role.ENTERPRISE_USER, gettext_lazy("演示企业用户"), {}),
    ("demo_university", Role.UNIVERSITY_USER, gettext_lazy("演示高校院所用户"), {"organisation": "演示大学"}),
    ("demo_expert", Role.EXPERT, gettext_lazy("演示评审专家"), {}),
    ("demo_finance", Role.FINANCE_USER, gettext_lazy("演示金融机构用户"), {"organisation": "演示银行"}),
)
"""Username, role, display name and fixed scope fields of each demo account."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    """What the account is bound to: a town, a department or an enterprise (empty: none)."""


def create_demo_users(town_code: str, enterprise: Enterprise | None) -> None:
    """Create or reset the demo accounts; the town officer sees ``town_code``, the enterprise user
    ``enterprise``."""
    bound = {"demo_town": {"town_code": town_code}, "demo_enterprise": {"enterprise": enterprise}}
    user_model = get_user_model()
    for username, role, display_name, scope in DEMO_ACCOUNTS:
        defaults = {"role": role, "display_name": str(display_name), "is_active": True}
        user, _created = user_model.objects.update_or_create(
            username=username, defaults={**defaults, **scope, **bound.get(username, {})}
        )
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save()


def demo_scope() -> tuple[str, Enterprise | None]:
    """The busiest town and, in it, a tech SME (else any enterprise) for the enterprise user."""
    town = Town.objects.annotate(size=Count("enterprises")).order_by("-size", "code").first()
    if town is None:
        return "", None
    in_town = Enterprise.objects.filter(town=town).order_by("name")
    return town.code, in_town.filter(certificates__kind="tech_sme").first() or in_town.first()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, in role order, with what each is bound to."""
    users = (
        get_user_model()
        .objects.select_related("enterprise")
        .in_bulk([username for username, *_rest in DEMO_ACCOUNTS], field_name="username")
    )
    towns = dict(Town.objects.values_list("code", "name"))
    logins = []
    for username, role, _display, _scope in DEMO_ACCOUNTS:
        user = users.get(username)
        if user is not None:
            scope = towns.get(user.town_code, "") or user.get_department_display()
            scope = scope or (user.enterprise.name if user.enterprise else "")
            logins.append(DemoLogin(username, str(role.label), scope))
    return logins


def format_logins(logins: list[DemoLogin]) -> str:
    """The demo accounts as a Chinese table for the terminal."""
    lines = [_("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD}]
    for login in logins:
        scope = f"（{login.scope}）" if login.scope else ""
        lines.append(f"  {login.username:<16} {login.role}{scope}")
    return "\n".join(lines)

"""Presentation helpers shared by every page: navigation, money and ratio formats, verdict badges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.permissions import Perm, perms_for
from gaoqi.enterprises.models import Evaluation

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation: shown when its URL exists and the user holds ``perm``."""

    label: str
    url_name: str
    perm: Perm | None = None
    section: str = ""
    badge: str = ""  # dotted path of ``badge(user)`` (a count, or text such as 99+) shown when truthy


NavEntry = tuple[NavItem, str, Callable[[Any], int | str] | None]  # an item, its URL and its badge's counter


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("工作台"), "core:home", None, "core"),
    NavItem(_("驾驶舱"), "dashboard:index", Perm.VIEW_DASHBOARD, "dashboard"),
    NavItem(_("企业档案"), "enterprises:list", Perm.VIEW_ENTERPRISES, "enterprises"),
    NavItem(_("高企培育"), "cultivation:pool", Perm.VIEW_ENTERPRISES, "cultivation"),
    NavItem(_("双清零"), "monitoring:double_zero:overview", Perm.VIEW_DASHBOARD, "monitoring:double_zero"),
    NavItem(_("目标考核"), "monitoring:targets:ranking", Perm.VIEW_DASHBOARD, "monitoring:targets"),
    NavItem(
        _("预警"),
        "monitoring:alerts:inbox",
        Perm.VIEW_ENTERPRISES,
        "monitoring:alerts",
        "gaoqi.monitoring.alerts.unread_badge",
    ),
    NavItem(_("数据导入"), "exchange:list", Perm.IMPORT_DATA, "exchange"),
    NavItem(_("后台任务"), "jobs:list", Perm.EXPORT, "jobs"),  # every role that may start some job
    NavItem(_("用户管理"), "accounts:user_list", Perm.MANAGE_USERS, "accounts"),
    NavItem(_("审计日志"), "audit:list", Perm.VIEW_AUDIT, "audit"),
)


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> list[dict[str, Any]]:
    """The navigation entries the current user may follow, each with its URL and whether it is active."""
    request = context["request"]
    user = getattr(request, "user", None)  # none on a page served without middleware (a static 404)
    if user is None:
        return []
    current = getattr(request.resolver_match, "app_name", "") or ""
    entries = _entries(perms_for(user), get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    return [
        {
            "label": item.label,
            "url": url,
            "active": current == item.section,
            "badge": badge(user) if badge else 0,
        }
        for item, url, badge in entries
    ]


@lru_cache(maxsize=64)
def _entries(perms: frozenset[Perm], script_prefix: str, urlconf: Any) -> tuple[NavEntry, ...]:
    """The entries open to holders of ``perms``, each with its URL and badge counter: the same for every
    request of a role, so computed once per process (per URL prefix and URLconf, which decide the URLs)."""
    entries = []
    for item in NAVIGATION:
        if item.perm is not None and item.perm not in perms:
            continue
        try:
            url = reverse(item.url_name, urlconf=urlconf)
        except NoReverseMatch:
            continue
        entries.append((item, url, import_string(item.badge) if item.badge else None))
    return tuple(entries)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def wan(value: Any, places: int = 2) -> str:
    """An amount in 万元 with thousands separators, e.g. ``12,345.68``; ``—`` when unknown."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{number:,.{int(places)}f}"


@register.filter
def persons(value: Any) -> str:
    """A head count: whole persons without decimals, fractional averages with one decimal."""
    number = _decimal(value)
    if number is None:
        return "—"
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.1f}"


@register.filter
def pct(value: Any, places: int = 2) -> str:
    """A ratio given as a fraction (0.05) shown as a percentage (``5.00%``)."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{number * 100:.{int(places)}f}%"


_VERDICTS = {
    Evaluation.Verdict.PASS: (Evaluation.Verdict.PASS.label, "bg-green-lt"),
    Evaluation.Verdict.UNCERTAIN: (Evaluation.Verdict.UNCERTAIN.label, "bg-yellow-lt"),
    Evaluation.Verdict.FAIL: (Evaluation.Verdict.FAIL.label, "bg-red-lt"),
    True: (_("达标"), "bg-green-lt"),
    False: (_("未达标"), "bg-red-lt"),
    None: (_("未知"), "bg-secondary-lt"),
}


@register.inclusion_tag("core/_verdict_badge.html")
def verdict_badge(verdict: Any) -> dict[str, Any]:
    """A coloured badge for an engine verdict (pass/uncertain/fail) or a condition's passed flag."""
    label, css = _VERDICTS.get(verdict, (_("未评价"), "bg-secondary-lt"))
    return {"label": label, "css": css}


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or ``None`` when absent (for label lookups in templates)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with ``changes`` applied (``None`` removes a key), for sort and page links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"

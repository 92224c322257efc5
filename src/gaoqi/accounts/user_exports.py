"""The user list as the bureau admin's page shows it (search and role filter) and as Excel (the list
source ``users``, only for those who manage users)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.accounts.models import Role, User
from gaoqi.accounts.permissions import Perm
from gaoqi.core.excel import Column
from gaoqi.jobs.exports import ExportSpec, export_source, resolved
from gaoqi.reference.models import Town

EXPORT_LABEL = gettext_lazy("平台用户")
EXPORT_COLUMNS = (
    Column(gettext_lazy("用户名")),
    Column(gettext_lazy("姓名")),
    Column(gettext_lazy("角色")),
    Column(gettext_lazy("数据范围"), width=30),
    Column(gettext_lazy("所属单位"), width=30),
    Column(gettext_lazy("状态")),
    Column(gettext_lazy("最近登录"), width=20),
)


def user_filters(query: QueryDict) -> tuple[str, str]:
    """The query's search text and valid role (blank when absent or unknown)."""
    role = query.get("role", "")
    return query.get("q", "").strip(), role if role in Role.values else ""


def filtered_users(query: QueryDict) -> QuerySet[User]:
    """Every user matching the query's search (username, name, organisation) and role, by username."""
    town_name = Town.objects.filter(code=OuterRef("town_code")).values("name")[:1]
    users = User.objects.select_related("enterprise").annotate(town_name=Subquery(town_name))
    text, role = user_filters(query)
    if text:
        users = users.filter(
            Q(username__icontains=text) | Q(display_name__icontains=text) | Q(organisation__icontains=text)
        )
    if role:
        users = users.filter(role=role)
    return users.order_by("username")


def scope_text(user: User) -> str:
    """The town, department or enterprise that bounds ``user``'s data, as the page shows it."""
    if user.town_code:
        return user.town_name or user.town_code
    if user.department:
        return str(user.get_department_display())
    return str(user.enterprise or "")


def export_rows(users: QuerySet[User]) -> Iterator[list[Any]]:
    """One row per user, in ``EXPORT_COLUMNS`` order."""
    for user in users.iterator(chunk_size=2000):
        yield [
            user.username,
            user.display_name,
            str(user.get_role_display()),
            scope_text(user),
            user.organisation,
            _("启用") if user.is_active else _("停用"),
            user.last_login.strftime("%Y-%m-%d %H:%M") if user.last_login else "",
        ]


@export_source("users", EXPORT_LABEL, perm=Perm.MANAGE_USERS)
def user_list(user: Any, query: QueryDict) -> ExportSpec:
    """The user list as the page shows it with ``query`` (every user: the page is the admin's)."""
    users = filtered_users(query)
    text, role = user_filters(query)
    shown = {_("搜索"): text} if text else {}
    if role:
        shown[_("角色")] = str(Role(role).label)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(users),
        total=users.count(),
        filters=shown,
    )

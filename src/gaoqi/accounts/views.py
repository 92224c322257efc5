"""The bureau admin's user management: list, create, edit role and scope, deactivate."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.forms import UserForm
from gaoqi.accounts.models import Role, User
from gaoqi.accounts.permissions import Perm, require
from gaoqi.accounts.user_exports import filtered_users, user_filters

PAGE_SIZE = 50


@require(Perm.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    """Every user, searchable by name and filterable by role."""
    users = filtered_users(request.GET)
    query, role = user_filters(request.GET)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "roles": Role.choices, "query": query, "role": role}
    return render(request, "accounts/user_list.html", context)


@require(Perm.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    """Create a user with a role, its scope and a password."""
    return _edit(request, User(), _("用户已创建。"))


@require(Perm.MANAGE_USERS)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a user's role, scope, contact data or password."""
    return _edit(request, get_object_or_404(User, pk=pk), _("用户已保存。"))


def _edit(request: HttpRequest, user: User, done: str) -> HttpResponse:
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@require(Perm.MANAGE_USERS)
@require_POST
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate an active user or reactivate an inactive one (never oneself)."""
    user = get_object_or_404(User, pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, _("不能停用自己的账号。"))
        return redirect("accounts:user_list")
    user.is_active = not user.is_active
    user.save(update_fields=["is_active"])
    messages.success(request, _("账号已启用。") if user.is_active else _("账号已停用。"))
    return redirect("accounts:user_list")

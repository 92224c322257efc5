"""Django admin for users (a maintenance tool; the bureau admin's own pages are under /accounts/users/)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import LoginThrottle, User


@admin.register(User)
class GaoqiUserAdmin(UserAdmin):
    """Django's user admin with the role and its scope."""

    list_display = ("username", "display_name", "role", "town_code", "department", "enterprise", "is_active")
    list_filter = ("role", "department", "is_active")
    search_fields = ("username", "display_name", "organisation")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("角色与数据范围"),
            {
                "fields": (
                    "role",
                    "display_name",
                    "phone",
                    "town_code",
                    "department",
                    "organisation",
                    "enterprise",
                )
            },
        ),
    )


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Locked or counting username/address pairs; deleting a row lifts its lock."""

    list_display = ("username", "ip", "failures", "window_start", "locked_until")
    search_fields = ("username", "ip")
    readonly_fields = ("username", "ip", "failures", "window_start", "locked_until")

    def has_add_permission(self, request: object) -> bool:
        return False

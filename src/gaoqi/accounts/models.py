"""The platform user: one role, and the town, department or organisation that bounds its data scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("科技局管理员")
    BUREAU_OFFICER = "bureau_officer", _("科技局工作人员")
    LEADER = "leader", _("局领导")
    TOWN_OFFICER = "town_officer", _("镇街工作人员")
    DEPARTMENT_OFFICER = "department_officer", _("部门工作人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    UNIVERSITY_USER = "university_user", _("高校院所用户")
    EXPERT = "expert", _("评审专家")
    FINANCE_USER = "finance_user", _("金融机构用户")


class Department(models.TextChoices):
    TAX = "tax", _("税务")
    FINANCE = "finance", _("财政")
    ECONOMY = "economy", _("经信")
    MARKET = "market", _("市场监管")
    FINANCE_OFFICE = "finance_office", _("金融办")
    STATISTICS = "statistics", _("统计")


class User(AbstractUser):
    """A person who logs in. ``role`` decides what they may do; the scope fields decide what they see."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.BUREAU_OFFICER)
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=32, blank=True)
    town_code = models.CharField(_("所属镇街代码"), max_length=16, blank=True)
    department = models.CharField(_("所属部门"), max_length=32, choices=Department.choices, blank=True)
    organisation = models.CharField(_("所属单位"), max_length=128, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class LoginThrottle(models.Model):
    """Failed logins of one username from one address; shared by every app process through the database."""

    username = models.CharField(_("用户名"), max_length=150)
    ip = models.CharField(_("IP 地址"), max_length=64)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    window_start = models.DateTimeField(_("计数开始时间"))
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录限制")
        verbose_name_plural = _("登录限制")
        constraints = (models.UniqueConstraint(fields=("username", "ip"), name="login_throttle_username_ip"),)

    def __str__(self) -> str:
        return f"{self.username}@{self.ip}"

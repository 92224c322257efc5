"""The audit log as data: one row per change of domain data, export, login or failed login."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    EXPORT = "export", _("导出")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")


class AuditEntry(models.Model):
    """Who did what to which object, with the values before and after, when and from where."""

    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    model_label = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    enterprise_id = models.BigIntegerField(_("企业ID"), null=True, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    changed_fields = models.JSONField(_("变更字段"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    request_id = models.CharField(_("请求ID"), max_length=64, blank=True, db_index=True)
    ip = models.CharField(_("IP 地址"), max_length=64, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ("-at", "-id")
        indexes = (
            models.Index(fields=("enterprise_id", "-at"), name="audit_enterprise_at"),
            models.Index(fields=("model_label", "object_id"), name="audit_object"),
            models.Index(fields=("action", "-at"), name="audit_action_at"),
        )

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model_label} {self.object_repr}"

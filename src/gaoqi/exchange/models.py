"""Import records: a department's remembered column mapping, and each uploaded file (a batch)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import Role
from gaoqi.exchange.conf import SOURCE_CHOICES
from gaoqi.exchange.kinds import KIND_CHOICES

UNIT_CHOICES = [("万元", _("万元")), ("元", _("元"))]
SEES_ALL_IMPORTS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_OFFICER})


class ColumnMapping(models.Model):
    """How one department's files of one kind are laid out: header → field, remembered per department."""

    department = models.CharField(_("来源部门"), max_length=32, choices=SOURCE_CHOICES)
    kind = models.CharField(_("数据类型"), max_length=32, choices=KIND_CHOICES)
    columns = models.JSONField(_("列对应"), default=dict)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("列对应")
        verbose_name_plural = _("列对应")
        constraints = (models.UniqueConstraint(fields=("department", "kind"), name="columnmapping_unique"),)

    def __str__(self) -> str:
        return f"{self.get_department_display()} · {self.get_kind_display()}"


class ImportBatchQuerySet(models.QuerySet):
    """Batches filtered by who may see them."""

    def for_user(self, user: Any) -> ImportBatchQuerySet:
        """Every batch for bureau admins and officers (and superusers); one's own batches for others."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser or user.role in SEES_ALL_IMPORTS:
            return self.all()
        return self.filter(uploaded_by=user)


class ImportBatch(models.Model):
    """One uploaded file: what it is, how it maps, what its preview found and what its commit wrote."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("待检查")
        CHECKING = "checking", _("检查中")
        CHECKED = "checked", _("已预览")
        INVALID = "invalid", _("有错误")
        QUEUED = "queued", _("写入中")
        COMMITTED = "committed", _("已导入")
        FAILED = "failed", _("导入失败")

    kind = models.CharField(_("数据类型"), max_length=32, choices=KIND_CHOICES)
    department = models.CharField(_("来源部门"), max_length=32, choices=SOURCE_CHOICES)
    unit = models.CharField(_("金额单位"), max_length=4, choices=UNIT_CHOICES, default="万元")
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    columns = models.JSONField(_("列对应"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.UPLOADED)
    preview = models.JSONField(_("预览结果"), default=dict, blank=True)
    report = models.FileField(_("错误报告"), upload_to="imports/reports/%Y/%m/", blank=True)
    summary = models.JSONField(_("导入结果"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据导入批次")
        verbose_name_plural = _("数据导入批次")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_active(self) -> bool:
        """A background job is checking or writing the file: the page keeps polling."""
        working = self.status in (self.Status.CHECKING, self.Status.QUEUED)
        return working and (self.job is None or self.job.is_active)

    @property
    def reference(self) -> str:
        """How provenance names this batch: ``导入#<id> <file name>``."""
        return f"{_('导入')}#{self.pk} {self.file_name}"[:255]

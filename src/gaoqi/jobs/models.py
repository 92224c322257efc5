"""``Job``: our record of one background job, over the task framework's own result row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import Role


def sees_every_job(user: Any) -> bool:
    """The bureau admin (and superusers) see every job, the platform's own included."""
    active = getattr(user, "is_authenticated", False) and user.is_active
    return bool(active and (user.is_superuser or user.role == Role.BUREAU_ADMIN))


class JobQuerySet(models.QuerySet):
    """Jobs filtered by who may see them."""

    def for_user(self, user: Any) -> JobQuerySet:
        """Every job for the bureau admin (and superusers), the user's own jobs for everyone else."""
        if sees_every_job(user):
            return self.all()
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


class Job(models.Model):
    """One run of a job kind: who asked, with which parameters, how far it got and how it ended."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")
        INTERRUPTED = "interrupted", _("已中断")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("任务类型"), max_length=64)
    label = models.CharField(_("任务名称"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(_("运行参数"), default=dict)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("已完成数"), default=0)
    total = models.PositiveBigIntegerField(_("总数"), null=True, blank=True)
    stage = models.CharField(_("当前阶段"), max_length=200, blank=True)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    cancel_requested = models.BooleanField(_("已请求取消"), default=False)
    task_result_id = models.CharField(_("任务结果编号"), max_length=64, blank=True)
    rerun_of = models.ForeignKey(
        "self", verbose_name=_("重新运行自"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        indexes = (
            models.Index(fields=["requested_by", "-created_at"], name="jobs_owner_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="jobs_liveness_idx"),
        )

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.status in self.ACTIVE

    @property
    def status_color(self) -> str:
        """The Tabler colour of the status badge."""
        return _STATUS_COLORS.get(self.status, "secondary")

    @property
    def requester(self) -> str:
        """Who started the job: the user, 系统定时任务 for a run of the daily schedule, else 系统."""
        if self.requested_by is not None:
            return str(self.requested_by)
        return str(_("系统定时任务") if hasattr(self, "scheduled_run") else _("系统"))

    @property
    def percent(self) -> int | None:
        """How far the job got, 0–100, or ``None`` while the total is unknown."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class ScheduledRun(models.Model):
    """The claim of one daily scheduled job for one local day, made by the worker that queued it.

    ``(name, day)`` is unique in the database, so however many workers find the job due, one insert
    wins and queues it; the others get ``IntegrityError`` and do nothing.
    """

    name = models.CharField(_("计划任务"), max_length=64)
    day = models.DateField(_("日期"))
    claimed_at = models.DateTimeField(_("排队时间"), auto_now_add=True)
    job = models.OneToOneField(
        Job,
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_run",
    )

    class Meta:
        ordering = ("-day", "name")
        verbose_name = _("计划任务运行")
        verbose_name_plural = _("计划任务运行")
        constraints = (models.UniqueConstraint(fields=["name", "day"], name="jobs_scheduled_once_a_day"),)

    def __str__(self) -> str:
        return f"{self.name} {self.day:%Y-%m-%d}"


_STATUS_COLORS = {
    Job.Status.QUEUED: "secondary",
    Job.Status.RUNNING: "blue",
    Job.Status.SUCCEEDED: "green",
    Job.Status.FAILED: "red",
    Job.Status.CANCELLED: "orange",
    Job.Status.INTERRUPTED: "yellow",
}

"""Cached dashboard aggregates: one snapshot per scope (the district, or one town)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSnapshot(models.Model):
    """The aggregates of one scope as JSON, computed by ``gaoqi.dashboard.snapshots.refresh``.

    ``scope`` is ``"district"`` (every enterprise) or ``"town:<code>"`` (a town officer's view).
    """

    scope = models.CharField(_("范围"), max_length=40, unique=True)
    data = models.JSONField(_("汇总数据"))
    computed_at = models.DateTimeField(_("计算时间"))
    duration_ms = models.PositiveIntegerField(_("计算耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("驾驶舱汇总")
        verbose_name_plural = _("驾驶舱汇总")

    def __str__(self) -> str:
        return f"{self.scope}@{self.computed_at:%Y-%m-%d %H:%M}"

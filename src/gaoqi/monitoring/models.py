"""Monitoring data: alerts and who read them, 双清零 baselines and follow-ups, town targets."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.actions import TrackedAction, person_field
from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet


def _year(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )


class Alert(models.Model):
    """One alert about one enterprise, raised once per ``(enterprise, kind, period)``.

    Its recipients follow the data scopes (``gaoqi.monitoring.alerts.recipients``): bureau officers
    for every enterprise, town officers for their town, the enterprise's own users.
    """

    scope_path: ClassVar[str] = "enterprise__"

    class Kind(models.TextChoices):
        HNTE_EXPIRY = "hnte_expiry", _("高企证书到期")
        ANNUAL_REPORT = "annual_report", _("高企年报")
        TECH_SME_UPDATE = "tech_sme_update", _("科技型中小企业信息更新")
        INDICATOR_DRIFT = "indicator_drift", _("指标临界")
        IP_REUSED = "ip_reused", _("Ⅱ类知识产权已使用")
        IP_EXPIRY = "ip_expiry", _("知识产权到期")
        PLAN_OVERDUE = "plan_overdue", _("培育措施逾期")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    period = models.CharField(_("期间"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    message = models.TextField(_("内容"))
    due_on = models.DateField(_("到期或截止日期"), null=True, blank=True)
    raised_on = models.DateField(_("预警日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ("-raised_on", "-pk")
        constraints = (
            models.UniqueConstraint(fields=("enterprise", "kind", "period"), name="alert_once_per_period"),
        )
        indexes = (models.Index(fields=("kind", "raised_on"), name="alert_kind_raised"),)

    def __str__(self) -> str:
        return self.title


class AlertRead(models.Model):
    """That ``user`` has read ``alert`` (no row: unread)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("阅读时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预警阅读记录")
        verbose_name_plural = _("预警阅读记录")
        constraints = (models.UniqueConstraint(fields=("alert", "user"), name="alert_read_once"),)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.alert_id}"


class DoubleZeroList(models.TextChoices):
    """The two 双清零 lists."""

    NO_RD_ACTIVITY = "no_rd_activity", _("研发活动清零（1亿元以上无研发活动）")
    NO_RD_INSTITUTION = "no_rd_institution", _("研发机构清零（5亿元以上无研发机构）")


class DoubleZeroBaseline(models.Model):
    """The 双清零 lists of one town at the start of a year, kept to measure progress to zero."""

    year = _year(_("年度"))
    town = models.ForeignKey(
        "reference.Town",
        verbose_name=_("镇街"),
        on_delete=models.PROTECT,
        related_name="double_zero_baselines",
    )
    no_rd_activity = models.JSONField(_("无研发活动企业"), default=list)
    no_rd_institution = models.JSONField(_("无研发机构企业"), default=list)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)
    recorded_by = person_field(_("记录人"))

    class Meta:
        verbose_name = _("双清零基线")
        verbose_name_plural = _("双清零基线")
        ordering = ("-year", "town__code")
        constraints = (
            models.UniqueConstraint(fields=("year", "town"), name="double_zero_baseline_year_town"),
        )

    def __str__(self) -> str:
        return f"{self.year} {self.town}"

    def ids(self, which: str) -> set[int]:
        """The enterprise ids on list ``which`` (a ``DoubleZeroList`` value) at the baseline."""
        return set(getattr(self, which))


class DoubleZeroAction(TrackedAction):
    """A follow-up action to take an enterprise off a 双清零 list."""

    scope_path: ClassVar[str] = "enterprise__"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="double_zero_actions",
    )
    target_list = models.CharField(_("清零类型"), max_length=24, choices=DoubleZeroList.choices)
    description = models.CharField(_("跟进措施"), max_length=255)
    owner = person_field(_("责任人"), "double_zero_actions")
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("双清零跟进措施")
        verbose_name_plural = _("双清零跟进措施")
        ordering = ("enterprise", "deadline", "pk")


class TownTarget(VersionedModel):
    """The target of one town for one indicator in one year (科技进步目标责任制考核)."""

    class Indicator(models.TextChoices):
        NEW_HNTE = "new_hnte", _("新增高新技术企业（家）")
        NEW_TECH_SME = "new_tech_sme", _("新增科技型中小企业（家）")
        RD_GROWTH = "rd_growth", _("研发费用增长率")
        DOUBLE_ZERO_CLEARED = "double_zero_cleared", _("双清零清零企业（家）")
        POOL_UPGRADED = "pool_upgraded", _("培育库企业晋级（家）")

    year = _year(_("年度"))
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("镇街"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.CharField(_("指标"), max_length=24, choices=Indicator.choices)
    target = models.DecimalField(_("目标值"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("镇街考核目标")
        verbose_name_plural = _("镇街考核目标")
        ordering = ("-year", "town__code", "indicator")
        constraints = (
            models.UniqueConstraint(fields=("year", "town", "indicator"), name="town_target_once"),
        )

    def __str__(self) -> str:
        return f"{self.year} {self.town} {self.get_indicator_display()}"

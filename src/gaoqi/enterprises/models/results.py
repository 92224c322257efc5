"""The engine's evaluation of an enterprise on a date, stored with what it was computed from."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoqi.core.scopes import ScopedQuerySet


class Evaluation(models.Model):
    """One run of the policy engine for one enterprise; ``is_latest`` marks the one pages show."""

    scope_path: ClassVar[str] = "enterprise__"

    class Verdict(models.TextChoices):
        PASS = "pass", _("符合")
        FAIL = "fail", _("不符合")
        UNCERTAIN = "uncertain", _("待专家评定")

    class Tier(models.TextChoices):
        NONE = "none", _("未入梯队")
        TECH_SME = "tech_sme", _("科技型中小企业")
        HNTE = "hnte", _("高新技术企业")
        LITTLE_GIANT = "little_giant", _("科技小巨人")
        LEADING = "leading", _("科技领军企业")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="evaluations"
    )
    as_of = models.DateField(_("评价基准日"))
    result = models.JSONField(_("评价结果"))
    hnte_verdict = models.CharField(_("高企认定结论"), max_length=16, choices=Verdict.choices, blank=True)
    tech_sme_verdict = models.CharField(
        _("科技型中小企业结论"), max_length=16, choices=Verdict.choices, blank=True
    )
    tier = models.CharField(_("梯队"), max_length=16, choices=Tier.choices, default=Tier.NONE)
    score_min = models.PositiveSmallIntegerField(_("创新能力评分下限"), null=True, blank=True)
    score_max = models.PositiveSmallIntegerField(_("创新能力评分上限"), null=True, blank=True)
    params_version = models.CharField(_("参数版本"), max_length=64, blank=True)
    inputs_hash = models.CharField(_("输入摘要"), max_length=64)
    evaluated_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    is_latest = models.BooleanField(_("最新"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ("enterprise", "-evaluated_at")
        constraints = (
            models.UniqueConstraint(
                fields=("enterprise",), condition=models.Q(is_latest=True), name="evaluation_one_latest"
            ),
        )
        indexes = (
            models.Index(fields=("enterprise", "is_latest"), name="evaluation_latest"),
            # With the enterprise, the list's verdict and tier filters read these indexes alone.
            models.Index(fields=("is_latest", "hnte_verdict", "enterprise"), name="evaluation_hnte_verdict"),
            models.Index(fields=("is_latest", "tier", "enterprise"), name="evaluation_tier"),
        )

    def __str__(self) -> str:
        return f"{self.enterprise_id}@{self.as_of}"

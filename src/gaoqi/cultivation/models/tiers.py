"""Tiers per enterprise and year (梯度培育) and the district's doubling targets (双倍增)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet
from gaoqi.enterprises.models import Evaluation

TIER_RANK = {"none": 0, "tech_sme": 1, "hnte": 2, "little_giant": 3, "leading": 4}


def _year(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )


class TierRecord(models.Model):
    """An enterprise's tier at the end of a year (or on the screening date for the current year)."""

    scope_path: ClassVar[str] = "enterprise__"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="tier_records",
    )
    year = _year(_("年度"))
    as_of = models.DateField(_("评价基准日"))
    tier = models.CharField(_("梯队"), max_length=16, choices=Evaluation.Tier.choices)
    tech_sme = models.BooleanField(_("当年入库科技型中小企业"), default=False)
    above_scale = models.BooleanField(_("规上企业"), null=True)
    run = models.ForeignKey(
        "cultivation.ScreeningRun",
        verbose_name=_("筛选批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("梯队记录")
        verbose_name_plural = _("梯队记录")
        ordering = ("enterprise", "year")
        constraints = (
            models.UniqueConstraint(fields=("enterprise", "year"), name="tier_record_enterprise_year"),
        )
        indexes = (models.Index(fields=("year", "tier"), name="tier_record_year_tier"),)

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.year}:{self.tier}"


class DoublingTarget(VersionedModel):
    """A 双倍增 target: HNTE and tech-SME counts from a baseline year to a target year."""

    name = models.CharField(_("名称"), max_length=64)
    baseline_year = _year(_("基准年度"))
    target_year = _year(_("目标年度"))
    hnte_baseline = models.PositiveIntegerField(_("基准年高新技术企业数"))
    hnte_target = models.PositiveIntegerField(_("目标高新技术企业数"))
    tech_sme_baseline = models.PositiveIntegerField(_("基准年科技型中小企业数"))
    tech_sme_target = models.PositiveIntegerField(_("目标科技型中小企业数"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("双倍增目标")
        verbose_name_plural = _("双倍增目标")
        ordering = ("-target_year", "name")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The target year comes after the baseline year."""
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            raise ValidationError({"target_year": str(_("目标年度须晚于基准年度。"))})

"""Indicators per fiscal year: every fiscal-year field of the engine contract, money in 万元."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet

MAX_WAN_YUAN = Decimal(10) ** 8  # 1 万亿元: the engine rejects larger amounts
MAX_PERSONS = Decimal(10) ** 7


def money(label: str, *, signed: bool = False) -> models.DecimalField:
    """A nullable amount in 万元 with 4 decimals (1 yuan); negative only when ``signed``."""
    validators = [MaxValueValidator(MAX_WAN_YUAN)]
    validators.append(MinValueValidator(-MAX_WAN_YUAN if signed else Decimal(0)))
    return models.DecimalField(
        label, max_digits=18, decimal_places=4, null=True, blank=True, validators=validators
    )


def headcount(label: str) -> models.DecimalField:
    """A nullable annual-average head count (may have decimals)."""
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_PERSONS)],
    )


RD_CATEGORY_FIELDS = (
    "rd_personnel",
    "rd_direct",
    "rd_depreciation",
    "rd_amortization",
    "rd_design",
    "rd_trials",
    "rd_entrusted_domestic",
    "rd_entrusted_overseas",
    "rd_other",
)
RD_TOTAL_FIELDS = ("rd_total", "rd_domestic")
DEDUCTION_FIELDS = ("ded_five", "ded_other", "ded_entrusted_domestic", "ded_entrusted_overseas")


class FiscalYear(VersionedModel):
    """One enterprise's indicators for one fiscal (calendar) year."""

    scope_path: ClassVar[str] = "enterprise__"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="fiscal_years",
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    sales_revenue = money(_("销售收入（万元）"))
    total_revenue = money(_("总收入（万元）"))
    hitech_revenue = money(_("高新技术产品（服务）收入（万元）"))
    rd_personnel = money(_("研发：人员人工费用（万元）"))
    rd_direct = money(_("研发：直接投入费用（万元）"))
    rd_depreciation = money(_("研发：折旧费用与长期待摊费用（万元）"))
    rd_amortization = money(_("研发：无形资产摊销费用（万元）"))
    rd_design = money(_("研发：设计费用（万元）"))
    rd_trials = money(_("研发：装备调试费用与试验费用（万元）"))
    rd_entrusted_domestic = money(_("研发：委托境内研发费用（万元）"))
    rd_entrusted_overseas = money(_("研发：委托境外研发费用（万元）"))
    rd_other = money(_("研发：其他费用（万元）"))
    rd_total = money(_("研发费用总额（万元）"))
    rd_domestic = money(_("境内研发费用（万元）"))
    ded_five = money(_("加计扣除：前五类费用（万元）"))
    ded_other = money(_("加计扣除：其他相关费用（万元）"))
    ded_entrusted_domestic = money(_("加计扣除：委托境内研发（万元）"))
    ded_entrusted_overseas = money(_("加计扣除：委托境外研发（万元）"))
    net_assets = money(_("净资产（万元）"), signed=True)
    total_assets = money(_("资产总额（万元）"))
    cost_total = money(_("成本费用支出总额（万元）"))
    employees = headcount(_("职工总数（人）"))
    scitech_staff = headcount(_("科技人员数（人）"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度指标")
        verbose_name_plural = _("年度指标")
        ordering = ("enterprise", "year")
        constraints = (
            models.UniqueConstraint(fields=("enterprise", "year"), name="fiscalyear_enterprise_year_unique"),
        )
        indexes = (models.Index(fields=("year",), name="fiscalyear_year"),)

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.year}"

    @property
    def has_rd_categories(self) -> bool:
        """Whether R&D is given by category (then the engine ignores ``rd_total``/``rd_domestic``)."""
        return any(getattr(self, name) is not None for name in RD_CATEGORY_FIELDS)

    def clean(self) -> None:
        """Cross-field rules the engine also enforces, reported on the field at fault."""
        errors: dict[str, str] = {}
        rules = (
            ("scitech_staff", "employees", _("科技人员数不能超过职工总数。")),
            ("hitech_revenue", "total_revenue", _("高新技术产品（服务）收入不能超过总收入。")),
            ("rd_domestic", "rd_total", _("境内研发费用不能超过研发费用总额。")),
        )
        for part, whole, message in rules:
            part_value, whole_value = getattr(self, part), getattr(self, whole)
            if part_value is not None and whole_value is not None and part_value > whole_value:
                errors[part] = str(message)
        if errors:
            raise ValidationError(errors)

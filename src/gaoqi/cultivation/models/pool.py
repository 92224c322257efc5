"""The cultivation pool (培育库): entries per year, their plans (actions) and visits (走访)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.actions import TrackedAction, person_field
from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet
from gaoqi.enterprises.models import Evaluation


class PoolEntry(VersionedModel):
    """One enterprise in the pool of one year, from entry to exit, with its officer in charge."""

    scope_path: ClassVar[str] = "enterprise__"

    class ExitKind(models.TextChoices):
        CERTIFIED = "certified", _("已认定（培育成功）")
        UNQUALIFIED = "unqualified", _("不再具备培育条件")
        WITHDRAWN = "withdrawn", _("企业主动退出")
        OTHER = "other", _("其他")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="pool_entries",
    )
    year = models.PositiveSmallIntegerField(
        _("培育年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_tier = models.CharField(
        _("培育目标"), max_length=16, choices=Evaluation.Tier.choices, default=Evaluation.Tier.HNTE
    )
    entered_on = models.DateField(_("入库日期"))
    entry_reason = models.TextField(_("入库理由"))
    owner = person_field(_("负责人"), "pool_entries")
    exited_on = models.DateField(_("出库日期"), null=True, blank=True)
    exit_kind = models.CharField(_("出库类型"), max_length=16, choices=ExitKind.choices, blank=True)
    exit_reason = models.TextField(_("出库理由"), blank=True)
    screening_result = models.ForeignKey(
        "cultivation.ScreeningResult",
        verbose_name=_("来源筛选结果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育库企业")
        verbose_name_plural = _("培育库企业")
        ordering = ("-year", "enterprise__name")
        constraints = (
            models.UniqueConstraint(fields=("enterprise", "year"), name="pool_entry_enterprise_year"),
        )
        indexes = (models.Index(fields=("year", "exited_on"), name="pool_entry_year_active"),)

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise}"

    @property
    def is_active(self) -> bool:
        """Still in the pool (not exited)."""
        return self.exited_on is None

    def clean(self) -> None:
        """An exit has a date, a kind and a reason together, not before the entry."""
        errors: dict[str, str] = {}
        exiting = any((self.exited_on, self.exit_kind, self.exit_reason.strip()))
        if exiting and not (self.exited_on and self.exit_kind and self.exit_reason.strip()):
            errors["exit_reason"] = str(_("出库须同时填写出库日期、出库类型和出库理由。"))
        if self.exited_on and self.entered_on and self.exited_on < self.entered_on:
            errors["exited_on"] = str(_("出库日期不能早于入库日期。"))
        if errors:
            raise ValidationError(errors)


class PlanAction(TrackedAction):
    """One action of an enterprise's cultivation plan: suggested by the engine or added by an officer."""

    scope_path: ClassVar[str] = "entry__enterprise__"

    class Source(models.TextChoices):
        ENGINE = "engine", _("系统测算")
        OFFICER = "officer", _("人工添加")

    entry = models.ForeignKey(
        PoolEntry, verbose_name=_("培育库企业"), on_delete=models.CASCADE, related_name="actions"
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.OFFICER)
    kind = models.CharField(_("措施类型"), max_length=32, blank=True)
    cost = models.DecimalField(_("预计费用（万元）"), max_digits=18, decimal_places=4, null=True, blank=True)
    responsible = models.CharField(_("责任人"), max_length=64, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("培育措施")
        verbose_name_plural = _("培育措施")
        ordering = ("entry", "deadline", "pk")

    @property
    def enterprise_id(self) -> int:
        """The enterprise of the entry (the audit files the change under it)."""
        return self.entry.enterprise_id


class Visit(VersionedModel):
    """A visit to the enterprise (走访): when, who, what was said and what follows."""

    scope_path: ClassVar[str] = "entry__enterprise__"

    entry = models.ForeignKey(
        PoolEntry, verbose_name=_("培育库企业"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    people = models.CharField(_("走访人员"), max_length=255)
    notes = models.TextField(_("走访情况"))
    follow_ups = models.TextField(_("后续跟进事项"), blank=True)
    recorded_by = person_field(_("记录人"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ("entry", "-visited_on", "-pk")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.people}"

    @property
    def enterprise_id(self) -> int:
        """The enterprise of the entry (the audit files the change under it)."""
        return self.entry.enterprise_id

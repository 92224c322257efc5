"""Reference tables: towns of a region, GB/T 4754-2017 industries, high-tech fields, local segments.

They are loaded from the fixtures under ``reference/fixtures/`` (see ``gaoqi.reference.loading``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Town(models.Model):
    """A town (镇) or street (街道) of a district, keyed by its administrative code."""

    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        TOWN = "town", _("镇")

    region = models.CharField(_("区域"), max_length=32, db_index=True)
    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=32)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("镇街")
        verbose_name_plural = _("镇街")
        ordering = ("region", "sort_order", "code")

    def __str__(self) -> str:
        return self.name


class IndustryClass(models.Model):
    """A GB/T 4754-2017 section (``C``) or division (``C17``); codes carry the section letter."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    class Meta:
        verbose_name = _("国民经济行业分类")
        verbose_name_plural = _("国民经济行业分类")
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TechField(models.Model):
    """A field (``"4"``) or subfield (``"4.3"``) of 国家重点支持的高新技术领域."""

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级领域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("高新技术领域")
        verbose_name_plural = _("高新技术领域")
        ordering = ("sort_order",)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Segment(models.Model):
    """One of a region's local industry segments (细分领域) used by the bureau to screen enterprises."""

    region = models.CharField(_("区域"), max_length=32, db_index=True)
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=32)
    source = models.CharField(_("来源"), max_length=128, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业细分领域")
        verbose_name_plural = _("产业细分领域")
        ordering = ("region", "sort_order")
        constraints = (models.UniqueConstraint(fields=("region", "code"), name="segment_region_code_unique"),)

    def __str__(self) -> str:
        return self.name

"""The enterprise's identity, the provenance of its values, and its attachments."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet
from gaoqi.enterprises.validators import validate_industry_code, validate_uscc
from gaoqi.reference.models import IndustryClass

RD_MANAGEMENT_POINTS = {"system": 6, "institution": 6, "incentives": 4, "talent": 4}
EXPERT_POINTS = {"advancement": 8, "core_support": 8, "acquisition": 6, "standards": 2, "transformation": 30}


def _points_errors(value: object, maxima: dict[str, int]) -> list[str]:
    """Chinese messages for an expert-points object that is not ``{key: 0..max}`` over known keys."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return [str(_("专家评分应为键值对象。"))]
    errors = []
    for key, points in value.items():
        if key not in maxima:
            errors.append(str(_("未知的评分项：%(key)s。")) % {"key": key})
        elif points is not None and (
            not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= maxima[key]
        ):
            errors.append(
                str(_("评分项 %(key)s 应为 0 至 %(max)s 的整数。")) % {"key": key, "max": maxima[key]}
            )
    return errors


class Enterprise(VersionedModel):
    """One enterprise of the district: its identity and the flags the engine reads from the file."""

    scope_path: ClassVar[str] = ""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("企业名称"), max_length=128, db_index=True)
    former_names = models.JSONField(_("曾用名"), default=list, blank=True)
    registered_on = models.DateField(_("成立日期"))
    town = models.ForeignKey(
        "reference.Town", verbose_name=_("所属镇街"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry_code = models.CharField(
        _("国民经济行业代码"), max_length=8, validators=[validate_industry_code], db_index=True
    )
    tech_field = models.ForeignKey(
        "reference.TechField",
        verbose_name=_("高新技术领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    segment = models.ForeignKey(
        "reference.Segment",
        verbose_name=_("产业细分领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    standards_drafted = models.BooleanField(_("参与编制国家或行业标准"), default=False)
    national_award_top3_5y = models.BooleanField(_("近五年获国家科技奖（前三名）"), default=False)
    led_standard_5y = models.BooleanField(_("近五年主导制定标准（前五名）"), default=False)
    ic_or_mother_machine = models.BooleanField(_("集成电路或工业母机企业"), default=False)
    rd_management = models.JSONField(_("研发组织管理水平（专家评分）"), null=True, blank=True)
    expert_points = models.JSONField(_("专家评分"), null=True, blank=True)
    # The list's sort keys: copies of the latest evaluation's headline and of the last fiscal year's
    # sales, kept by ``gaoqi.enterprises.sort_keys`` so that every sort of a town's list reads one index.
    list_verdict = models.CharField(_("最新高企测评结论"), max_length=16, null=True, editable=False)
    list_tier = models.CharField(_("最新梯队"), max_length=16, null=True, editable=False)
    list_score_min = models.PositiveSmallIntegerField(_("最新创新评分下限"), null=True, editable=False)
    list_score_max = models.PositiveSmallIntegerField(_("最新创新评分上限"), null=True, editable=False)
    list_year = models.PositiveSmallIntegerField(_("最近年度"), null=True, editable=False)
    list_sales = models.DecimalField(
        _("最近年度销售收入（万元）"), max_digits=18, decimal_places=4, null=True, editable=False
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ("name",)
        indexes = (
            # One index per sort of a town's list, ending in the tie-breaker and the verdict: a page
            # of a town (and verdict) is read in order and the scan stops after it (bench/pages.py).
            models.Index(fields=("town", "name", "uscc", "list_verdict"), name="enterprise_town_name"),
            # The count and filters of other pages read a town's ids from this index alone.
            models.Index(fields=("town", "id"), name="enterprise_town_id"),
            models.Index(fields=("town", "uscc", "list_verdict"), name="enterprise_town_uscc"),
            models.Index(
                fields=("town", "industry_code", "uscc", "list_verdict"), name="enterprise_town_industry"
            ),
            models.Index(fields=("town", "list_verdict", "uscc"), name="enterprise_town_verdict"),
            models.Index(fields=("town", "list_tier", "uscc", "list_verdict"), name="enterprise_town_tier"),
            models.Index(fields=("town", "list_sales", "uscc", "list_verdict"), name="enterprise_town_sales"),
            models.Index(
                fields=("town", "list_score_max", "list_score_min", "uscc", "list_verdict"),
                name="enterprise_town_score",
            ),
            # On PostgreSQL, migration 0005 adds the descending sales, score, tier and verdict orders.
            models.Index(fields=("segment", "name"), name="enterprise_segment_name"),
            models.Index(fields=("tech_field",), name="enterprise_tech_field"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def section(self) -> str:
        """The GB/T 4754-2017 section letter of the main business."""
        return self.industry_code[:1]

    def clean(self) -> None:
        """Cross-field rules: a known industry division, a second-level tech field, valid expert points."""
        errors: dict[str, list[str]] = {}
        division = self.industry_code[:3]
        if self.industry_code and not IndustryClass.objects.filter(code=division).exists():
            errors["industry_code"] = [str(_("行业代码的大类 %(code)s 不存在。")) % {"code": division}]
        if self.tech_field_id is not None and self.tech_field.parent_id is None:
            errors["tech_field"] = [str(_("请选择二级高新技术领域，例如“4.3 高分子材料”。"))]
        for name, maxima in (("rd_management", RD_MANAGEMENT_POINTS), ("expert_points", EXPERT_POINTS)):
            messages = _points_errors(getattr(self, name), maxima)
            if messages:
                errors[name] = messages
        if not isinstance(self.former_names, list):
            errors["former_names"] = [str(_("曾用名应为列表。"))]
        if errors:
            raise ValidationError(errors)


class FieldSource(models.Model):
    """Where one value of the file came from: a manual edit, an import batch or a department's data."""

    scope_path: ClassVar[str] = "enterprise__"

    class Kind(models.TextChoices):
        MANUAL = "manual", _("手工录入")
        IMPORT = "import", _("批量导入")
        DEPARTMENT = "department", _("部门数据")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="field_sources"
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    field = models.CharField(_("字段"), max_length=64)
    value = models.TextField(_("值"), blank=True)
    source_kind = models.CharField(_("来源类型"), max_length=16, choices=Kind.choices, default=Kind.MANUAL)
    department = models.CharField(_("提供部门"), max_length=32, blank=True)
    reference = models.CharField(_("来源文件或批次"), max_length=255, blank=True)
    row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    is_current = models.BooleanField(_("当前值"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据来源")
        verbose_name_plural = _("数据来源")
        ordering = ("-recorded_at",)
        indexes = (
            models.Index(fields=("enterprise", "year", "field", "is_current"), name="fieldsource_lookup"),
        )

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.year or '-'}:{self.field}"


class Attachment(models.Model):
    """A file kept in the enterprise file (certificates, reports, contracts)."""

    scope_path: ClassVar[str] = "enterprise__"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    title = models.CharField(_("标题"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ("-uploaded_at",)

    def __str__(self) -> str:
        return self.title

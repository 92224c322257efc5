"""What an enterprise holds and what happened to it: IP, achievements, R&D institutions,
certificates and incidents."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet


def _enterprise_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name=related_name
    )


def _year(label: str, **options: object) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1949), MaxValueValidator(2100)], **options
    )


class EnterpriseRow(VersionedModel):
    """Base of the rows that hang off one enterprise: scoped through it, versioned for edit forms."""

    scope_path: ClassVar[str] = "enterprise__"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class IPAssetQuerySet(ScopedQuerySet):
    """Scoped IP rows whose ``bulk_create`` derives ``ip_class`` as ``save()`` does."""

    def bulk_create(self, objs, *args, **kwargs):
        """Create many IP rows at once, each with ``ip_class`` derived from ``kind``."""
        objs = list(objs)
        for obj in objs:
            obj.ip_class = IPAsset.CLASS_OF_KIND[obj.kind]
        return super().bulk_create(objs, *args, **kwargs)


class IPAsset(EnterpriseRow):
    """An intellectual-property item; its HNTE class (I / II / none) follows from its kind."""

    class Kind(models.TextChoices):
        INVENTION = "invention", _("发明专利")
        DEFENCE_PATENT = "defence_patent", _("国防专利")
        PLANT_VARIETY = "plant_variety", _("植物新品种")
        CROP_VARIETY = "crop_variety", _("国家级农作物品种")
        NEW_DRUG = "new_drug", _("国家新药")
        TCM_GRADE1 = "tcm_grade1", _("国家一级中药保护品种")
        IC_LAYOUT = "ic_layout", _("集成电路布图设计专有权")
        UTILITY_MODEL = "utility_model", _("实用新型专利")
        DESIGN = "design", _("外观设计专利")
        SOFTWARE_COPYRIGHT = "software_copyright", _("软件著作权")
        TRADEMARK = "trademark", _("商标")

    class IPClass(models.TextChoices):
        CLASS_I = "I", _("Ⅰ类")
        CLASS_II = "II", _("Ⅱ类")
        NONE = "none", _("不计入")

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        PENDING = "pending", _("申请中")
        EXPIRED = "expired", _("已过期")
        INVALID = "invalid", _("已失效")

    class Acquisition(models.TextChoices):
        SELF_DEVELOPED = "self_developed", _("自主研发")
        TRANSFER = "transfer", _("受让")
        GIFT = "gift", _("受赠")
        MERGER = "merger", _("并购")

    CLASS_OF_KIND: ClassVar[dict[str, str]] = {
        **dict.fromkeys(
            (
                "invention",
                "defence_patent",
                "plant_variety",
                "crop_variety",
                "new_drug",
                "tcm_grade1",
                "ic_layout",
            ),
            "I",
        ),
        **dict.fromkeys(("utility_model", "design", "software_copyright"), "II"),
        "trademark": "none",
    }

    enterprise = _enterprise_fk("ip_assets")
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    ip_class = models.CharField(_("类别"), max_length=4, choices=IPClass.choices, editable=False)
    number = models.CharField(_("编号"), max_length=64, blank=True)
    title = models.CharField(_("名称"), max_length=255)
    granted_on = models.DateField(_("授权日期"), null=True, blank=True)
    expires_on = models.DateField(_("到期日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.VALID)
    acquisition = models.CharField(
        _("获得方式"), max_length=16, choices=Acquisition.choices, default=Acquisition.SELF_DEVELOPED
    )
    co_owners = models.CharField(_("共有人"), max_length=255, blank=True)
    hnte_used_year = _year(_("用于高企申报的年度"), null=True, blank=True)
    supports_main_product = models.BooleanField(_("支撑主要产品（服务）"), default=True)

    objects = IPAssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ("enterprise", "-granted_on")
        indexes = (models.Index(fields=("enterprise", "status", "ip_class"), name="ipasset_counting"),)

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        """Save with ``ip_class`` derived from ``kind``."""
        self.ip_class = self.CLASS_OF_KIND[self.kind]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """An expiry date after the grant date; only class II items carry the HNTE one-use year."""
        errors: dict[str, str] = {}
        if self.granted_on and self.expires_on and self.expires_on < self.granted_on:
            errors["expires_on"] = str(_("到期日期不能早于授权日期。"))
        if self.hnte_used_year is not None and self.CLASS_OF_KIND.get(self.kind) != "II":
            errors["hnte_used_year"] = str(_("只有Ⅱ类知识产权需要登记用于高企申报的年度。"))
        if errors:
            raise ValidationError(errors)


class Achievement(EnterpriseRow):
    """A transformed scientific and technological achievement (科技成果转化)."""

    class Form(models.TextChoices):
        SELF_IMPLEMENTED = "self_implemented", _("自行投资实施")
        TRANSFER = "transfer", _("转让")
        LICENCE = "licence", _("许可")
        JOINT = "joint", _("合作实施")
        EQUITY = "equity", _("作价投资")
        OTHER = "other", _("其他")

    enterprise = _enterprise_fk("achievements")
    title = models.CharField(_("成果名称"), max_length=255)
    year = _year(_("转化年度"))
    form = models.CharField(_("转化方式"), max_length=24, choices=Form.choices, default=Form.SELF_IMPLEMENTED)
    transformed_on = models.DateField(_("转化日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("科技成果转化")
        verbose_name_plural = _("科技成果转化")
        ordering = ("enterprise", "-year")
        indexes = (models.Index(fields=("enterprise", "year"), name="achievement_year"),)

    def __str__(self) -> str:
        return self.title


class RDInstitution(EnterpriseRow):
    """An R&D institution of the enterprise and the level that recognised it."""

    class Level(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业级")
        MUNICIPAL = "municipal", _("市级")
        PROVINCIAL = "provincial", _("省级")
        NATIONAL = "national", _("国家级")

    LEVEL_RANK: ClassVar[dict[str, int]] = {"enterprise": 1, "municipal": 2, "provincial": 3, "national": 4}

    enterprise = _enterprise_fk("rd_institutions")
    name = models.CharField(_("机构名称"), max_length=255)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("机构类型"), max_length=64, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("研发机构")
        verbose_name_plural = _("研发机构")
        ordering = ("enterprise", "name")

    def __str__(self) -> str:
        return self.name


class Certificate(EnterpriseRow):
    """A certification or registration: HNTE, tech-SME (per year), and the upper tiers."""

    class Kind(models.TextChoices):
        HNTE = "hnte", _("高新技术企业")
        TECH_SME = "tech_sme", _("科技型中小企业")
        LITTLE_GIANT = "little_giant", _("科技小巨人")
        LEADING = "leading", _("科技领军企业")

    enterprise = _enterprise_fk("certificates")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("证书编号或入库登记编号"), max_length=64, blank=True)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    year = _year(_("入库年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("资质证书")
        verbose_name_plural = _("资质证书")
        ordering = ("enterprise", "-issued_on")
        indexes = (models.Index(fields=("kind", "expires_on"), name="certificate_expiry"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        """An HNTE certificate needs its date of issue; a tech-SME registration its year."""
        errors: dict[str, str] = {}
        if self.kind == self.Kind.HNTE and self.issued_on is None:
            errors["issued_on"] = str(_("高新技术企业证书必须填写发证日期。"))
        if self.kind == self.Kind.TECH_SME and self.year is None and self.issued_on is None:
            errors["year"] = str(_("科技型中小企业入库登记必须填写入库年度。"))
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = str(_("有效期不能早于发证日期。"))
        if errors:
            raise ValidationError(errors)


class Incident(EnterpriseRow):
    """A safety, quality or environmental incident, or a credit flag."""

    class Kind(models.TextChoices):
        SAFETY = "safety", _("安全事故")
        QUALITY = "quality", _("质量事故")
        ENVIRONMENT = "environment", _("环境违法")
        CREDIT = "credit", _("信用失信")

    class Severity(models.TextChoices):
        MAJOR = "major", _("重大")
        SERIOUS = "serious", _("严重")
        OTHER = "other", _("一般")

    enterprise = _enterprise_fk("incidents")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("事故与信用记录")
        verbose_name_plural = _("事故与信用记录")
        ordering = ("enterprise", "-occurred_on")
        indexes = (models.Index(fields=("enterprise", "occurred_on"), name="incident_date"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

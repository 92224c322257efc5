"""The kinds of file the platform imports: their columns, Chinese headers, synonyms and keys.

A kind names its target model, the columns that identify a row (``key``: the enterprise's USCC plus,
for per-year and holding rows, the year or the item's kind and number) and every importable column with
how its cells are read (``parse``). One declaration serves the template, the mapping suggestions,
validation and the preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.enterprises.models import Certificate, Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.models.fiscal import DEDUCTION_FIELDS, RD_CATEGORY_FIELDS

Parse = Literal["text", "uscc", "money", "headcount", "year", "date", "choice", "town", "industry", "field"]


@dataclass(frozen=True)
class Spec:
    """One importable column: the model field it fills, how its cells are read, and its other names."""

    name: str
    parse: Parse
    required: bool = False
    synonyms: tuple[str, ...] = ()
    header: str = ""  # the template's header; the model field's label when empty

    @property
    def attname(self) -> str:
        """The attribute a value is stored under (``town_id`` for the town column)."""
        return f"{self.name}_id" if self.parse in ("town", "field") else self.name

    def label(self, model: type[models.Model]) -> str:
        """The Chinese header of the template (the model field's name, with its unit)."""
        if self.header:
            return self.header
        if self.name == "uscc":
            return str(_("统一社会信用代码"))
        return str(model._meta.get_field(self.name).verbose_name)


@dataclass(frozen=True)
class ImportKind:
    """A kind of file: its key, its Chinese name, the model it writes and its columns."""

    key: str
    label: str
    model: type[models.Model]
    specs: tuple[Spec, ...]
    row_key: tuple[str, ...]  # columns identifying the row (besides the enterprise for non-identity kinds)
    create_requires: tuple[str, ...] = ()  # columns a new row cannot do without

    @property
    def yearly(self) -> bool:
        """Whether rows are fiscal years (values carry a year in their provenance)."""
        return self.model is FiscalYear

    @property
    def identity(self) -> bool:
        """Whether rows are enterprises themselves."""
        return self.model is Enterprise

    @property
    def tracks_sources(self) -> bool:
        """Whether each value records its source (identity and fiscal-year fields); a holding row
        (IP item, certificate) is one record whose source is its import batch, in its audit entry."""
        return self.identity or self.yearly

    def spec(self, name: str) -> Spec:
        """The column ``name``."""
        return next(spec for spec in self.specs if spec.name == name)

    @cached_property
    def value_fields(self) -> tuple[str, ...]:
        """The model fields an import writes (every column but the enterprise link)."""
        return tuple(spec.name for spec in self.specs if spec.name != "uscc" or self.identity)

    @cached_property
    def planned_fields(self) -> tuple[tuple[str, str], ...]:
        """(field, attribute) of the values a row sets (not the ones identifying it)."""
        return tuple(
            (s.name, s.attname)
            for s in self.specs
            if s.name in self.value_fields and s.name not in self.row_key
        )


USCC = Spec(
    "uscc",
    "uscc",
    required=True,
    synonyms=("信用代码", "社会信用代码", "统一代码", "纳税人识别号", "USCC", "uscc", "统一社会信用代码证号"),
)
YEAR = Spec("year", "year", required=True, synonyms=("年份", "所属年度", "会计年度", "财务年度", "报告年度"))
_MONEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "sales_revenue": ("销售收入", "营业收入", "主营业务收入"),
    "total_revenue": ("总收入", "收入总额", "收入总计"),
    "hitech_revenue": ("高新技术产品收入", "高新技术产品（服务）收入", "高品收入"),
    "net_assets": ("净资产", "所有者权益", "所有者权益合计"),
    "total_assets": ("资产总额", "总资产", "资产总计"),
    "cost_total": ("成本费用支出总额", "成本费用总额"),
    "rd_total": ("研发费用总额", "研发费用", "研究开发费用", "研发投入", "R&D经费支出"),
    "rd_domestic": ("境内研发费用", "在中国境内发生的研发费用"),
    "rd_personnel": ("人员人工费用", "人工费用"),
    "rd_direct": ("直接投入费用", "直接投入"),
    "rd_depreciation": ("折旧费用", "折旧费用与长期待摊费用"),
    "rd_amortization": ("无形资产摊销费用", "无形资产摊销"),
    "rd_design": ("设计费用", "新产品设计费"),
    "rd_trials": ("装备调试费用与试验费用", "试验费用"),
    "rd_entrusted_domestic": ("委托境内研发费用", "委托境内机构研发费用"),
    "rd_entrusted_overseas": ("委托境外研发费用", "委托境外机构研发费用"),
    "rd_other": ("其他费用", "其他相关费用"),
    "ded_five": ("前五类费用", "加计扣除前五类费用"),
    "ded_other": ("加计扣除其他相关费用", "其他相关费用加计扣除额"),
    "ded_entrusted_domestic": ("加计扣除委托境内研发", "委托境内研发加计扣除"),
    "ded_entrusted_overseas": ("加计扣除委托境外研发", "委托境外研发加计扣除"),
}


def _money(name: str) -> Spec:
    return Spec(name, "money", synonyms=_MONEY_SYNONYMS.get(name, ()))


ENTERPRISE_KIND = ImportKind(
    "enterprise",
    _("企业基本信息"),
    Enterprise,
    (
        USCC,
        Spec("name", "text", required=True, synonyms=("名称", "企业名称", "单位名称", "纳税人名称")),
        Spec("registered_on", "date", synonyms=("成立日期", "注册日期", "成立时间", "登记日期")),
        Spec("town", "town", synonyms=("镇街", "所属镇街", "所在镇街", "镇街代码", "乡镇（街道）")),
        Spec("industry_code", "industry", synonyms=("行业代码", "国民经济行业代码", "所属行业代码")),
        Spec("tech_field", "field", synonyms=("技术领域", "技术领域代码", "高新技术领域代码")),
        Spec("address", "text", synonyms=("地址", "注册地址", "住所", "经营地址")),
        Spec("legal_representative", "text", synonyms=("法定代表人", "法人代表", "法人")),
        Spec("contact_name", "text", synonyms=("联系人",)),
        Spec("contact_phone", "text", synonyms=("联系电话", "电话", "手机")),
        Spec("contact_email", "text", synonyms=("联系邮箱", "邮箱", "电子邮箱")),
    ),
    row_key=(),
    create_requires=("registered_on", "town", "industry_code"),
)
INDICATORS_KIND = ImportKind(
    "indicators",
    _("年度指标"),
    FiscalYear,
    (
        USCC,
        YEAR,
        *(
            _money(name)
            for name in (
                "sales_revenue",
                "total_revenue",
                "hitech_revenue",
                "net_assets",
                "total_assets",
                "cost_total",
                "rd_total",
                "rd_domestic",
            )
        ),
        Spec("employees", "headcount", synonyms=("职工总数", "从业人员", "从业人员数", "职工人数")),
        Spec("scitech_staff", "headcount", synonyms=("科技人员数", "科技人员", "研发人员数")),
    ),
    row_key=("year",),
)
RD_KIND = ImportKind(
    "rd",
    _("研发费用（分类）"),
    FiscalYear,
    (USCC, YEAR, *(_money(name) for name in (*RD_CATEGORY_FIELDS, "rd_total", "rd_domestic"))),
    row_key=("year",),
)
DEDUCTION_KIND = ImportKind(
    "deduction",
    _("研发费用加计扣除"),
    FiscalYear,
    (USCC, YEAR, *(_money(name) for name in DEDUCTION_FIELDS)),
    row_key=("year",),
)
IP_KIND = ImportKind(
    "ip",
    _("知识产权"),
    IPAsset,
    (
        USCC,
        Spec("kind", "choice", required=True, synonyms=("知识产权类型", "类型", "类别")),
        Spec("number", "text", required=True, synonyms=("编号", "专利号", "登记号", "申请号", "注册号")),
        Spec("title", "text", required=True, synonyms=("名称", "知识产权名称", "专利名称")),
        Spec("granted_on", "date", synonyms=("授权日期", "授权日", "登记日期")),
        Spec("expires_on", "date", synonyms=("到期日期", "有效期至", "届满日期")),
        Spec("status", "choice", synonyms=("状态", "法律状态")),
        Spec("acquisition", "choice", synonyms=("获得方式", "取得方式")),
        Spec("co_owners", "text", synonyms=("共有人", "共同权利人")),
    ),
    row_key=("kind", "number"),
)
CERTIFICATE_KIND = ImportKind(
    "certificates",
    _("资质证书"),
    Certificate,
    (
        USCC,
        Spec("kind", "choice", required=True, synonyms=("证书类型", "资质类型", "类型")),
        Spec("number", "text", required=True, synonyms=("证书编号", "入库登记编号", "编号", "登记编号")),
        Spec("issued_on", "date", synonyms=("发证日期", "认定日期", "发证时间")),
        Spec("expires_on", "date", synonyms=("有效期至", "到期日期")),
        Spec("year", "year", synonyms=("入库年度", "年度")),
    ),
    row_key=("kind", "number"),
)

KINDS: dict[str, ImportKind] = {
    kind.key: kind
    for kind in (ENTERPRISE_KIND, INDICATORS_KIND, RD_KIND, DEDUCTION_KIND, IP_KIND, CERTIFICATE_KIND)
}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]

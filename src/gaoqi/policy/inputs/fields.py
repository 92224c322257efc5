"""The catalogue of input fields: contract path, table column, Chinese label, unit and kind.

One list serves the JSON decoder, the Excel/CSV/Parquet layout, the sample workbook and the layout
documentation, so a field is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["str", "code", "date", "bool", "int", "points", "money", "headcount", "years"]

ENTERPRISE_SHEET = "企业基本信息"
YEAR_SHEET = "年度指标"

RD_INSTITUTION_LEVELS: dict[str, str] = {
    "none": "无",
    "enterprise": "企业级",
    "municipal": "市级",
    "provincial": "省级",
    "national": "国家级",
}


@dataclass(frozen=True)
class Field:
    """One input value: where it sits in a contract record and in the flat tables."""

    column: str  # column of the normalised tables (and English header of the flat layout)
    path: str  # dotted path in a contract record ("ip.class1"); for years, relative to the year
    label: str  # Chinese name
    kind: Kind
    unit: str = ""  # 万元, 人, 件, 项, 分 or empty
    required: bool = False
    maximum: int | None = None  # for points

    @property
    def header(self) -> str:
        """The Chinese column header of the Excel/CSV layout: the label with its unit."""
        return f"{self.label}（{self.unit}）" if self.unit else self.label


def _points(column: str, path: str, label: str, maximum: int) -> Field:
    return Field(column, path, label, "points", "分", maximum=maximum)


def _money(column: str, path: str, label: str) -> Field:
    return Field(column, path, label, "money", "万元")


ENTERPRISE_FIELDS: tuple[Field, ...] = (
    Field("uscc", "uscc", "统一社会信用代码", "str", required=True),
    Field("name", "name", "企业名称", "str", required=True),
    Field("registered_on", "registered_on", "成立日期", "date", required=True),
    Field("industry_code", "industry_code", "国民经济行业代码", "str", required=True),
    Field("tech_field", "tech_field", "技术领域代码", "str"),
    Field("town", "town", "镇街", "str"),
    Field("ip_class1", "ip.class1", "一类知识产权数", "int", "件"),
    Field("ip_class2", "ip.class2", "二类知识产权数", "int", "件"),
    Field("ip_self_developed", "ip.self_developed", "有自主研发知识产权", "bool"),
    Field("achievements_3y", "achievements_3y", "近三年科技成果转化数", "int", "项"),
    Field("standards_drafted", "standards_drafted", "参与标准制定", "bool"),
    _points("rdm_system", "rd_management.system", "研发组织管理制度得分", 6),
    _points("rdm_institution", "rd_management.institution", "研发机构与产学研合作得分", 6),
    _points("rdm_incentives", "rd_management.incentives", "成果转化激励制度得分", 4),
    _points("rdm_talent", "rd_management.talent", "人才培养与激励得分", 4),
    _points("expert_advancement", "expert.advancement", "技术先进程度得分", 8),
    _points("expert_core_support", "expert.core_support", "核心支持作用得分", 8),
    _points("expert_acquisition", "expert.acquisition", "知识产权获得方式得分", 6),
    _points("expert_standards", "expert.standards", "参与标准制定得分", 2),
    _points("expert_transformation", "expert.transformation", "科技成果转化能力得分", 30),
    Field("major_incident_1y", "major_incident_1y", "近一年重大安全质量事故或严重环境违法", "bool"),
    Field("rd_institution", "rd_institution", "最高研发机构级别", "code"),
    Field("hnte_issued_on", "hnte_certificate.issued_on", "高企证书发证日期", "date"),
    Field("tech_sme_registered", "tech_sme_registered", "科技型中小企业入库年份", "years"),
    Field("national_award_top3_5y", "national_award_top3_5y", "近五年国家科技奖（前三完成单位）", "bool"),
    Field("led_standard_5y", "led_standard_5y", "近五年主导制定标准（前五起草单位）", "bool"),
    Field("ic_or_mother_machine", "ic_or_mother_machine", "集成电路或工业母机企业", "bool"),
)

RD_CATEGORY_FIELDS: tuple[Field, ...] = (
    _money("rd_personnel", "rd.personnel", "研发费用：人员人工费用"),
    _money("rd_direct", "rd.direct", "研发费用：直接投入费用"),
    _money("rd_depreciation", "rd.depreciation", "研发费用：折旧费用与长期待摊费用"),
    _money("rd_amortization", "rd.amortization", "研发费用：无形资产摊销费用"),
    _money("rd_design", "rd.design", "研发费用：设计费用"),
    _money("rd_trials", "rd.trials", "研发费用：装备调试费用与试验费用"),
    _money("rd_entrusted_domestic", "rd.entrusted_domestic", "研发费用：委托境内研发（实际发生额）"),
    _money("rd_entrusted_overseas", "rd.entrusted_overseas", "研发费用：委托境外研发（实际发生额）"),
    _money("rd_other", "rd.other", "研发费用：其他费用"),
)
RD_TOTAL_FIELDS: tuple[Field, ...] = (
    _money("rd_total", "rd_total", "研发费用总额（委托研发已按80%计）"),
    _money("rd_domestic", "rd_domestic", "境内研发费用（委托研发已按80%计）"),
)
DEDUCTION_FIELDS: tuple[Field, ...] = (
    _money("ded_five", "deduction_rd.five", "加计扣除：前五类费用"),
    _money("ded_other", "deduction_rd.other", "加计扣除：其他相关费用"),
    _money("ded_entrusted_domestic", "deduction_rd.entrusted_domestic", "加计扣除：委托境内研发"),
    _money("ded_entrusted_overseas", "deduction_rd.entrusted_overseas", "加计扣除：委托境外研发"),
)
YEAR_FIELDS: tuple[Field, ...] = (
    Field("year", "year", "年度", "int", required=True),
    _money("sales_revenue", "sales_revenue", "销售收入"),
    _money("total_revenue", "total_revenue", "总收入"),
    _money("hitech_revenue", "hitech_revenue", "高新技术产品（服务）收入"),
    *RD_CATEGORY_FIELDS,
    *RD_TOTAL_FIELDS,
    *DEDUCTION_FIELDS,
    _money("net_assets", "net_assets", "年末净资产"),
    _money("total_assets", "total_assets", "年末资产总额"),
    _money("cost_total", "cost_total", "成本费用支出总额"),
    Field("employees", "employees", "职工总数", "headcount", "人"),
    Field("scitech_staff", "scitech_staff", "科技人员数", "headcount", "人"),
)

FIELDS_BY_COLUMN: dict[str, Field] = {f.column: f for f in (*ENTERPRISE_FIELDS, *YEAR_FIELDS)}

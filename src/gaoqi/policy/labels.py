"""The Chinese names of the engine's outcomes and HNTE conditions, shared by its reports and plans."""

from __future__ import annotations

CONDITION_LABELS = {
    "registered_365_days": "注册成立满一年",
    "core_ip": "拥有核心支持作用的知识产权",
    "tech_field": "主要产品（服务）技术属于重点支持领域",
    "scitech_staff_ratio": "科技人员占职工总数比例",
    "rd_ratio": "近三年研发费用占销售收入比例",
    "domestic_rd_share": "境内研发费用占研发费用总额比例",
    "hitech_revenue_share": "近一年高新技术产品（服务）收入占总收入比例",
    "innovation_score": "创新能力评价得分",
    "no_major_incident": "近一年无重大安全、质量事故或严重环境违法行为",
}
VERDICT_LABELS = {"pass": "符合", "fail": "不符合", "uncertain": "尚不确定", None: "—"}
TIER_LABELS = {
    "none": "未入梯队",
    "tech_sme": "科技型中小企业",
    "hnte": "高新技术企业",
    "little_giant": "科技小巨人",
    "leading": "科技领军企业",
    None: "—",
}

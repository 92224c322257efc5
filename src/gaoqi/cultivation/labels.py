"""Chinese labels of the engine's condition names and of input paths, for pages and exports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CONDITION_LABELS = {
    "registered_365_days": _("注册成立满一年"),
    "core_ip": _("核心知识产权"),
    "tech_field": _("高新技术领域"),
    "scitech_staff_ratio": _("科技人员占比"),
    "rd_ratio": _("研发费用占比"),
    "domestic_rd_share": _("境内研发费用占比"),
    "hitech_revenue_share": _("高新技术收入占比"),
    "innovation_score": _("创新能力评价"),
    "no_major_incident": _("无重大事故或严重违法"),
}
GAP_UNITS = {"scitech_staff_ratio": _("人")}
TRANSITION_LABELS = {
    "tech_to_hnte": _("小升高（科技型中小企业→高新技术企业）"),
    "to_above_scale": _("小升规（规下→规上）"),
    "hnte_upward": _("高壮大（高新技术企业→小巨人/领军）"),
}


def condition_label(name: str) -> str:
    """The Chinese name of a condition (the name itself when unknown)."""
    return str(CONDITION_LABELS.get(name, name))


def conditions_text(names: list[str]) -> str:
    """Failed conditions joined for a cell."""
    return "、".join(condition_label(name) for name in names)

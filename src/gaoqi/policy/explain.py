"""Explanations: one object per condition and score item, and a readable Chinese report.

Each object is ``{"rule", "text", "value", "threshold", "article", "parameter_date"}``: the rule id,
a Chinese sentence, the value and threshold it compared, the document and article, and the date
from which the deciding parameter value is in force.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gaoqi.policy.errors import ParameterError
from gaoqi.policy.exact import fraction
from gaoqi.policy.labels import TIER_LABELS, VERDICT_LABELS
from gaoqi.policy.params import ParameterSet
from gaoqi.policy.tables import HEADCOUNT_SCALE, MONEY_SCALE

VERDICT_WORDS = {True: "符合", False: "不符合", None: "无法判断（缺少数据）"}
SCORE_WORDS = {True: "已可确定达标", False: "已可确定不达标", None: "尚不确定，取决于专家评分"}
TECH_SME_ITEMS = (
    ("staff", "tech_sme.staff_bands", "科技人员指标"),
    ("rd", "tech_sme.rd_sales_bands", "研发投入指标（两种比例取高者）"),
    ("ip", "tech_sme.ip_bands", "科技成果指标"),
)
DIRECT_TEXT = "直接符合条件（有效高企、国家级科技奖前三、省部级以上研发机构或主导制定标准）"


def _known(value: object) -> str:
    return "未知" if value is None else str(value)


def _span_text(span: list[int]) -> str:
    return "–".join(map(str, span))


def _entry(
    params: ParameterSet,
    rule: str,
    parameter: str,
    text: str,
    value: Any,
    threshold: Any,
    on: dt.date | None = None,
) -> dict[str, Any]:
    try:
        source = params.source(parameter, on=on)
    except ParameterError:  # a year before the parameter existed
        source = params.source(parameter)
        date = None
    else:
        date = source.effective_on.isoformat()
    return {
        "rule": rule,
        "text": text,
        "value": value,
        "threshold": threshold,
        "article": f"{source.document} {source.article}",
        "parameter_date": date,
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _wan(amount: int | None) -> str:
    return "—" if amount is None else f"{amount / MONEY_SCALE:.4f} 万元"


def _gap_text(passed: bool | None, gap: object, what: str, unit: str) -> str:
    if passed is False and gap is not None:
        return f"，还需增加{what} {gap}{unit}"
    return ""


def hnte_explanations(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    """The eight conditions, the score condition and the four score items."""
    return [*_hnte_conditions(row, params), *_hnte_ratios(row, params), *_score_items(row, params)]


def _hnte_conditions(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    days, days_min = row["hnte_registered_365_days_value"], params["hnte.registration_days"]
    c1, c2 = row["ip_class1"], row["ip_class2"]
    ip_total = None if c1 is None and c2 is None else (c1 or 0) + (c2 or 0)
    field = row["tech_field"]
    lookback = params["hnte.incident_lookback_days"]
    score_passed = row["hnte_innovation_score_passed"]
    pass_line = params["hnte.score_pass"]
    pass_words = (
        f"不低于 {pass_line} 分" if params["hnte.score_pass_inclusive"] else f"高于 {pass_line} 分（不含）"
    )
    return [
        _entry(
            params,
            "hnte.registered_365_days",
            "hnte.registration_days",
            f"注册成立 {days} 天，要求不少于 {days_min} 天："
            f"{VERDICT_WORDS[row['hnte_registered_365_days_passed']]}。",
            days,
            days_min,
        ),
        _entry(
            params,
            "hnte.core_ip",
            "hnte.core_ip_min",
            f"拥有有效知识产权 Ⅰ类 {_known(c1)} 件、Ⅱ类 {_known(c2)} 件，"
            f"要求至少 {params['hnte.core_ip_min']} 件：{VERDICT_WORDS[row['hnte_core_ip_passed']]}。",
            ip_total,
            params["hnte.core_ip_min"],
        ),
        _entry(
            params,
            "hnte.tech_field",
            "hnte.tech_fields",
            f"主要产品（服务）核心技术所属领域 {field or '未填写'}，"
            f"{'属于' if row['hnte_tech_field_passed'] else '不属于'}《国家重点支持的高新技术领域》。",
            field,
            None,
        ),
        _entry(
            params,
            "hnte.innovation_score",
            "hnte.score_pass",
            f"创新能力评价得分区间 {row['score_min']}–{row['score_max']} 分，要求{pass_words}："
            f"{SCORE_WORDS[score_passed]}。",
            [row["score_min"], row["score_max"]],
            pass_line,
        ),
        _entry(
            params,
            "hnte.no_major_incident",
            "hnte.incident_lookback_days",
            f"申请前 {lookback} 天内重大安全、重大质量事故或严重环境违法行为："
            f"{ {True: '无', False: '有', None: '未提供'}[row['hnte_no_major_incident_passed']] }。",
            row["major_incident_1y"],
            False,
        ),
    ]


def _hnte_ratios(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    def ratio(name: str, parameter: str, subject: str, what: str, unit: str, money: bool) -> dict[str, Any]:
        prefix = f"hnte_{name}"
        passed, value, threshold = row[f"{prefix}_passed"], row[f"{prefix}_value"], row[f"{prefix}_threshold"]
        gap = row[f"{prefix}_gap"]
        gap_shown = None if gap is None else (f"{gap / MONEY_SCALE:.4f}" if money else gap)
        text = (
            f"{subject}为 {_percent(value)}，要求不低于 {_percent(threshold)}：{VERDICT_WORDS[passed]}"
            f"{_gap_text(passed, gap_shown, what, unit)}。"
        )
        return _entry(params, f"hnte.{name}", parameter, text, value, threshold)

    last = row.get("sales_revenue_y3")
    return [
        ratio(
            "scitech_staff_ratio",
            "hnte.staff_ratio_min",
            "最近一年科技人员占职工总数的比例",
            "科技人员",
            " 人",
            False,
        ),
        ratio(
            "rd_ratio",
            "hnte.rd_ratio_brackets",
            f"近三个会计年度研发费用占同期销售收入的比例（最近一年销售收入 {_wan(last)}）",
            "研发费用",
            " 万元",
            True,
        ),
        ratio(
            "domestic_rd_share",
            "hnte.domestic_rd_share_min",
            "境内研发费用占全部研发费用的比例",
            "境内研发费用",
            " 万元",
            True,
        ),
        ratio(
            "hitech_revenue_share",
            "hnte.hitech_revenue_share_min",
            "最近一年高新技术产品（服务）收入占总收入的比例",
            "高新技术产品（服务）收入",
            " 万元",
            True,
        ),
    ]


def _score_items(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    def span(item: str) -> list[int]:
        return [row[f"score_{item}_min"], row[f"score_{item}_max"]]

    def growth(item: str, label: str) -> dict[str, Any]:
        rate = row[f"score_{item}_rate"]
        review = (
            "；基数为负、缺失或经营不满两年，按 0 分计并需人工复核" if row[f"score_{item}_review"] else ""
        )
        low, high = span(item)
        text = f"{label}为 {_percent(rate)}，得分 {low}–{high} 分{review}。"
        return _entry(params, f"hnte_score.{item}", "hnte_score.growth_bands", text, rate, [low, high])

    ip_low, ip_high = span("ip")
    tr_low, tr_high = span("transformation")
    rdm_low, rdm_high = span("rd_management")
    achievements = row["achievements_3y"]
    return [
        _entry(
            params,
            "hnte_score.ip",
            "hnte_score.ip_cap",
            f"知识产权得分 {ip_low}–{ip_high} 分（数量 {_span_text(span('ip_quantity'))} 分、"
            f"获得方式 {_span_text(span('ip_acquisition'))} 分、"
            f"标准加分 {_span_text(span('ip_standards'))} 分，"
            f"上限 {params['hnte_score.ip_cap']} 分）。",
            [ip_low, ip_high],
            params["hnte_score.ip_cap"],
        ),
        _entry(
            params,
            "hnte_score.transformation",
            "hnte_score.transformation_bands",
            f"近三年科技成果转化 {achievements if achievements is not None else '未知'} 项"
            f"（按年平均数分档），得分 {tr_low}–{tr_high} 分。",
            achievements,
            [tr_low, tr_high],
        ),
        _entry(
            params,
            "hnte_score.rd_management",
            "hnte_score.rd_management_items",
            f"研究开发组织管理水平得分 {rdm_low}–{rdm_high} 分（未给出的分项按满分范围计）。",
            [rdm_low, rdm_high],
            sum(item["max_points"] for item in params["hnte_score.rd_management_items"]),
        ),
        growth("net_asset_growth", "净资产增长率"),
        growth("sales_growth", "销售收入增长率"),
    ]


def tech_sme_explanations(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    """Size and eligibility, the three score items, direct qualification and the verdict."""
    employees = row.get("employees_y3")
    persons = "未知" if employees is None else f"{employees / HEADCOUNT_SCALE:g}"
    pass_score = params["tech_sme.pass_score"]
    verdict = "符合" if row["tech_sme_verdict"] == "pass" else "不符合"
    return [
        _entry(
            params,
            "tech_sme.size",
            "tech_sme.employees_max",
            f"最近一年职工 {persons} 人、销售收入 {_wan(row.get('sales_revenue_y3'))}、"
            f"资产总额 {_wan(row.get('total_assets_y3'))}；规模、无重大事故、非负面清单行业等条件："
            f"{'符合' if row['tech_sme_eligible'] else '不符合或无法确认'}。",
            row["tech_sme_eligible"],
            True,
        ),
        *(
            _entry(
                params,
                f"tech_sme.{item}",
                parameter,
                f"{label}得分 {row[f'tech_sme_{item}']} 分（满分 {params[parameter][0]['points']} 分）。",
                row[f"tech_sme_{item}"],
                params[parameter][0]["points"],
            )
            for item, parameter, label in TECH_SME_ITEMS
        ),
        _entry(
            params,
            "tech_sme.direct",
            "tech_sme.direct_rd_institutions",
            f"{DIRECT_TEXT}：{'是' if row['tech_sme_direct'] else '否'}。",
            row["tech_sme_direct"],
            True,
        ),
        _entry(
            params,
            "tech_sme.verdict",
            "tech_sme.pass_score",
            f"综合得分 {row['tech_sme_score']} 分，要求不低于 {pass_score} 分且科技人员指标不为 0，"
            f"或直接符合条件：{verdict}。",
            row["tech_sme_score"],
            pass_score,
        ),
    ]


def deduction_explanations(row: dict[str, Any], params: ParameterSet) -> list[dict[str, Any]]:
    """One object per fiscal year of the input."""
    result = []
    for entry in row["deduction"]:
        year = entry["year"]
        parameter = _rate_parameter(row, params, year)
        rate = entry["rate"]
        estimated = "（未提供加计扣除口径，按研发费用估算）" if entry["estimated"] else ""
        excluded = "主营行业属于不适用加计扣除的行业，" if parameter == "deduction.negative_list" else ""
        text = (
            f"{year} 年度{excluded}加计扣除比例 {_percent(rate)}（按月加权），"
            f"基数 {_wan(entry['base'])}{estimated}，加计扣除额 {_wan(entry['extra'])}，"
            f"减少企业所得税 {_wan(entry['tax_saved'])}。"
        )
        extra = None if entry["extra"] is None else entry["extra"] / MONEY_SCALE
        result.append(
            _entry(params, "deduction.year", parameter, text, extra, rate, on=dt.date(year, 12, 31))
        )
    return result


def _rate_parameter(row: dict[str, Any], params: ParameterSet, year: int) -> str:
    """The parameter whose rate applied in ``year``: negative list, IC, manufacturing, tech SME, general."""
    code = row["industry_code"] or ""
    if any(code.startswith(prefix) for prefix in params["deduction.negative_list"]):
        return "deduction.negative_list"
    general = params.yearly_average("deduction.rate_general", year)
    candidates = (
        ("deduction.rate_ic_mother_machine", bool(row["ic_or_mother_machine"])),
        ("deduction.rate_manufacturing", row["section"] == "C"),
        ("deduction.rate_tech_sme", year in (row["tech_sme_registered"] or [])),
    )
    for name, entitled in candidates:
        average = params.yearly_average(name, year)
        if entitled and average is not None and general is not None and fraction(average) > fraction(general):
            return name
    return "deduction.rate_general"


def render_report(result: dict[str, Any]) -> str:
    """A readable Chinese report of one contract object (with explanations)."""
    hnte = result["hnte"]
    lines = [
        f"企业 {result['uscc']}，评价日期 {result['as_of']}",
        f"高新技术企业：{VERDICT_LABELS[hnte['verdict']]}"
        f"（得分区间 {hnte['score']['min']}–{hnte['score']['max']} 分）",
    ]
    lines += [f"  · {item['text']}（{item['article']}）" for item in hnte.get("explanations", [])]
    if hnte.get("missing"):
        lines.append(f"  缺少的数据：{'、'.join(hnte['missing'])}")
    lines.append(
        f"科技型中小企业：{VERDICT_LABELS[result['tech_sme']['verdict']]}（{result['tech_sme']['score']} 分）"
    )
    lines += [f"  · {item['text']}" for item in result["tech_sme"].get("explanations", [])]
    lines.append("研发费用加计扣除：")
    lines += [f"  · {item['text']}" for item in result["deduction"].get("explanations", [])]
    lines.append(f"梯度层级：{TIER_LABELS[result['tier']]}")
    return "\n".join(lines)

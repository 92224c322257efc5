"""The readable Chinese report of ``gaoqi explain``: verdicts with their grounds, every condition
with value, threshold and gap, the score ranges, the cheapest plan and the earliest application date.
"""

from __future__ import annotations

from typing import Any

from gaoqi.policy.explain import render_report
from gaoqi.policy.labels import CONDITION_LABELS, TIER_LABELS, VERDICT_LABELS

SCORE_LABELS = {
    "ip": "知识产权",
    "transformation": "科技成果转化能力",
    "rd_management": "研究开发组织管理水平",
    "growth": "企业成长性",
    "net_asset_growth": "  其中：净资产增长",
    "sales_growth": "  其中：销售收入增长",
}
PASSED = {True: "✓ 符合", False: "✗ 不符合", None: "？ 无法判断"}
RATIOS = ("scitech_staff_ratio", "rd_ratio", "domestic_rd_share", "hitech_revenue_share")


def explain_report(
    result: dict[str, Any], name: str | None, plan: dict[str, Any] | None, earliest: dict[str, Any] | None
) -> str:
    """The whole report for one enterprise (``result`` is a contract object with explanations)."""
    title = f"高新技术企业培育评估报告：{name or ''}（{result.get('uscc')}）"
    if "error" in result:
        return "\n".join([title, "", f"该企业的数据未通过校验，无法评估：{result['error']}"])
    sections = [
        title,
        "",
        "一、评价结论与依据",
        render_report(result),
        "",
        "二、认定条件明细",
        *_conditions(result["hnte"]["conditions"]),
        "",
        "三、创新能力评分（分数区间）",
        *_score(result["hnte"]["score"]),
    ]
    if plan is not None:
        sections += ["", "四、最省成本的达标方案", *_plan(plan)]
    if earliest is not None:
        sections += ["", "五、最早申报日期", *_earliest(earliest)]
    return "\n".join(sections)


def _conditions(conditions: dict[str, Any]) -> list[str]:
    lines = []
    for key, label in CONDITION_LABELS.items():
        condition = conditions.get(key, {})
        parts = [f"  {PASSED[condition.get('passed')]}  {label}"]
        if key == "registered_365_days" and condition.get("value") is not None:
            parts.append(f"已成立 {condition['value']} 天")
        if key in RATIOS:
            parts.append(
                f"实际 {_percent(condition.get('value'))}，门槛 {_percent(condition.get('threshold'))}"
            )
            gap = condition.get("gap")
            if gap:
                unit = "人" if key == "scitech_staff_ratio" else " 万元"
                parts.append(f"差距 {gap}{unit}")
        if key == "innovation_score":
            parts.append(f"须高于 {condition.get('threshold')} 分")
        lines.append("；".join(parts))
    return lines


def _percent(value: float | None) -> str:
    return "未知" if value is None else f"{value * 100:.2f}%"


def _score(score: dict[str, Any]) -> list[str]:
    lines = [f"  总分 {_span(score)} 分（专家打分的分项按可能的最低与最高分计）"]
    for key, label in SCORE_LABELS.items():
        item = score.get(key)
        if item is None:
            continue
        growth = f"，增长率 {_percent(item['rate'])}" if "rate" in item else ""
        lines.append(f"  {label}：{_span(item)} 分{growth}")
    return lines


def _span(item: dict[str, Any]) -> str:
    low, high = item.get("min"), item.get("max")
    return str(low) if low == high else f"{low}–{high}"


def _plan(plan: dict[str, Any]) -> list[str]:
    if "error" in plan:
        return [f"  无法测算：{plan['error']}"]
    if not plan.get("needed"):
        return ["  已符合全部认定条件且评分下限已过合格线，无需补差。"]
    lines = [
        f"  · {action['description']}：约 {action['cost']} 万元，需 {action['lead_months']} 个月"
        for action in plan.get("actions", [])
    ]
    if plan.get("actions"):
        lines.append(
            f"  合计成本约 {plan.get('total_cost')} 万元，最长准备周期 {plan.get('lead_months', 0)} 个月"
        )
        after = plan.get("score_after")
        if after:
            lines.append(f"  完成后评分区间 {_span(after)} 分")
    lines += [f"  ! {blocker['text']}" for blocker in plan.get("blockers", [])]
    if not plan.get("feasible", True):
        lines.append("  以上障碍须先行解决，方案才能使企业达标。")
    return lines or ["  暂无可行措施。"]


def _earliest(earliest: dict[str, Any]) -> list[str]:
    day = earliest.get("date")
    lines = [f"  最早可于 {day} 申报" if day else "  暂无法确定最早申报日期"]
    lines += [f"  · {reason}" for reason in earliest.get("reasons", [])]
    years = earliest.get("fiscal_years")
    if years:
        lines.append(f"  申报时审查的财务年度：{'、'.join(str(year) for year in years)}")
    return lines


OUTCOME_LABELS = {
    "hnte": ("高新技术企业", VERDICT_LABELS),
    "tech_sme": ("科技型中小企业", VERDICT_LABELS),
    "tier": ("梯度层级", TIER_LABELS),
}


def parameter_rows(params: Any, as_of: Any) -> list[dict[str, Any]]:
    """Every parameter in force on ``as_of`` with its value and source, for ``gaoqi params``."""
    rows = []
    for name, value in params.in_force(as_of).items():
        source = params.source(name, on=as_of)
        rows.append(
            {
                "name": name,
                "description": source.description,
                "value": _plain_value(value),
                "unit": source.unit,
                "effective_on": source.effective_on.isoformat(),
                "document": source.document,
                "article": source.article,
                "regional": source.regional,
            }
        )
    return rows


def _plain_value(value: Any) -> Any:
    """A parameter value with JSON types only (decimals and fractions as text)."""
    if isinstance(value, list | tuple):
        return [_plain_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain_value(item) for key, item in value.items()}
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def parameter_table(rows: list[dict[str, Any]], as_of: Any, region: str, version: str) -> str:
    """The parameters as readable text, grouped by rule family."""
    lines = [f"{as_of} 生效的政策参数（地区：{region}，版本 {version}）"]
    family = None
    for row in rows:
        head = row["name"].split(".", 1)[0]
        if head != family:
            family = head
            lines += ["", f"【{family}】"]
        regional = "，地区口径" if row["regional"] else ""
        lines.append(f"  {row['name']} = {_value_text(row['value'])}（{row['unit']}）")
        lines.append(
            f"      {row['description']}；自 {row['effective_on']} 起{regional}；"
            f"依据：{row['document']} {row['article']}"
        )
    return "\n".join(lines)


def _value_text(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "；".join("，".join(f"{k}={v}" for k, v in item.items()) for item in value)
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def simulation_report(outcome: dict[str, Any]) -> str:
    """Who flips under the changed parameters, with the counts by town and by tier."""
    lines = [f"政策影响模拟（评价日期 {outcome['as_of']}）", "调整的参数："]
    lines += [
        f"  {c['name']}：{_value_text(c['base'])} → {_value_text(c['changed'])}"
        for c in outcome["changed_parameters"]
    ]
    lines.append(
        f"评价企业 {outcome['evaluated']} 家，结果变化 {outcome['flipped']} 家；"
        f"被拒绝的记录 {len(outcome['rejected'])} 条"
    )
    for title, key in (("按镇街", "town"), ("按调整前层级", "tier")):
        lines.append(f"{title}：")
        for group in outcome[f"by_{key}"]:
            label = TIER_LABELS.get(group[key], group[key]) if key == "tier" else group[key]
            lines.append(
                f"  {label}：变化 {group['flipped']} 家（新增高企 {group['hnte_gained']}，"
                f"失去高企 {group['hnte_lost']}，层级变化 {group['tier_changed']}）"
            )
    for key, (label, words) in OUTCOME_LABELS.items():
        for change in outcome[f"{key}_changes"]:
            before, after = (words.get(change[end], change[end]) for end in ("from", "to"))
            lines.append(f"{label}：{before} → {after}，{change['count']} 家")
    if outcome["flips"]:
        lines.append("变化的企业：")
    for flip in outcome["flips"]:
        moves = [
            f"{label} {words.get(flip[key]['from'])} → {words.get(flip[key]['to'])}"
            for key, (label, words) in OUTCOME_LABELS.items()
            if flip[key]["from"] != flip[key]["to"]
        ]
        lines.append(f"  {flip['uscc']} {flip['name']}（{flip['town']}）：{'；'.join(moves)}")
    return "\n".join(lines)

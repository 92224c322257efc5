"""The cheapest plan that makes an enterprise pass HNTE recognition with a score minimum above 70.

The cost model (``plan_costs.actions``, 示例口径) gives each action a unit cost in 万元 and a lead
time in months. The plan has two parts:

- **gap actions**, forced by the conditions' exact gaps (contract): sci-tech hires, extra domestic
  R&D (the larger of the R&D-ratio and domestic-share gaps: domestic R&D closes both), extra
  high-tech revenue;
- **score actions**, a small exact knapsack over the band steps of the three score items that money
  can move: IP quantity (class I / class II items), achievement transformation, R&D management
  sub-items. The band thresholds come from the parameters; every candidate step is evaluated by the
  engine itself (one batch), and all combinations are enumerated for the cheapest one whose total
  minimum is above the pass line. When the enterprise has no IP, some IP is mandatory.

R&D cost: the money itself, less the income tax the super deduction saves on it when
``plan_costs.rd_net_of_tax_saving`` is true (measured by the engine on the planned record). Things
money cannot buy (registration age, a technology outside the list, a major incident, missing data)
are blockers, with the date they clear where one exists. The plan is verified by evaluating the
record with every action applied.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from gaoqi.policy.labels import CONDITION_LABELS

__all__ = ["Action", "apply_actions", "cost_model", "plan_for"]

_TEN_THOUSANDTH = Decimal("0.0001")
_LAST_YEAR_FIELDS = {  # the last-year fields an action raises together
    "scitech_hire": ("employees", "scitech_staff"),
    "hitech_revenue": ("hitech_revenue", "total_revenue"),
}
_RDM_TEXT = {
    "system": "研发组织管理制度、研发投入核算体系与研发费用辅助账",
    "institution": "内部研发机构与产学研合作",
    "incentives": "成果转化组织实施与激励奖励制度、创新创业平台",
    "talent": "科技人员培养进修、人才引进与绩效评价奖励制度",
}


@dataclass(frozen=True)
class Action:
    """One planned action: ``kind`` is a row of ``plan_costs.actions``; ``target`` names a sub-item."""

    kind: str
    amount: Decimal
    target: str | None = None


@dataclass(frozen=True)
class _Option:
    """A choice on one score item: its actions, their gross cost and the item's resulting minimum."""

    actions: tuple[Action, ...]
    cost: Decimal
    minimum: Decimal


@dataclass
class _Context:
    record: Mapping[str, Any]
    as_of: dt.date
    params: Any
    costs: Mapping[str, Mapping[str, Any]]
    evaluate: Any = field(repr=False)


def cost_model(params: Any) -> dict[str, dict[str, Any]]:
    """The rows of ``plan_costs.actions`` by action kind (unit name, unit cost, lead months)."""
    return {row["action"]: dict(row) for row in params.value("plan_costs.actions")}


def plan_for(
    record: Mapping[str, Any], as_of: dt.date | None = None, *, params: Any = None
) -> dict[str, Any]:
    """The cheapest plan for ``record`` to pass HNTE on ``as_of`` (see the module docstring)."""
    from gaoqi.policy import evaluate_records, load_parameters

    as_of = as_of or dt.date.today()
    params = params.at(as_of) if params is not None else load_parameters(as_of)

    def evaluate(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return evaluate_records([dict(item) for item in records], as_of, params=params, explain=False)

    before = evaluate([record])[0]
    head = {"uscc": record.get("uscc"), "as_of": as_of.isoformat()}
    if "error" in before:
        return {**head, "error": before["error"]}
    hnte = before["hnte"]
    summary = {**head, "verdict_before": hnte["verdict"], "score_before": _range(hnte["score"])}
    if hnte["verdict"] == "pass":
        return {
            **summary,
            "needed": False,
            "feasible": True,
            "blockers": [],
            "actions": [],
            "total_cost": 0.0,
        }
    context = _Context(record, as_of, params, cost_model(params), evaluate)
    conditions = hnte["conditions"]
    gap_actions = _gap_actions(conditions)
    score_actions, best_minimum = _score_actions(
        context, hnte, ip_required=conditions["core_ip"]["passed"] is False
    )
    actions = gap_actions + score_actions
    after = evaluate([apply_actions(record, actions, as_of=as_of, params=params)])[0]
    rows = [_describe(context, action, before, after) for action in actions]
    blockers = _blockers(conditions, as_of, params, hnte.get("missing") or [])
    if not _clears(best_minimum, params):
        text = (
            f"即使完成全部可选措施，创新能力评分下限最高为 {best_minimum} 分，仍未超过合格线；"
            "专家评定的子项与成长性得分无法通过投入改变"
        )
        blockers.append({"condition": "innovation_score", "text": text, "clears_on": None})
    verified = after["hnte"]["verdict"] == "pass" and _clears(after["hnte"]["score"]["min"], params)
    return {
        **summary,
        "needed": True,
        "feasible": not blockers,
        "blockers": blockers,
        "actions": rows,
        "total_cost": float(sum((Decimal(str(row["cost"])) for row in rows), Decimal(0))),
        "lead_months": max((row["lead_months"] for row in rows), default=0),
        "score_after": _range(after["hnte"]["score"]),
        "verification": {"verdict": after["hnte"]["verdict"], "passed": verified},
        "cost_model": {
            "document": params.source("plan_costs.actions").document,
            "rd_net_of_tax_saving": bool(params.value("plan_costs.rd_net_of_tax_saving")),
        },
    }


def apply_actions(
    record: Mapping[str, Any], actions: Sequence[Action], *, as_of: dt.date, params: Any
) -> dict[str, Any]:
    """A copy of ``record`` with the actions done: money and hires land in the last fiscal year."""
    changed = copy.deepcopy(dict(record))
    for action in actions:
        if action.kind == "rd_extra":
            _add_rd(_last_year(changed, as_of.year - 1), action.amount)
        elif action.kind in _LAST_YEAR_FIELDS:
            last = _last_year(changed, as_of.year - 1)
            for key in _LAST_YEAR_FIELDS[action.kind]:
                last[key] = _plus(last.get(key), action.amount)
        elif action.kind in ("ip_class1", "ip_class2"):
            ip = dict(changed.get("ip") or {})
            key = "class1" if action.kind == "ip_class1" else "class2"
            ip[key] = int(ip.get(key) or 0) + int(action.amount)
            changed["ip"] = {**ip, "self_developed": True}
        elif action.kind == "achievement":
            changed["achievements_3y"] = int(changed.get("achievements_3y") or 0) + int(action.amount)
        else:
            items = _rdm_maxima(params)
            current = changed.get("rd_management") or dict.fromkeys(items, 0)
            changed["rd_management"] = {**current, action.target: items[action.target]}
    return changed


def _gap_actions(conditions: Mapping[str, Any]) -> list[Action]:
    def gap(name: str) -> Decimal:
        value = conditions[name].get("gap")
        return Decimal(str(value)) if value else Decimal(0)

    actions = []
    if gap("scitech_staff_ratio") > 0:
        actions.append(Action("scitech_hire", gap("scitech_staff_ratio")))
    rd = max(gap("rd_ratio"), gap("domestic_rd_share"))
    if rd > 0:
        actions.append(Action("rd_extra", rd))
    if gap("hitech_revenue_share") > 0:
        actions.append(Action("hitech_revenue", gap("hitech_revenue_share")))
    return actions


def _score_actions(
    context: _Context, hnte: Mapping[str, Any], *, ip_required: bool
) -> tuple[list[Action], Decimal]:
    """The cheapest combination of score options whose total minimum clears the pass line (or, when
    none does, the one reaching the highest minimum), with that minimum."""
    menus = _option_menus(context, ip_required=ip_required)
    score = hnte["score"]
    fixed = Decimal(str(score["min"])) - sum(
        (Decimal(str(score[item]["min"])) for item in ("ip", "transformation", "rd_management")), Decimal(0)
    )
    best: tuple[Any, ...] | None = None
    for combination in itertools.product(*menus):
        minimum = fixed + sum((option.minimum for option in combination), Decimal(0))
        actions = [action for option in combination for action in option.actions]
        reaches = _clears(minimum, context.params)
        tail = (
            sum((option.cost for option in combination), Decimal(0)),
            max((_lead(context, action) for action in actions), default=0),
            len(actions),
        )
        key = (0, *tail) if reaches else (1, -minimum, *tail)
        if best is None or key < best[0]:
            best = (key, actions, minimum)
    if best is None:
        return [], fixed
    return best[1], best[2]


def _option_menus(context: _Context, *, ip_required: bool) -> list[list[_Option]]:
    """Each score item's candidate steps, evaluated by the engine in one batch; dominated ones dropped."""
    record, params = context.record, context.params
    menus = {
        "ip": [step for step in _ip_steps(record, params) if step or not ip_required],
        "transformation": list(_achievement_steps(record, params)),
        "rd_management": list(_rdm_steps(record, params)),
    }
    flat = [(item, actions) for item, steps in menus.items() for actions in steps]
    results = context.evaluate(
        [apply_actions(record, actions, as_of=context.as_of, params=params) for _, actions in flat]
    )
    options: dict[str, list[_Option]] = {item: [] for item in menus}
    for (item, actions), result in zip(flat, results, strict=True):
        cost = sum((_gross(context, action) for action in actions), Decimal(0))
        options[item].append(
            _Option(tuple(actions), cost, Decimal(str(result["hnte"]["score"][item]["min"])))
        )
    return [_undominated(item_options) for item_options in options.values()]


def _ip_steps(record: Mapping[str, Any], params: Any) -> Iterator[tuple[Action, ...]]:
    ip = record.get("ip") or {}
    have = (int(ip.get("class1") or 0), int(ip.get("class2") or 0))
    yield ()
    for band in params.value("hnte_score.ip_quantity_bands"):
        need1, need2 = (max(0, int(band[f"class{n}_min"]) - have[n - 1]) for n in (1, 2))
        if need1 or need2:
            yield tuple(
                Action(kind, Decimal(n)) for kind, n in (("ip_class1", need1), ("ip_class2", need2)) if n
            )


def _achievement_steps(record: Mapping[str, Any], params: Any) -> Iterator[tuple[Action, ...]]:
    have = int(record.get("achievements_3y") or 0)
    years = int(params.value("hnte_score.transformation_basis_years"))
    targets = {
        math.ceil(Decimal(band["min_count"]) * years)
        for band in params.value("hnte_score.transformation_bands")
    }
    yield ()
    for target in sorted(target for target in targets if target > have):
        yield (Action("achievement", Decimal(target - have)),)


def _rdm_steps(record: Mapping[str, Any], params: Any) -> Iterator[tuple[Action, ...]]:
    current = record.get("rd_management") or {}
    open_items = [item for item, top in _rdm_maxima(params).items() if (current.get(item) or 0) < top]
    for size in range(len(open_items) + 1):
        for subset in itertools.combinations(open_items, size):
            yield tuple(Action(f"rdm_{item}", Decimal(1), item) for item in subset)


def _undominated(options: list[_Option]) -> list[_Option]:
    """Keep, for each reachable minimum, the cheapest option, and drop any beaten on both counts."""
    kept: list[_Option] = []
    for option in sorted(options, key=lambda o: (o.cost, -o.minimum, len(o.actions))):
        if all(option.minimum > other.minimum for other in kept):
            kept.append(option)
    return kept


def _blockers(
    conditions: Mapping[str, Any], as_of: dt.date, params: Any, missing: Sequence[str]
) -> list[dict[str, Any]]:
    blockers = []
    if conditions["registered_365_days"]["passed"] is False:
        needed = int(params.value("hnte.registration_days"))
        clears = as_of + dt.timedelta(days=needed - int(conditions["registered_365_days"]["value"]))
        text = f"注册成立未满{needed}个日历天，{clears.isoformat()} 起满足，无法通过投入提前"
        blockers.append({"condition": "registered_365_days", "text": text, "clears_on": clears.isoformat()})
    if conditions["tech_field"]["passed"] is False:
        text = "主营产品（服务）的核心技术不在《国家重点支持的高新技术领域》内，无法通过投入解决"
        blockers.append({"condition": "tech_field", "text": text, "clears_on": None})
    if conditions["no_major_incident"]["passed"] is False:
        clears = as_of + dt.timedelta(days=int(params.value("hnte.incident_lookback_days")))
        text = f"申请前一年内发生重大安全、质量事故或严重环境违法行为，最迟 {clears.isoformat()} 起期满"
        blockers.append({"condition": "no_major_incident", "text": text, "clears_on": clears.isoformat()})
    fields = f"（缺少：{'、'.join(missing)}）" if missing else ""
    for name, condition in conditions.items():
        if condition.get("passed") is None and name != "innovation_score":
            text = f"“{CONDITION_LABELS[name]}”缺少判断所需的数据{fields}，须补充后才能测算"
            blockers.append({"condition": name, "text": text, "clears_on": None})
    return blockers


def _describe(
    context: _Context, action: Action, before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    row = context.costs[action.kind]
    gross = _gross(context, action)
    saving = Decimal(0)
    if action.kind == "rd_extra" and context.params.value("plan_costs.rd_net_of_tax_saving"):
        saving = _tax_saved(after) - _tax_saved(before)
    text = _text(action, context.as_of.year - 1)
    if saving:
        text += f"（扣除研发费用加计扣除节税 {saving} 万元）"
    return {
        "kind": action.kind,
        "target": action.target,
        "amount": float(action.amount),
        "unit": row["unit_name"],
        "unit_cost": float(row["unit_cost"]),
        "cost": float(gross - saving),
        "lead_months": _lead(context, action),
        "description": text,
    }


def _text(action: Action, year: int) -> str:
    amount = f"{action.amount.normalize():f}"
    texts = {
        "rd_extra": f"增加境内研究开发费用 {amount} 万元（计入 {year} 年度）",
        "scitech_hire": f"{year} 年度增聘科技人员 {amount} 人（职工总数同步增加）",
        "hitech_revenue": f"{year} 年度增加高新技术产品（服务）收入 {amount} 万元（总收入同步增加）",
        "ip_class1": f"自主研发并获得授权Ⅰ类知识产权（发明专利等）{amount} 件",
        "ip_class2": f"自主研发并获得授权Ⅱ类知识产权（实用新型、外观设计、软件著作权）{amount} 件",
        "achievement": f"近三年新增科技成果转化 {amount} 项",
    }
    return texts.get(action.kind) or f"建立健全{_RDM_TEXT[action.target or '']}，该分项达到满分"


def _gross(context: _Context, action: Action) -> Decimal:
    cost = action.amount * Decimal(str(context.costs[action.kind]["unit_cost"]))
    return cost.quantize(_TEN_THOUSANDTH, rounding=ROUND_CEILING)


def _lead(context: _Context, action: Action) -> int:
    return int(context.costs[action.kind]["lead_months"])


def _tax_saved(result: Mapping[str, Any]) -> Decimal:
    return sum((Decimal(str(year["tax_saved"])) for year in result["deduction"]["years"]), Decimal(0))


def _rdm_maxima(params: Any) -> dict[str, int]:
    return {row["item"]: int(row["max_points"]) for row in params.value("hnte_score.rd_management_items")}


def _clears(minimum: Any, params: Any) -> bool:
    """Whether a score minimum passes: above ``hnte.score_pass`` (or at it, when inclusive)."""
    line, value = Decimal(str(params.value("hnte.score_pass"))), Decimal(str(minimum))
    return value >= line if params.value("hnte.score_pass_inclusive") else value > line


def _range(score: Mapping[str, Any]) -> dict[str, Any]:
    return {"min": score["min"], "max": score["max"]}


def _last_year(record: dict[str, Any], year: int) -> dict[str, Any]:
    years = record.setdefault("fiscal_years", [])
    for item in years:
        if item.get("year") == year:
            return item
    years.append({"year": year})
    return years[-1]


def _add_rd(year: dict[str, Any], amount: Decimal) -> None:
    if isinstance(year.get("rd"), dict):
        year["rd"]["personnel"] = _plus(year["rd"].get("personnel"), amount)
    else:
        year["rd_total"] = _plus(year.get("rd_total"), amount)
        year["rd_domestic"] = _plus(year.get("rd_domestic"), amount)
    if isinstance(year.get("deduction_rd"), dict):
        year["deduction_rd"]["five"] = _plus(year["deduction_rd"].get("five"), amount)


def _plus(value: Any, amount: Decimal) -> int | float:
    total = Decimal(str(value or 0)) + amount
    return int(total) if total == total.to_integral_value() else float(total)

"""Data for the enterprise file's panels: the evaluation read from the engine's JSON, and chart options."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.accounts.masking import mask_contact
from gaoqi.core.audit import AuditAction
from gaoqi.enterprises.models import Enterprise, Evaluation, FieldSource, FiscalYear
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.exchange.conf import source_label

CONTACT_FIELDS = frozenset({"contact_phone", "contact_email", "phone", "email"})
_INTERNAL_FIELDS = frozenset({"id", "enterprise", "enterprise_id", "version", "created_at", "updated_at"})
# Tiers whose regional criteria are illustrative defaults until the bureau confirms them (contract).
ILLUSTRATIVE_TIERS = frozenset({Evaluation.Tier.LITTLE_GIANT, Evaluation.Tier.LEADING})
PASS_LINE = 70
SCORE_SCALE = 100
_RATIO_CONDITIONS = ("scitech_staff_ratio", "rd_ratio", "domestic_rd_share", "hitech_revenue_share")


def _condition_labels() -> dict[str, str]:
    return {
        "registered_365_days": _("注册成立一年以上"),
        "core_ip": _("拥有主要产品核心技术的自主知识产权"),
        "tech_field": _("主要产品技术属于《重点支持的高新技术领域》"),
        "scitech_staff_ratio": _("科技人员占职工总数比例"),
        "rd_ratio": _("近三年研发费用占销售收入比例"),
        "domestic_rd_share": _("境内研发费用占研发费用总额比例"),
        "hitech_revenue_share": _("高新技术产品（服务）收入占总收入比例"),
        "innovation_score": _("企业创新能力评价得分"),
        "no_major_incident": _("近一年无重大安全、质量事故或严重环境违法行为"),
    }


def _gap_units() -> dict[str, str]:
    return {
        "scitech_staff_ratio": _("人"),
        "rd_ratio": _("万元"),
        "domestic_rd_share": _("万元"),
        "hitech_revenue_share": _("万元"),
    }


def _score_items() -> tuple[tuple[str, str, int], ...]:
    return (
        ("ip", _("知识产权"), 30),
        ("transformation", _("科技成果转化能力"), 30),
        ("rd_management", _("研究开发组织管理水平"), 20),
        ("growth", _("企业成长性"), 20),
    )


def conditions(hnte: dict[str, Any]) -> list[dict[str, Any]]:
    """Every HNTE condition as a row: label, passed, value, threshold and gap with their kinds."""
    rows = []
    units = _gap_units()
    for key, label in _condition_labels().items():
        item = hnte.get("conditions", {}).get(key)
        if item is None:
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "passed": item.get("passed"),
                "value": item.get("value"),
                "threshold": item.get("threshold"),
                "gap": item.get("gap"),
                "gap_unit": units.get(key, ""),
                "is_ratio": key in _RATIO_CONDITIONS,
                "is_days": key == "registered_365_days",
                "is_score": key == "innovation_score",
            }
        )
    return rows


def score(hnte: dict[str, Any]) -> dict[str, Any] | None:
    """The innovation score range with its items and the bar geometry (percent of the 100-point scale)."""
    data = hnte.get("score")
    if not data:
        return None
    low, high = data.get("min", 0), data.get("max", 0)
    items = []
    for key, label, maximum in _score_items():
        part = data.get(key) or {}
        items.append({"label": label, "min": part.get("min"), "max": part.get("max"), "scale": maximum})
    return {
        "min": low,
        "max": high,
        "items": items,
        "bar_left": low * 100 / SCORE_SCALE,
        "bar_width": max(high - low, 0.8) * 100 / SCORE_SCALE,
        "pass_line": PASS_LINE,
        "growth": {"net_assets": data.get("net_asset_growth") or {}, "sales": data.get("sales_growth") or {}},
    }


def explanations(hnte: dict[str, Any]) -> list[dict[str, Any]]:
    """The engine's explanations as ``text`` and a ``source`` line (document and article) when given."""
    rows = []
    for item in hnte.get("explanations") or []:
        if isinstance(item, str):
            rows.append({"text": item, "source": ""})
            continue
        reference = item.get("reference") if isinstance(item.get("reference"), dict) else {}
        parts = [
            item.get("document") or reference.get("document"),
            item.get("article") or reference.get("article"),
        ]
        rows.append({"text": item.get("text", ""), "source": " ".join(str(p) for p in parts if p)})
    return rows


def evaluation_context(evaluation: Evaluation | None) -> dict[str, Any]:
    """Everything the evaluation panel shows, read from the stored engine result."""
    if evaluation is None:
        return {"evaluation": None}
    result = evaluation.result or {}
    hnte = result.get("hnte") or {}
    return {
        "evaluation": evaluation,
        "hnte": hnte,
        "conditions": conditions(hnte),
        "score": score(hnte),
        "explanations": explanations(hnte),
        "tech_sme": result.get("tech_sme") or {},
        "deduction_years": (result.get("deduction") or {}).get("years") or [],
        "double_zero": result.get("double_zero") or {},
        "error": result.get("error"),
    }


def source_text(source: FieldSource) -> str:
    """One value's provenance in a line: kind, department, file or batch and row, who and when."""
    department = source_label(source.department) if source.department else ""
    parts = [source.get_source_kind_display(), department, source.reference]
    if source.row:
        parts.append(_("第 %(row)s 行") % {"row": source.row})
    if source.recorded_by_id:
        parts.append(str(source.recorded_by))
    parts.append(f"{timezone.localtime(source.recorded_at):%Y-%m-%d %H:%M}")
    return " · ".join(str(part) for part in parts if part)


# What ``source_text`` reads of a source (the recorder by name: ``User.__str__``); the only fields loaded.
_SOURCE_FIELDS = (
    "year",
    "field",
    "source_kind",
    "department",
    "reference",
    "row",
    "recorded_at",
    "recorded_by__display_name",
    "recorded_by__username",
)


# Built once, never run itself (each use filters a copy): building it cost a fifth of each query.
_CURRENT_SOURCES = (
    FieldSource.objects.filter(is_current=True)
    .select_related("recorded_by")
    .order_by("recorded_at")
    .only(*_SOURCE_FIELDS)
)


def sources_by_year(enterprise: Enterprise) -> dict[int | None, dict[str, str]]:
    """The current source of each recorded value, as ``{year: {field: text}}`` (year ``None``: identity)."""
    grouped: dict[int | None, dict[str, str]] = {}
    current = _CURRENT_SOURCES.filter(enterprise_id=enterprise.pk)
    for source in current:
        grouped.setdefault(source.year, {})[source.field] = source_text(source)
    return grouped


def rd_spent(year: FiscalYear) -> Decimal | None:
    """The year's R&D spending as recorded: the given total, else the sum of its categories."""
    if year.rd_total is not None:
        return year.rd_total
    parts = [getattr(year, name) for name in RD_CATEGORY_FIELDS]
    if all(part is None for part in parts):
        return None
    return sum((part for part in parts if part is not None), Decimal(0))


def rd_domestic_spent(year: FiscalYear) -> Decimal | None:
    """The year's domestic R&D: with categories, their sum less R&D entrusted abroad; else as given."""
    if not year.has_rd_categories:
        return year.rd_domestic
    domestic = (name for name in RD_CATEGORY_FIELDS if name != "rd_entrusted_overseas")
    return sum((getattr(year, name) or Decimal(0) for name in domestic), Decimal(0))


_COMPUTED = {"rd_spent": (rd_spent, "rd_total"), "rd_domestic": (rd_domestic_spent, "rd_domestic")}


# What the indicator table and the charts read of a fiscal year; the only fields loaded.
_INDICATOR_FIELDS = (
    "year",
    "sales_revenue",
    "total_revenue",
    "hitech_revenue",
    "rd_total",
    "rd_domestic",
    *RD_CATEGORY_FIELDS,
    "net_assets",
    "total_assets",
    "employees",
    "scitech_staff",
)


_INDICATOR_YEARS = FiscalYear.objects.order_by("year").only(*_INDICATOR_FIELDS)  # like _CURRENT_SOURCES


def indicator_years(enterprise: Enterprise) -> list[FiscalYear]:
    """The enterprise's fiscal years, oldest first, with the fields of the indicator table and charts."""
    return list(_INDICATOR_YEARS.filter(enterprise_id=enterprise.pk))


def _indicator_columns() -> tuple[tuple[str, str, str], ...]:
    """(field, header, kind) of the indicator table; the R&D columns may be computed from the categories."""
    return (
        ("sales_revenue", _("销售收入"), "wan"),
        ("total_revenue", _("总收入"), "wan"),
        ("hitech_revenue", _("高新技术产品收入"), "wan"),
        ("rd_spent", _("研发费用"), "wan"),
        ("rd_domestic", _("境内研发费用"), "wan"),
        ("net_assets", _("净资产"), "wan"),
        ("total_assets", _("资产总额"), "wan"),
        ("employees", _("职工（人）"), "persons"),
        ("scitech_staff", _("科技人员（人）"), "persons"),
    )


def indicator_table(years: Sequence[FiscalYear], sources: dict[int | None, dict[str, str]]) -> dict[str, Any]:
    """Headers and one row per fiscal year; each cell carries its value, format and source line."""
    columns = _indicator_columns()
    rows = []
    for year in years:
        recorded = sources.get(year.year, {})
        cells = []
        for name, _header, kind in columns:
            compute, source_field = _COMPUTED.get(name, (None, name))
            value = compute(year) if compute else getattr(year, name)
            source = recorded.get(source_field, "")
            cells.append({"value": value, "kind": kind, "source": source})
        rows.append({"year": year.year, "cells": cells})
    return {"headers": [header for _name, header, _kind in columns], "rows": rows}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _ratio_percent(part: Decimal | None, whole: Decimal | None) -> float | None:
    if part is None or not whole:
        return None
    return round(float(part / whole * 100), 2)


def indicator_charts(years: Sequence[FiscalYear]) -> dict[str, dict[str, Any]]:
    """ECharts options for revenue, R&D (with the ratio) and staff over the years, keyed by chart id."""
    labels = [str(year.year) for year in years]
    base = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 56, "right": 56, "top": 36, "bottom": 28},
        "xAxis": {"type": "category", "data": labels},
    }
    money_axis = {"type": "value", "name": _("万元")}
    return {
        "chart-revenue": {
            **base,
            "yAxis": money_axis,
            "series": [
                {"name": _("销售收入"), "type": "bar", "data": [_number(y.sales_revenue) for y in years]},
                {
                    "name": _("高新技术产品收入"),
                    "type": "bar",
                    "data": [_number(y.hitech_revenue) for y in years],
                },
            ],
        },
        "chart-rd": {
            **base,
            "yAxis": [money_axis, {"type": "value", "name": "%", "splitLine": {"show": False}}],
            "series": [
                {"name": _("研发费用"), "type": "bar", "data": [_number(rd_spent(y)) for y in years]},
                {
                    "name": _("研发费用占销售收入比例"),
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": [_ratio_percent(rd_spent(y), y.sales_revenue) for y in years],
                },
            ],
        },
        "chart-staff": {
            **base,
            "yAxis": {"type": "value", "name": _("人")},
            "series": [
                {"name": _("职工总数"), "type": "bar", "data": [_number(y.employees) for y in years]},
                {"name": _("科技人员"), "type": "bar", "data": [_number(y.scitech_staff) for y in years]},
            ],
        },
    }


def _model_field(model: type[Model] | None, name: str) -> Any:
    """The model field a changed name refers to (``town_id`` is the field ``town``), if any."""
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate) if model else None
        except FieldDoesNotExist:
            continue
    return None


def _shown(field: Any, name: str, value: Any, user: Any) -> str:
    """A recorded value as people read it: choices by their label, yes/no, contacts masked by role."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return mask_contact(str(value), user) if name in CONTACT_FIELDS else str(value)


def _changes(entry: Any, model: type[Model] | None, user: Any) -> list[dict[str, str]]:
    """The fields an update changed, each with its label and the values before and after."""
    if entry.action != AuditAction.UPDATE:
        return []
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for name in entry.changed_fields or []:
        if name in _INTERNAL_FIELDS:
            continue
        field = _model_field(model, name)
        rows.append(
            {
                "label": str(field.verbose_name) if field is not None else name,
                "before": _shown(field, name, before.get(name), user),
                "after": _shown(field, name, after.get(name), user),
            }
        )
    return rows


def _subject(entry: Any, model: type[Model] | None) -> str:
    """What an entry is about: the kind of record and which one (a fiscal year by its year)."""
    if model is None:
        return entry.object_repr
    kind = str(model._meta.verbose_name)
    if model is FiscalYear:
        values = entry.after or entry.before or {}
        return f"{kind} {values.get('year', '')}".strip()
    if model is Enterprise:
        return kind
    return f"{kind}：{entry.object_repr}"


# What the history tab reads of an audit entry (the user by name: ``User.__str__``).
HISTORY_FIELDS = (
    "action",
    "model_label",
    "object_repr",
    "before",
    "after",
    "changed_fields",
    "at",
    "username",
    "user__display_name",
    "user__username",
)


def history_rows(entries: Sequence[Any], user: Any) -> list[dict[str, Any]]:
    """Audit entries as the history tab shows them to ``user``: the record, and for an update each
    changed field in Chinese with before → after (contact data masked for roles that need not see it)."""
    rows = []
    for entry in entries:
        try:
            model = apps.get_model(entry.model_label)
        except (LookupError, ValueError):
            model = None
        rows.append(
            {"entry": entry, "subject": _subject(entry, model), "changes": _changes(entry, model, user)}
        )
    return rows

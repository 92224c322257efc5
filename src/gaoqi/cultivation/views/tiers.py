"""The tiers page (梯度培育): tier counts per year, transitions with drill-down, 双倍增 progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.excel import write_workbook, xlsx_response
from gaoqi.cultivation import tiers
from gaoqi.cultivation.exports import TIER_EXPORT_LABEL, tier_columns, tier_rows
from gaoqi.cultivation.forms import DoublingTargetForm
from gaoqi.cultivation.labels import TRANSITION_LABELS
from gaoqi.cultivation.models import DoublingTarget, TierRecord
from gaoqi.cultivation.permissions import may_run_screening
from gaoqi.cultivation.target_exports import doubling_progress
from gaoqi.cultivation.views.pool import save_form
from gaoqi.enterprises.models import Enterprise, Evaluation

TIER_COLOURS = {
    "none": "#adb5bd",
    "tech_sme": "#4299e1",
    "hnte": "#2fb344",
    "little_giant": "#f59f00",
    "leading": "#d63939",
}
DRILL_LIMIT = 200


@require(Perm.VIEW_DASHBOARD)
def tier_overview(request: HttpRequest) -> HttpResponse:
    """Counts per year, transitions per year (each count drills down), and the doubling targets."""
    history = tiers.history_frame(TierRecord.objects.for_user(request.user))
    counts = tiers.counts_by_year(history)
    transitions = tiers.transition_counts(history)
    context = {
        "counts": counts,
        "transitions": transitions,
        "transition_labels": TRANSITION_LABELS,
        "targets": doubling_progress(),
        "can_edit_targets": may_run_screening(request.user),
        "drill": _drill(request, history),
        "charts": {"chart-tiers": _tier_chart(counts), "chart-transitions": _transition_chart(transitions)},
        "tier_labels": dict(Evaluation.Tier.choices),
    }
    return render(request, "cultivation/tiers.html", context)


@require(Perm.VIEW_DASHBOARD)
def tiers_export(request: HttpRequest) -> HttpResponse:
    """The page's counts and transitions per year as .xlsx (the same scope), audited."""
    history = tiers.history_frame(TierRecord.objects.for_user(request.user))
    rows = tier_rows(tiers.counts_by_year(history), tiers.transition_counts(history))
    content = write_workbook(tier_columns(), rows, sheet_name=str(TIER_EXPORT_LABEL))
    record_export(request, str(TIER_EXPORT_LABEL), len(rows), {})
    return xlsx_response(f"{TIER_EXPORT_LABEL}.xlsx", content)


def _drill(request: HttpRequest, history: Any) -> dict[str, Any] | None:
    """The enterprises behind one transition count (``?year=&kind=``), within the scope."""
    kind, year = request.GET.get("kind"), request.GET.get("year", "")
    if kind not in tiers.TRANSITIONS or not year.isdigit():
        return None
    ids = tiers.transitions_in(history, int(year), kind)
    enterprises = Enterprise.objects.for_user(request.user).filter(pk__in=ids).select_related("town")
    return {
        "kind": kind,
        "label": TRANSITION_LABELS[kind],
        "year": int(year),
        "count": len(ids),
        "enterprises": list(enterprises.order_by("name")[:DRILL_LIMIT]),
    }


def _tier_chart(counts: dict[int, dict[str, int]]) -> dict[str, Any]:
    years = [str(year) for year in counts]
    labels = dict(Evaluation.Tier.choices)
    series = [
        {
            "name": str(labels[tier]),
            "type": "bar",
            "stack": "tier",
            "color": colour,
            "data": [row[f"tier_{tier}"] for row in counts.values()],
        }
        for tier, colour in TIER_COLOURS.items()
        if tier != "none"
    ]
    series.append(
        {
            "name": _("规上企业"),
            "type": "line",
            "color": "#6f42c1",
            "data": [row["above_scale"] for row in counts.values()],
        }
    )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 50, "right": 20, "top": 20, "bottom": 60},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value"},
        "series": series,
    }


def _transition_chart(transitions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},  # three long names: two lines under the axis
        "grid": {"left": 50, "right": 20, "top": 20, "bottom": 84},
        "xAxis": {"type": "category", "data": [str(row["year"]) for row in transitions]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": str(label), "type": "bar", "data": [row[kind] for row in transitions]}
            for kind, label in TRANSITION_LABELS.items()
        ],
    }


@require(Perm.VIEW_DASHBOARD)
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change a 双倍增 target (bureau officers)."""
    if not may_run_screening(request.user):
        raise PermissionDenied
    target = get_object_or_404(DoublingTarget, pk=pk) if pk else None
    form = DoublingTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and save_form(request, form):
        messages.success(request, _("已保存双倍增目标。"))
        return redirect("cultivation:tiers")
    title = _("编辑双倍增目标") if target else _("新增双倍增目标")
    return render(request, "cultivation/form_page.html", {"form": form, "title": title})

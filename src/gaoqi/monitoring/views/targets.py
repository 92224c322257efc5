"""Town-target pages: the ranking, the drill-down behind each figure, the target grid and its import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zipfile import BadZipFile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.excel import xlsx_response
from gaoqi.jobs.framework import run_job
from gaoqi.monitoring.excel import ranking_workbook, read_target_sheet
from gaoqi.monitoring.forms import (
    TargetGridForm,
    TargetImportForm,
    target_field_name,
    target_input,
)
from gaoqi.monitoring.models import TownTarget
from gaoqi.monitoring.targets import actual_enterprises, town_scores
from gaoqi.monitoring.views.common import enterprise_list, is_bureau, year_param
from gaoqi.reference.models import Town


def _chart(scores: list[Any]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 20, "top": 20, "bottom": 60},
        "xAxis": {
            "type": "category",
            "data": [str(entry.town.name) for entry in scores],
            "axisLabel": {"rotate": 30},
        },
        "yAxis": {"type": "value"},
        "series": [{"name": _("总分"), "type": "bar", "data": [float(entry.total) for entry in scores]}],
    }


@require(Perm.VIEW_DASHBOARD)
def ranking(request: HttpRequest) -> HttpResponse:
    """Every town's actuals, targets, points and rank for the year."""
    year = year_param(request)
    scores = town_scores(year, user=request.user)
    context = {
        "year": year,
        "scores": scores,
        "indicators": TownTarget.Indicator.choices,
        "chart": _chart(scores),
        "can_edit": is_bureau(request.user),
        "can_export": has_perm(request.user, Perm.EXPORT),
        "has_targets": TownTarget.objects.filter(year=year).exists(),
        "has_rules": any(item.rule for entry in scores for item in entry.items),
    }
    return render(request, "monitoring/targets.html", context)


@require(Perm.EXPORT)
def export_ranking(request: HttpRequest) -> HttpResponse:
    """The ranking of the year as .xlsx (the user's towns), audited."""
    year = year_param(request)
    scores = town_scores(year, user=request.user)
    record_export(request, _("镇街目标考核排名"), len(scores), {"year": year})
    filename = _("%(year)s年镇街目标考核排名.xlsx") % {"year": year}
    return xlsx_response(filename, ranking_workbook(scores))


@require(Perm.VIEW_DASHBOARD)
def drill_down(request: HttpRequest, year: int, town: str, indicator: str) -> HttpResponse:
    """The enterprises behind one town's actual, within the user's scope."""
    if indicator not in TownTarget.Indicator.values:
        raise Http404
    town_row = get_object_or_404(Town, code=town)
    return enterprise_list(
        request,
        actual_enterprises(year, town_row, indicator),
        title=f"{town_row.name} · {TownTarget.Indicator(indicator).label}",
        back_url=f"{reverse('monitoring:targets:ranking')}?year={year}",
        back_label=_("%(year)s 年目标考核") % {"year": year},
        unknown=_("该指标暂无法计算（该镇街未记录双清零基线，或没有可比较的研发费用数据）。"),
    )


def _bureau_only(request: HttpRequest) -> None:
    if not is_bureau(request.user):
        raise PermissionDenied


def _initial(year: int, towns: list[Town]) -> dict[str, Decimal]:
    by_code = {town.pk: town for town in towns}
    return {
        target_field_name(by_code[row.town_id], row.indicator): target_input(row.indicator, row.target)
        for row in TownTarget.objects.filter(year=year, town__in=towns)
    }


def save_targets(year: int, cells: dict[tuple[Town, str], Decimal | None]) -> int:
    """Store the grid: set each given target, delete cleared ones; return how many are set."""
    with transaction.atomic():
        for (town, indicator), value in cells.items():
            if value is None:
                TownTarget.objects.filter(year=year, town=town, indicator=indicator).delete()
            else:
                TownTarget.objects.update_or_create(
                    year=year, town=town, indicator=indicator, defaults={"target": value}
                )
    return sum(value is not None for value in cells.values())


def refresh_figures(request: HttpRequest) -> None:
    """Queue the dashboard's refresh, so its ranking and the quarterly report follow the new targets."""
    run_job("refresh_dashboard", {}, request.user)
    messages.info(request, _("驾驶舱和季度报告中的考核排名正在后台重新汇总。"))


@require(Perm.VIEW_DASHBOARD)
def edit_targets(request: HttpRequest, year: int) -> HttpResponse:
    """The target grid of one year (bureau only)."""
    _bureau_only(request)
    towns = list(Town.objects.order_by("code"))
    form = TargetGridForm(request.POST or None, towns=towns, initial=_initial(year, towns))
    if request.method == "POST" and form.is_valid():
        count = save_targets(year, form.cells())
        messages.success(
            request, _("已保存 %(year)s 年的 %(count)s 项目标。") % {"year": year, "count": count}
        )
        refresh_figures(request)
        return redirect(f"{reverse('monitoring:targets:ranking')}?year={year}")
    rows = [
        {
            "town": town,
            "fields": [
                form[target_field_name(town, value)] for value, _label in TownTarget.Indicator.choices
            ],
        }
        for town in towns
    ]
    context = {
        "year": year,
        "form": form,
        "rows": rows,
        "indicators": TownTarget.Indicator.choices,
        "import_form": TargetImportForm(),
    }
    return render(request, "monitoring/targets_edit.html", context)


@require(Perm.VIEW_DASHBOARD)
def import_targets(request: HttpRequest, year: int) -> HttpResponse:
    """Import the year's targets from Excel: all rows or none."""
    _bureau_only(request)
    form = TargetImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("monitoring:targets:edit", year=year)
    try:
        cells, errors = read_target_sheet(form.cleaned_data["file"], list(Town.objects.order_by("code")))
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError):
        cells, errors = {}, [_("无法读取该文件，请上传 .xlsx 格式的 Excel 文件。")]
    if errors:
        for error in errors:
            messages.error(request, error)
    else:
        count = save_targets(year, cells)
        messages.success(request, _("已导入 %(count)s 项目标。") % {"count": count})
        refresh_figures(request)
    return redirect("monitoring:targets:edit", year=year)

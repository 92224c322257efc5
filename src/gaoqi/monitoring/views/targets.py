"""Town-target pages: the ranking, the drill-down behind each figure, the target grid and its import."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from zipfile import BadZipFile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gaoqi.accounts.permissions import Perm, require
from gaoqi.enterprises.models import Enterprise
from gaoqi.monitoring.forms import (
    TargetGridForm,
    TargetImportForm,
    target_field_name,
    target_input,
    target_stored,
)
from gaoqi.monitoring.models import TownTarget
from gaoqi.monitoring.targets import actual_enterprises, town_scores
from gaoqi.monitoring.views.common import is_bureau, year_param
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
    }
    return render(request, "monitoring/targets.html", context)


@require(Perm.VIEW_DASHBOARD)
def drill_down(request: HttpRequest, year: int, town: str, indicator: str) -> HttpResponse:
    """The enterprises behind one town's actual, within the user's scope."""
    if indicator not in TownTarget.Indicator.values:
        raise Http404
    town_row = get_object_or_404(Town, code=town)
    ids = actual_enterprises(year, town_row, indicator)
    enterprises = Enterprise.objects.for_user(request.user).filter(pk__in=ids or ()).select_related("town")
    context = {
        "year": year,
        "town": town_row,
        "indicator": TownTarget.Indicator(indicator),
        "pending": ids is None,
        "enterprises": enterprises.order_by("name"),
    }
    return render(request, "monitoring/drill_down.html", context)


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


def read_target_sheet(
    handle: Any, towns: list[Town]
) -> tuple[dict[tuple[Town, str], Decimal | None], list[str]]:
    """Cells of an .xlsx laid out as the grid: first column the town code (or name), then one column
    per indicator headed by its Chinese name; returns the cells and Chinese error messages."""
    sheet = load_workbook(handle, read_only=True, data_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return {}, [_("文件为空。")]
    by_label = {str(label): value for value, label in TownTarget.Indicator.choices}
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    columns = {index: by_label[name] for index, name in enumerate(header) if name in by_label}
    if not columns:
        return {}, [_("表头中没有可识别的指标名称。")]
    lookup = {town.code: town for town in towns} | {town.name: town for town in towns}
    cells: dict[tuple[Town, str], Decimal | None] = {}
    errors = []
    for number, row in enumerate(rows[1:], start=2):
        town = lookup.get(str(row[0]).strip()) if row and row[0] is not None else None
        if town is None:
            errors.append(
                _("第 %(row)s 行：未知的镇街 %(town)s。") % {"row": number, "town": row[0] if row else ""}
            )
            continue
        for index, indicator in columns.items():
            raw = row[index] if index < len(row) else None
            try:
                typed = None if raw in (None, "") else Decimal(str(raw))
            except InvalidOperation:
                errors.append(_("第 %(row)s 行：%(value)s 不是数字。") % {"row": number, "value": raw})
                continue
            cells[(town, indicator)] = None if typed is None else target_stored(indicator, typed)
    return cells, errors


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
    return redirect("monitoring:targets:edit", year=year)

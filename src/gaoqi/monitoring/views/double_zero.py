"""双清零 pages: progress by town, the two lists with their follow-up actions, Excel export, baseline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.core.actions import PENDING
from gaoqi.core.audit import record_export
from gaoqi.core.excel import Column, write_workbook, xlsx_response
from gaoqi.core.models import StaleEditError
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.models import Enterprise, FiscalYear
from gaoqi.monitoring.double_zero import LISTS, cleared_ids, double_zero_lists, record_baseline
from gaoqi.monitoring.double_zero_exports import overview_progress
from gaoqi.monitoring.forms import DoubleZeroActionForm
from gaoqi.monitoring.models import DoubleZeroAction, DoubleZeroList
from gaoqi.monitoring.scopes import visible_towns
from gaoqi.monitoring.views.common import enterprise_list, is_bureau, year_param


def _chart(progress: list[Any]) -> dict[str, Any]:
    """Baseline and current counts per town; a click on a current bar opens that town's list."""
    towns = [str(row.town.name) for row in progress]
    series = []
    for which in LISTS:
        list_url = reverse("monitoring:double_zero:list", args=[which])
        label = _("无研发活动") if which == DoubleZeroList.NO_RD_ACTIVITY else _("无研发机构")
        series.append(
            {
                "name": _("%(list)s（基线）") % {"list": label},
                "type": "bar",
                "data": [row.baseline_count(which) or 0 for row in progress],
            }
        )
        series.append(
            {
                "name": _("%(list)s（当前）") % {"list": label},
                "type": "bar",
                "data": [
                    {"value": row.count(which), "url": f"{list_url}?town={row.town.code}"} for row in progress
                ],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": towns, "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": series,
    }


@require(Perm.VIEW_DASHBOARD)
def overview(request: HttpRequest) -> HttpResponse:
    """Each town's baseline, count now, cleared and progress to zero, for both lists."""
    year = year_param(request)
    progress = overview_progress(request.user, year)
    totals = {
        which: {
            "now": sum(row.count(which) for row in progress),
            "baseline": sum(row.baseline_count(which) or 0 for row in progress),
            "cleared": sum(len(row.cleared(which)) for row in progress),
        }
        for which in LISTS
    }
    context = {
        "year": year,
        "progress": progress,
        "totals": totals,
        "lists": DoubleZeroList.choices,
        "recorded_at": max((row.baseline.recorded_at for row in progress if row.baseline), default=None),
        "chart": _chart(progress),
        "can_record": is_bureau(request.user),
    }
    return render(request, "monitoring/double_zero.html", context)


def _which(which: str) -> str:
    if which not in LISTS:
        raise Http404
    return which


def _list_rows(request: HttpRequest, which: str) -> tuple[QuerySet[Enterprise], str]:
    town = request.GET.get("town", "")
    last_year = timezone.localdate().year - 1
    sales = FiscalYear.objects.filter(enterprise=OuterRef("pk"), year=last_year).values("sales_revenue")[:1]
    open_actions = Count("double_zero_actions", filter=Q(double_zero_actions__status__in=PENDING))
    rows = (
        double_zero_lists(town=town or None, user=request.user)
        .get(which)
        .select_related("town")
        .annotate(last_sales=Subquery(sales), open_actions=open_actions)
        .order_by("town__code", "-last_sales", "name")
    )
    return rows, town


@require(Perm.VIEW_DASHBOARD)
def list_page(request: HttpRequest, which: str) -> HttpResponse:
    """The enterprises on one list (of one town when ``town`` is given), with open follow-ups."""
    rows, town = _list_rows(request, _which(which))
    context = {
        "which": which,
        "label": DoubleZeroList(which).label,
        "rows": rows,
        "town": town,
        "last_year": timezone.localdate().year - 1,
        "can_export": has_perm(request.user, Perm.EXPORT),
        "towns": visible_towns(request.user),
    }
    return render(request, "monitoring/double_zero_list.html", context)


EXPORT_COLUMNS = (
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("所属镇街")),
    Column(gettext_lazy("上年销售收入（万元）"), "wan"),
    Column(gettext_lazy("未完成跟进措施"), "int"),
)


@require(Perm.EXPORT)
def export(request: HttpRequest, which: str) -> HttpResponse:
    """The list as .xlsx (the page's scope and town filter), audited."""
    rows, town = _list_rows(request, _which(which))
    data = [(row.uscc, row.name, row.town.name, row.last_sales, row.open_actions) for row in rows]
    label = str(DoubleZeroList(which).label)
    title = _("双清零名单：%(list)s") % {"list": label}
    record_export(request, title, len(data), {"list": which, "town": town})
    content = write_workbook(EXPORT_COLUMNS, data, sheet_name=_("双清零"))
    return xlsx_response(f"{title}.xlsx", content)


@require(Perm.VIEW_DASHBOARD)
@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    """Record (or replace) the year's baseline from the lists now (bureau only)."""
    if not is_bureau(request.user):
        raise PermissionDenied
    year = year_param(request)
    towns = record_baseline(year, user=request.user)
    messages.success(
        request, _("已记录 %(year)s 年 %(towns)s 个镇街的双清零基线。") % {"year": year, "towns": towns}
    )
    return redirect(f"{reverse('monitoring:double_zero:overview')}?year={year}")


@require(Perm.VIEW_DASHBOARD)
def cleared(request: HttpRequest, which: str) -> HttpResponse:
    """The enterprises of the year's baseline no longer on list ``which`` (of ``town``, or every town)."""
    year = year_param(request)
    towns = visible_towns(request.user)
    if request.GET.get("town"):
        towns = towns.filter(code=request.GET["town"])
    found = [cleared_ids(year, town.code, _which(which)) for town in towns]
    known = [ids for ids in found if ids is not None]
    return enterprise_list(
        request,
        set().union(*known) if known else None,
        title=_("%(year)s 年已清零：%(list)s") % {"year": year, "list": DoubleZeroList(which).label},
        back_url=f"{reverse('monitoring:double_zero:overview')}?year={year}",
        back_label=_("双清零"),
        unknown=_("该年度尚未记录基线。"),
    )


def _scoped_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.for_user(request.user).select_related("town"), pk=pk)


@require(Perm.VIEW_DASHBOARD)
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise's follow-up actions; a POST adds one (for those who may edit its file)."""
    enterprise = _scoped_enterprise(request, pk)
    editable = can_edit(request.user, enterprise)
    initial = {"target_list": request.GET.get("list") if request.GET.get("list") in LISTS else None}
    form = DoubleZeroActionForm(request.POST or None, town_code=enterprise.town.code, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            form.instance.enterprise = enterprise
            form.save()
            form = DoubleZeroActionForm(town_code=enterprise.town.code, initial=initial)
    context = {
        "enterprise": enterprise,
        "actions": DoubleZeroAction.objects.filter(enterprise=enterprise).select_related("owner"),
        "form": form,
        "editable": editable,
    }
    return render(request, "monitoring/_double_zero_actions.html", context)


@require(Perm.VIEW_DASHBOARD)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one follow-up action (status, deadline, notes), with optimistic locking."""
    action = get_object_or_404(
        DoubleZeroAction.objects.for_user(request.user).select_related("enterprise__town"), pk=pk
    )
    if not can_edit(request.user, action.enterprise):
        raise PermissionDenied
    form = DoubleZeroActionForm(request.POST or None, instance=action, town_code=action.enterprise.town.code)
    if request.method == "POST" and form.is_valid():
        try:
            form.instance.save_versioned(int(request.POST.get("version") or action.version))
        except StaleEditError as error:
            form.add_error(None, error.message)
        else:
            target = reverse("monitoring:double_zero:list", args=[action.target_list])
            return redirect(f"{target}?town={action.enterprise.town.code}")
    return render(request, "monitoring/action_form.html", {"form": form, "action": action})

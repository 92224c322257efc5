"""The dashboard page, its refresh and the Excel download of each of its tables."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.excel import write_workbook, xlsx_response
from gaoqi.dashboard.charts import all_charts
from gaoqi.dashboard.scope import Scope, scope_for
from gaoqi.dashboard.snapshots import is_stale, snapshot_for
from gaoqi.dashboard.tables import BUILDERS, all_tables
from gaoqi.jobs.errors import JobNotAllowed
from gaoqi.jobs.framework import run_job
from gaoqi.reference.models import Town


def user_scope(request: HttpRequest) -> Scope:
    """The dashboard scope of the request's user; 403 when the role has none."""
    scope = scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def scope_title(scope: Scope) -> str:
    """The scope as people name it: 全区, or the town's name."""
    if not scope.town_code:
        return _("全区")
    return Town.objects.filter(code=scope.town_code).values_list("name", flat=True).first() or scope.town_code


@require(Perm.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The 驾驶舱: figures, charts and tables of the user's scope, read from the cached snapshot."""
    scope = user_scope(request)
    snapshot = snapshot_for(scope)
    data = snapshot.data
    context = {
        "snapshot": snapshot,
        "stale": is_stale(snapshot),
        "data": data,
        "overall": data["overall"],
        "scope_title": scope_title(scope),
        "charts": all_charts(data),
        "tables": all_tables(data),
        "can_export": has_perm(request.user, Perm.EXPORT),
    }
    return render(request, "dashboard/dashboard.html", context)


@require(Perm.VIEW_DASHBOARD)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """Start the job that recomputes the snapshots, and show its progress."""
    try:
        job = run_job("refresh_dashboard", {}, request.user)
    except JobNotAllowed as error:
        messages.error(request, str(error))
        return redirect("dashboard:index")
    return redirect("jobs:detail", job.pk)


@require(Perm.EXPORT)
def export_table(request: HttpRequest, key: str) -> HttpResponse:
    """One dashboard table of the user's scope as .xlsx, recorded in the audit log."""
    if key not in BUILDERS:
        raise Http404
    if not has_perm(request.user, Perm.VIEW_DASHBOARD):
        raise PermissionDenied
    scope = user_scope(request)
    table = BUILDERS[key](snapshot_for(scope).data)
    content = write_workbook(table.columns, table.rows, sheet_name=table.label)
    label = f"{_('驾驶舱')}·{table.label}"
    record_export(request, label, len(table.rows), {_("范围"): scope_title(scope)})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{table.label}-{stamp}.xlsx", content)

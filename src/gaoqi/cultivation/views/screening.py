"""The screening pages: ranked results of the latest run, a run's changes, one result's trace, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.excel import write_workbook, xlsx_response
from gaoqi.cultivation.exports import (
    EXPORT_COLUMNS,
    EXPORT_LABEL,
    TIERS,
    VERDICTS,
    export_rows,
    filtered_results,
    run_flips,
)
from gaoqi.cultivation.forms import AddToPoolForm, ScreeningFilterForm
from gaoqi.cultivation.models import PoolEntry, ScreeningResult, ScreeningRun
from gaoqi.cultivation.permissions import may_manage_any, may_run_screening
from gaoqi.cultivation.screening import is_stale, latest_run, reproduce
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.jobs.exports import resolved
from gaoqi.jobs.framework import run_job

PAGE_SIZE = 50


def _results(request: HttpRequest, run: ScreeningRun | None) -> tuple[ScreeningFilterForm, QuerySet]:
    """The filter form and the user's scoped, filtered results of ``run`` in rank order."""
    return filtered_results(request.user, request.GET, run)


@require(Perm.VIEW_DASHBOARD)
def screening(request: HttpRequest) -> HttpResponse:
    """The latest run's results ranked by distance to certification; HTMX requests get the table."""
    run = latest_run()
    form, results = _results(request, run)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    shown = [result.enterprise_id for result in page.object_list]
    context = {
        "run": run,
        "stale": run is not None and is_stale(run),
        "updated_since": _updated_since(request, run),
        "can_run": may_run_screening(request.user),
        "can_manage": may_manage_any(request.user),
        "form": form,
        "page": page,
        "pooled": set(
            PoolEntry.objects.filter(year=year, enterprise_id__in=shown).values_list(
                "enterprise_id", flat=True
            )
        ),
        "add_form": AddToPoolForm(initial={"year": year, "run": run.pk if run else None}),
        "tier_labels": TIERS,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "cultivation/_screening_table.html", context)
    return render(request, "cultivation/screening.html", context)


def _updated_since(request: HttpRequest, run: ScreeningRun | None) -> int:
    """How many enterprises of the scope were re-evaluated after the run (their file changed since)."""
    if run is None or run.finished_at is None:
        return 0
    latest = Evaluation.objects.for_user(request.user).filter(
        is_latest=True, evaluated_at__gt=run.finished_at
    )
    return latest.count()


@require_POST
@require(Perm.VIEW_DASHBOARD)
def start_screening(request: HttpRequest) -> HttpResponse:
    """Start a district screening job and go to its progress page."""
    if not may_run_screening(request.user):
        raise PermissionDenied
    with transaction.atomic():
        job = run_job("screen_district", {"as_of": timezone.localdate().isoformat()}, request.user)
    messages.info(request, _("已提交全区筛选任务，完成后可在筛选页查看结果。"))
    return redirect("jobs:detail", job.pk)


@require(Perm.EXPORT)
def screening_export(request: HttpRequest) -> HttpResponse:
    """The filtered results as .xlsx (same scope, filters and order as the page), audited."""
    form, results = _results(request, latest_run())
    rows = list(export_rows(results))
    content = write_workbook(resolved(EXPORT_COLUMNS), rows, sheet_name=str(EXPORT_LABEL))
    record_export(request, str(EXPORT_LABEL), len(rows), form.active_filters())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{EXPORT_LABEL}-{stamp}.xlsx", content)


@require(Perm.VIEW_DASHBOARD)
def run_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Who flipped in a run since the previous one and why (inputs, parameters), within the scope."""
    run = get_object_or_404(ScreeningRun.objects.select_related("previous", "started_by"), pk=pk)
    page = Paginator(run_flips(request.user, run), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "tier_labels": TIERS,
        "verdict_labels": VERDICTS,
        "export_query": f"run={run.pk}",
    }
    return render(request, "cultivation/run_changes.html", context)


@require(Perm.VIEW_DASHBOARD)
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored result with its engine output and explanations (stored or reproduced)."""
    scoped = ScreeningResult.objects.for_user(request.user).select_related("run", "enterprise__town")
    result = get_object_or_404(scoped, pk=pk)
    reproduced = reproduce(result)
    context = {
        "result": result,
        "output": reproduced["output"],
        "exact": reproduced["exact"],
        "stored": result.trace is not None,
        "tier_labels": TIERS,
    }
    return render(request, "cultivation/result_detail.html", context)


def scoped_enterprises(request: HttpRequest) -> QuerySet[Enterprise]:
    """The enterprises of the user's scope (the choices a pool selection may name)."""
    return Enterprise.objects.for_user(request.user)

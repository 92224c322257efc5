"""Policy impact pages: the form that starts a simulation, its result, and the flips as Excel."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.excel import Column, write_workbook, xlsx_response
from gaoqi.dashboard.impact import ImpactForm, load_result
from gaoqi.dashboard.views import user_scope
from gaoqi.enterprises.models import Evaluation
from gaoqi.jobs.framework import run_job
from gaoqi.jobs.models import Job

FLIPS_SHOWN = 500
KIND = "policy_impact"
MOVES = ("hnte", "tech_sme", "tier")


@require(Perm.VIEW_DASHBOARD)
def impact_form(request: HttpRequest) -> HttpResponse:
    """Choose a parameter in force, a new value and a date; start the simulation over the user's scope."""
    user_scope(request)
    form = ImpactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = run_job(KIND, form.job_params(), request.user)
        return redirect("dashboard:impact_result", job.pk)
    recent = Job.objects.for_user(request.user).filter(kind=KIND).order_by("-created_at")[:10]
    return render(request, "dashboard/impact_form.html", {"form": form, "recent": recent})


def _impact_job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(Job.objects.for_user(request.user), pk=pk, kind=KIND)


def _labels() -> dict[str, dict[str, str]]:
    verdicts = {value: str(label) for value, label in Evaluation.Verdict.choices}
    tiers = {value: str(label) for value, label in Evaluation.Tier.choices}
    return dict(zip(MOVES, (verdicts, verdicts, tiers), strict=True))


def _shown(result: dict[str, Any]) -> dict[str, Any]:
    """The answer with verdicts and tiers named in Chinese."""
    labels = _labels()

    def name(kind: str, value: Any) -> str:
        return labels[kind].get(value, _("未评价")) if value else _("未评价")

    flips = [
        {
            **flip,
            "moves": {
                kind: (name(kind, flip[kind]["from"]), name(kind, flip[kind]["to"])) for kind in labels
            },
        }
        for flip in result["flips"]
    ]
    by_tier = [{**row, "tier_label": name("tier", row["tier"])} for row in result["by_tier"]]
    return {**result, "flips": flips, "by_tier": by_tier}


@require(Perm.VIEW_DASHBOARD)
def impact_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The simulation's progress, then its answer: flips by town and tier, and the list."""
    job = _impact_job(request, pk)
    result = load_result(job) if job.status == Job.Status.SUCCEEDED else None
    context = {"job": job, "result": _shown(result) if result else None, "shown": FLIPS_SHOWN}
    return render(request, "dashboard/impact_result.html", context)


@require(Perm.EXPORT)
def impact_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every flipped enterprise of a finished simulation as .xlsx, recorded in the audit log."""
    job = _impact_job(request, pk)
    result = load_result(job) if job.status == Job.Status.SUCCEEDED else None
    if result is None:
        raise Http404
    shown = _shown(result)
    columns = [
        Column(_("企业名称")),
        Column(_("统一社会信用代码")),
        Column(_("镇街")),
        Column(_("高企结论（现行）")),
        Column(_("高企结论（调整后）")),
        Column(_("科技型中小企业（现行）")),
        Column(_("科技型中小企业（调整后）")),
        Column(_("梯队（现行）")),
        Column(_("梯队（调整后）")),
    ]
    rows = [
        [
            flip["name"],
            flip["uscc"],
            flip["town"],
            *(v for kind in ("hnte", "tech_sme", "tier") for v in flip["moves"][kind]),
        ]
        for flip in shown["flips"]
    ]
    label = _("政策影响模拟名单")
    record_export(
        request,
        label,
        len(rows),
        {_("参数"): result["parameter"]["label"], _("新取值"): result["parameter"]["value"]},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{label}-{stamp}.xlsx", write_workbook(columns, rows, sheet_name=label))

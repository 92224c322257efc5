"""Job pages: the list, a job's page with live progress (HTMX polling), download, re-run and cancel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.core.excel import xlsx_response
from gaoqi.jobs.errors import JobNotAllowed, UnknownJobKind
from gaoqi.jobs.exports import get_source, write_export
from gaoqi.jobs.framework import get_kind, request_cancel, rerun, run_job
from gaoqi.jobs.job_exports import visible_jobs
from gaoqi.jobs.models import Job, sees_every_job
from gaoqi.jobs.recovery import sweep_interrupted
from gaoqi.jobs.scheduler import schedule_status
from gaoqi.jobs.tasks import may_evaluate_district

PAGE_SIZE = 30


class EvaluationForm(forms.Form):
    """The options of a district-wide evaluation."""

    as_of = forms.DateField(
        label=gettext_lazy("评价日"),
        required=False,
        widget=forms.DateInput({"type": "date", "class": "form-control"}),
    )
    force = forms.BooleanField(
        label=gettext_lazy("数据未变的企业也重新评价"),
        required=False,
        widget=forms.CheckboxInput({"class": "form-check-input"}),
    )


def _visible(request: HttpRequest, pk: int) -> Job:
    """The job ``pk`` if the user may see it; 404 otherwise (another user's job does not exist for them)."""
    return get_object_or_404(visible_jobs(request.user), pk=pk)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's jobs (every job, and the daily schedule, for the bureau admin), refreshed while some
    are still active."""
    sweep_interrupted()
    jobs = visible_jobs(request.user)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    sees_all = sees_every_job(request.user)
    context = {
        "page": page,
        "any_active": any(job.is_active for job in page),
        "show_owner": sees_all,
        "evaluation_form": EvaluationForm() if may_evaluate_district(request.user) else None,
    }
    if request.htmx:
        return render(request, "jobs/_table.html", context)
    context["schedule"] = schedule_status(timezone.now()) if sees_all else None
    return render(request, "jobs/list.html", context)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: status, progress, result summary, error, download and actions."""
    return render(request, "jobs/detail.html", _status_context(request, _visible(request, pk)))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status card alone, polled by the job page every second until the job has finished."""
    return render(request, "jobs/_status.html", _status_context(request, _visible(request, pk)))


def _status_context(request: HttpRequest, job: Job) -> dict[str, Any]:
    if job.status == Job.Status.RUNNING and sweep_interrupted():
        job.refresh_from_db()
    try:
        kind = get_kind(job.kind)
    except UnknownJobKind:
        kind = None
    labels = kind.summary_labels if kind else {}
    return {
        "job": job,
        "summary": [(labels.get(key, key), value) for key, value in job.summary.items()],
        "can_rerun": kind is not None and not job.is_active and kind.may_start(request.user),
        "can_download": bool(job.file) and has_perm(request.user, Perm.EXPORT),
    }


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The job's file, for those who may see the job and export lists."""
    job = _visible(request, pk)
    if not job.file:
        raise Http404
    if not has_perm(request.user, Perm.EXPORT):
        raise PermissionDenied
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name or None)


@require_POST
@login_required
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """A new job with the same kind and parameters, started by the current user."""
    job = _visible(request, pk)
    if job.is_active:
        messages.warning(request, _("任务尚未结束，不能重新运行。"))
        return redirect("jobs:detail", pk=job.pk)
    try:
        new_job = rerun(job, request.user)
    except (JobNotAllowed, UnknownJobKind):
        raise PermissionDenied from None
    messages.success(request, _("已重新提交任务。"))
    return redirect("jobs:detail", pk=new_job.pk)


@require_POST
@login_required
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a queued job, or ask a running one to stop."""
    job = _visible(request, pk)
    request_cancel(job)
    messages.info(request, _("已请求取消任务。"))
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def start_evaluation(request: HttpRequest) -> HttpResponse:
    """Start a district-wide evaluation (bureau roles)."""
    if not may_evaluate_district(request.user):
        raise PermissionDenied
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("评价日无效。"))
        return redirect("jobs:list")
    as_of = form.cleaned_data["as_of"]
    params = {"as_of": as_of.isoformat() if as_of else None, "force": form.cleaned_data["force"]}
    job = run_job("evaluate_district", params, request.user)
    messages.success(request, _("已提交全区企业评价任务。"))
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def start_export(request: HttpRequest, source: str) -> HttpResponse:
    """Export the list ``source`` in the background with the query string's filters and sort."""
    found = get_source(source)
    if found is None:
        raise Http404
    if not found.allows(request.user):
        raise PermissionDenied
    query = {key: request.GET.getlist(key) for key in request.GET}
    try:
        job = run_job("export_list", {"source": source, "query": query}, request.user)
    except JobNotAllowed:
        raise PermissionDenied from None
    messages.success(request, _("已提交导出任务，完成后可在此页下载。"))
    return redirect("jobs:detail", pk=job.pk)


@login_required
def export_now(request: HttpRequest, source: str) -> HttpResponse:
    """Download the list ``source`` at once, with the query string's filters and sort (audited)."""
    found = get_source(source)
    if found is None:
        raise Http404
    if not found.allows(request.user):
        raise PermissionDenied
    written = write_export(found, request.user, request.GET)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{written.label}-{stamp}.xlsx", written.content)

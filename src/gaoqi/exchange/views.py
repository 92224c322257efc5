"""Import pages: the list, the upload, one file's page (mapping → preview → commit → result), the
error report, the templates, and the values-and-sources panel of the enterprise file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.excel import xlsx_response
from gaoqi.enterprises.models import Enterprise
from gaoqi.exchange import pipeline
from gaoqi.exchange.blank import template_bytes
from gaoqi.exchange.forms import MappingForm, UploadForm
from gaoqi.exchange.import_exports import visible_imports
from gaoqi.exchange.kinds import KINDS
from gaoqi.exchange.models import ImportBatch
from gaoqi.exchange.reading import FileRejected
from gaoqi.exchange.sources import value_sources
from gaoqi.exchange.tasks import commit_or_queue, preview_or_queue

PAGE_SIZE = 30


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    """The batch if the user may see it, else 404."""
    return get_object_or_404(ImportBatch.objects.for_user(request.user).select_related("job"), pk=pk)


@require(Perm.IMPORT_DATA)
def import_list(request: HttpRequest) -> HttpResponse:
    """The imports the user may see, newest first, and the templates to download."""
    batches = visible_imports(request.user)
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/list.html", {"page": page, "kinds": KINDS.values()})


@require(Perm.IMPORT_DATA)
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; then its page offers the column mapping."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batch = pipeline.new_batch(
            data["file"],
            data["file"].name,
            kind=data["kind"],
            department=data["department"],
            unit=data["unit"],
            user=request.user,
        )
        return redirect("exchange:detail", pk=batch.pk)
    return render(request, "exchange/upload.html", {"form": form})


def _mapping_form(batch: ImportBatch, data: Any = None) -> tuple[MappingForm | None, str]:
    """The mapping form of the batch's file, or the reason the file cannot be read. The file is read
    once: its headers and the suggested mapping are kept on the batch."""
    if not batch.columns:
        try:
            sheet = pipeline.read(batch)
        except FileRejected as rejected:
            return None, rejected.message
        pipeline.keep_columns(batch, pipeline.columns_for(batch, sheet))
    return MappingForm(data, kind=pipeline.kind_of(batch), columns=pipeline.batch_columns(batch)), ""


@require(Perm.IMPORT_DATA)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One file: its mapping and preview before the commit, its progress or result after."""
    batch = _batch(request, pk)
    context: dict[str, Any] = {"batch": batch, "kind": pipeline.kind_of(batch)}
    if batch.status in (ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED, ImportBatch.Status.INVALID):
        context["form"], context["unreadable"] = _mapping_form(batch)
    return render(request, "exchange/detail.html", context)


@require_POST
@require(Perm.IMPORT_DATA)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the mapping (remembered for the department) and run the preview; HTMX gets the panel."""
    batch = _batch(request, pk)
    form, unreadable = _mapping_form(batch, request.POST)
    if form is not None and form.is_valid():
        pipeline.remember(batch, form.columns(), request.user)
    elif form is None:
        messages.error(request, unreadable)
    preview_or_queue(batch, request.user)
    if request.htmx:
        return panel(request, pk)
    return redirect("exchange:detail", pk=batch.pk)


@require(Perm.IMPORT_DATA)
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview, progress or result panel of one file (polled while a job works on it)."""
    return render(request, "exchange/_preview.html", {"batch": _batch(request, pk), "oob": True})


@require_POST
@require(Perm.IMPORT_DATA)
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the previewed file: at once when small, else as a background job with progress."""
    batch = _batch(request, pk)
    if batch.status != ImportBatch.Status.CHECKED:
        messages.error(request, _("请先预览并确认没有错误后再导入。"))
        return redirect("exchange:detail", pk=batch.pk)
    try:
        if commit_or_queue(batch, request.user) is None:
            messages.success(request, _("导入完成。"))
    except pipeline.ImportRefused as refused:
        messages.error(request, refused.message)
    return redirect("exchange:detail", pk=batch.pk)


@require(Perm.IMPORT_DATA)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The Excel error report of the file (its rows plus an error column)."""
    batch = _batch(request, pk)
    if not batch.report:
        raise Http404
    name = f"{_('错误报告')}-{batch.file_name.rsplit('.', 1)[0]}.xlsx"
    return FileResponse(batch.report.open("rb"), as_attachment=True, filename=name)


@require(Perm.IMPORT_DATA)
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """The Chinese .xlsx template of one kind of file."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    return xlsx_response(f"{spec.label}{_('导入模板')}.xlsx", template_bytes(spec))


@require(Perm.VIEW_ENTERPRISES)
def sources(request: HttpRequest, uscc: str) -> HttpResponse:
    """The values of one enterprise with their sources and the sources that disagree (a panel)."""
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), uscc=uscc)
    return render(request, "exchange/_sources.html", {"enterprise": enterprise, **value_sources(enterprise)})

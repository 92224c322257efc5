"""Attachments of the enterprise file: the panel, upload, download and delete.

Every path starts from the user's scope (an enterprise outside it is a 404); uploading and deleting
need the right to edit that file. Creates and deletes reach the audit through its signals; each
download is recorded like an export, under the enterprise's history.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import record_export
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.forms import AttachmentForm
from gaoqi.enterprises.models import Attachment, Enterprise
from gaoqi.enterprises.views.detail import scoped_enterprise
from gaoqi.enterprises.views.edit import editable_enterprise


def _panel(request: HttpRequest, enterprise: Enterprise, form: AttachmentForm | None = None) -> HttpResponse:
    """The attachments tab of ``enterprise``: its files and, for users who may edit it, the upload form
    (``form`` when it comes back with errors; HTMX swaps only successful responses, so the status is 200)."""
    editable = can_edit(request.user, enterprise)
    context = {
        "enterprise": enterprise,
        "attachments": enterprise.attachments.select_related("uploaded_by").order_by("-uploaded_at", "-pk"),
        "can_edit": editable,
        "form": form if form is not None else (AttachmentForm() if editable else None),
    }
    return render(request, "enterprises/_attachments.html", context)


def _back(request: HttpRequest, enterprise: Enterprise, message: str) -> HttpResponse:
    """The panel again for HTMX requests, else the file page with ``message``."""
    if request.headers.get("HX-Request"):
        return _panel(request, enterprise)
    messages.success(request, message)
    return redirect("enterprises:detail", enterprise.uscc)


@require(Perm.VIEW_ENTERPRISES)
def attachment_panel(request: HttpRequest, uscc: str) -> HttpResponse:
    """The attachments tab (an HTMX fragment)."""
    return _panel(request, scoped_enterprise(request, uscc))


@require(Perm.EDIT_ENTERPRISES)
@require_POST
def attachment_upload(request: HttpRequest, uscc: str) -> HttpResponse:
    """Keep an uploaded file in the enterprise file; a refused file comes back with its reason."""
    enterprise = editable_enterprise(request, uscc)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _panel(request, enterprise, form)
    attachment = form.save(commit=False)
    attachment.enterprise = enterprise
    attachment.uploaded_by = request.user
    attachment.save()
    return _back(request, enterprise, _("附件已上传：%(title)s") % {"title": attachment.title})


@require(Perm.VIEW_ENTERPRISES)
def attachment_download(request: HttpRequest, uscc: str, pk: int) -> FileResponse:
    """The file itself, recorded in the audit as a download from this enterprise's file."""
    enterprise = scoped_enterprise(request, uscc)
    attachment = get_object_or_404(Attachment.objects.for_user(request.user), pk=pk, enterprise=enterprise)
    if not attachment.file.storage.exists(attachment.file.name):
        raise Http404(_("附件文件不存在"))
    record_export(
        request,
        _("附件下载：%(title)s") % {"title": attachment.title},
        1,
        {"attachment": attachment.pk},
        enterprise_id=enterprise.pk,
    )
    name = f"{attachment.title}{PurePath(attachment.file.name).suffix}"
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name)


@require(Perm.EDIT_ENTERPRISES)
@require_POST
def attachment_delete(request: HttpRequest, uscc: str, pk: int) -> HttpResponse:
    """Remove an attachment and its stored file (the audit keeps who removed which file)."""
    enterprise = editable_enterprise(request, uscc)
    attachment = get_object_or_404(enterprise.attachments, pk=pk)
    stored = attachment.file
    attachment.delete()
    stored.delete(save=False)
    return _back(request, enterprise, _("附件已删除：%(title)s") % {"title": attachment.title})

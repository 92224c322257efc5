"""PDF reports through WeasyPrint: the district's quarterly report and the enterprise file (一企一档).

Fonts come from Debian's ``fonts-noto-cjk`` (Noto Sans CJK SC); WeasyPrint embeds the glyphs it uses,
so the Chinese text of the PDF can be extracted again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.accounts.permissions import Perm, require
from gaoqi.core.audit import record_export
from gaoqi.dashboard.report_data import enterprise_context, quarterly_context
from gaoqi.dashboard.snapshots import snapshot_for
from gaoqi.dashboard.views import scope_title, user_scope
from gaoqi.enterprises.views.detail import scoped_enterprise

PDF_CONTENT_TYPE = "application/pdf"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The PDF bytes of ``template`` rendered with ``context``."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    """An attachment response; ``filename`` may be Chinese (RFC 5987 encoded)."""
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"report.pdf\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def quarterly_report(data: dict[str, Any], title: str) -> bytes:
    """The quarterly report of one snapshot's data as PDF bytes."""
    context = {**quarterly_context(data, title), "generated_at": timezone.localtime()}
    return render_pdf("dashboard/pdf/quarterly.html", context)


@require(Perm.VIEW_DASHBOARD)
def quarterly_pdf(request: HttpRequest) -> HttpResponse:
    """The quarterly report of the user's scope (from the cached aggregates), recorded as an export."""
    scope = user_scope(request)
    title = scope_title(scope)
    content = quarterly_report(snapshot_for(scope).data, title)
    record_export(request, _("季度报告（PDF）"), 1, {_("范围"): title})
    stamp = timezone.localtime().strftime("%Y%m%d")
    return pdf_response(f"{title}{_('高企培育季度报告')}-{stamp}.pdf", content)


@require(Perm.VIEW_ENTERPRISES)
def enterprise_pdf(request: HttpRequest, uscc: str) -> HttpResponse:
    """One enterprise file as PDF (404 outside the user's scope), recorded as an export."""
    enterprise = scoped_enterprise(request, uscc)
    context = {**enterprise_context(enterprise, timezone.localdate()), "generated_at": timezone.localtime()}
    content = render_pdf("dashboard/pdf/enterprise.html", context)
    record_export(request, _("一企一档（PDF）"), 1, {_("企业"): enterprise.name})
    return pdf_response(f"{enterprise.name}-{_('一企一档')}.pdf", content)

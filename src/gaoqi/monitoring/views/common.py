"""Helpers shared by the monitoring pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.core.scopes import EDIT_ALL_ROLES
from gaoqi.enterprises.exports import export_response
from gaoqi.enterprises.models import Enterprise
from gaoqi.enterprises.tables import list_queryset


def is_bureau(user: Any) -> bool:
    """Bureau admin or officer: edits every file, records baselines and sets targets."""
    return bool(user.is_superuser or user.role in EDIT_ALL_ROLES)


def query_year(query: QueryDict) -> int:
    """The ``year`` of ``query`` when it is a sensible year, this year otherwise."""
    text = query.get("year") or ""
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def year_param(request: HttpRequest) -> int:
    """The ``year`` of the query (or form), default this year."""
    return query_year(request.GET if request.GET.get("year") else request.POST)


def enterprise_list(
    request: HttpRequest,
    ids: Iterable[int] | None,
    *,
    title: str,
    back_url: str,
    back_label: str,
    unknown: str,
) -> HttpResponse:
    """A page listing the enterprises ``ids`` within the user's scope; ``unknown`` is shown instead when
    ``ids`` is ``None`` (the figure cannot be computed). ``?format=xlsx`` downloads the same enterprises
    as the enterprise list's export does (audited with the page's title)."""
    enterprises = (
        Enterprise.objects.for_user(request.user).filter(pk__in=list(ids or ())).select_related("town")
    )
    if request.GET.get("format") == "xlsx":
        if not has_perm(request.user, Perm.EXPORT):
            raise PermissionDenied
        return export_response(request, list_queryset(enterprises).order_by("name"), {_("名单"): title})
    context = {
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
        "unknown": unknown if ids is None else "",
        "enterprises": enterprises.order_by("name"),
    }
    return render(request, "monitoring/drill_down.html", context)

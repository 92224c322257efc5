"""Helpers shared by the monitoring pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gaoqi.core.scopes import EDIT_ALL_ROLES
from gaoqi.enterprises.models import Enterprise


def is_bureau(user: Any) -> bool:
    """Bureau admin or officer: edits every file, records baselines and sets targets."""
    return bool(user.is_superuser or user.role in EDIT_ALL_ROLES)


def year_param(request: HttpRequest) -> int:
    """The ``year`` of the query (or form), default this year."""
    text = request.GET.get("year") or request.POST.get("year") or ""
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


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
    ``ids`` is ``None`` (the figure cannot be computed)."""
    enterprises = (
        Enterprise.objects.for_user(request.user).filter(pk__in=list(ids or ())).select_related("town")
    )
    context = {
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
        "unknown": unknown if ids is None else "",
        "enterprises": enterprises.order_by("name"),
    }
    return render(request, "monitoring/drill_down.html", context)

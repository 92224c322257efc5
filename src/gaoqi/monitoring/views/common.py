"""Helpers shared by the monitoring pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from gaoqi.core.scopes import EDIT_ALL_ROLES


def is_bureau(user: Any) -> bool:
    """Bureau admin or officer: edits every file, records baselines and sets targets."""
    return bool(user.is_superuser or user.role in EDIT_ALL_ROLES)


def year_param(request: HttpRequest) -> int:
    """The ``year`` of the query (or form), default this year."""
    text = request.GET.get("year") or request.POST.get("year") or ""
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year

"""Drill-down links: the enterprise list (``/enterprises/``) filtered to the enterprises behind a figure.

The parameters are those of ``gaoqi.enterprises.filters.EnterpriseFilterForm``: ``town`` (code),
``segment`` (id), ``tier`` and ``verdict``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def list_url(**filters: object) -> str:
    """The enterprise list with ``filters`` (empty values left out)."""
    query = urlencode({key: value for key, value in filters.items() if value not in (None, "")})
    base = reverse("enterprises:list")
    return f"{base}?{query}" if query else base


def file_url(uscc: str) -> str:
    """An enterprise's file page."""
    return reverse("enterprises:detail", args=[uscc])


def double_zero_url(which: str, town_code: str) -> str:
    """The 双清零 list ``which`` of one town (``gaoqi.monitoring``'s page)."""
    base = reverse("monitoring:double_zero:list", args=[which])
    return f"{base}?{urlencode({'town': town_code})}"

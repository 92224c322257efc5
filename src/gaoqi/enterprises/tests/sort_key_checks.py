"""Check that the list's sort keys on the enterprise rows agree with the data they copy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gaoqi.enterprises.models import Enterprise
from gaoqi.enterprises.sort_keys import SORT_KEY_FIELDS


def expected_keys(firm: Enterprise) -> tuple[Any, ...]:
    """The keys as read from ``firm``'s latest evaluation and last fiscal year, one query each."""
    latest = firm.evaluations.filter(is_latest=True).first()
    last = firm.fiscal_years.order_by("-year").first()
    return (
        latest.hnte_verdict if latest else None,
        latest.tier if latest else None,
        latest.score_min if latest else None,
        latest.score_max if latest else None,
        last.year if last else None,
        last.sales_revenue if last else None,
    )


def assert_sort_keys_current(ids: Iterable[int] | None = None) -> int:
    """Assert the stored keys of the enterprises ``ids`` (default all) are the expected ones; return
    how many enterprises were checked."""
    firms = Enterprise.objects.all() if ids is None else Enterprise.objects.filter(pk__in=list(ids))
    checked = 0
    for firm in firms:
        assert tuple(getattr(firm, key) for key in SORT_KEY_FIELDS) == expected_keys(firm), firm.uscc
        checked += 1
    return checked

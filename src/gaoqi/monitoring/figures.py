"""Figures read from the enterprise file the same way by the alerts and the town targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from gaoqi.enterprises.models import Certificate
from gaoqi.enterprises.models.fiscal import RD_CATEGORY_FIELDS
from gaoqi.policy import load_parameters

__all__ = ["add_months", "chunked", "rd_expense", "tech_sme_registrations", "valid_until", "validity_years"]

CHUNK = 5000  # ids per query: SQLite limits the parameters of one statement


def chunked(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``, for ``__in`` lookups over many enterprises.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day.

    >>> add_months(dt.date(2026, 8, 31), -6)
    datetime.date(2026, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def validity_years(on: dt.date) -> int:
    """The HNTE certificate's validity in years (engine parameter ``hnte.validity_years``) on ``on``."""
    engine = load_parameters(on, region=settings.GAOQI_REGION)
    return int(str(engine.value("hnte.validity_years")))


def valid_until(certificate: Certificate, validity_years: int) -> dt.date:
    """The last day an HNTE certificate is valid: its ``expires_on``, else the day before the
    ``validity_years``-th anniversary of its issue."""
    if certificate.expires_on is not None:
        return certificate.expires_on
    issued = certificate.issued_on
    return add_months(issued, 12 * validity_years) - dt.timedelta(days=1)


def rd_expense(row: dict[str, Any]) -> Decimal | None:
    """A fiscal year's R&D expense in 万元 (a ``values()`` row): the sum of its categories, else
    ``rd_total``."""
    parts = [row[name] for name in RD_CATEGORY_FIELDS if row[name] is not None]
    return sum(parts, Decimal(0)) if parts else row["rd_total"]


def tech_sme_registrations(year: int) -> QuerySet[Certificate]:
    """Tech-SME registrations for ``year`` (their ``year``, else the year of issue)."""
    return Certificate.objects.filter(kind=Certificate.Kind.TECH_SME).filter(
        Q(year=year) | Q(year__isnull=True, issued_on__year=year)
    )

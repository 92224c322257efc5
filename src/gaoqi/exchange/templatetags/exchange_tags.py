"""Template filters of the import pages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template

register = template.Library()

_DECIMAL = re.compile(r"-?\d+\.\d+")


@register.filter
def readable(value: Any) -> str:
    """A stored value as people read it: a decimal amount (kept exact, to 4 places, in the data and the
    API) without trailing zeros and with thousands separators; any other text unchanged (a USCC or a
    year has no decimal point).

    >>> readable("8000.0000")
    '8,000'
    >>> readable("2968.6700")
    '2,968.67'
    >>> readable("91330603058743317Q"), readable("2025"), readable(None)
    ('91330603058743317Q', '2025', '')
    """
    if value is None:
        return ""
    text = str(value)
    if not _DECIMAL.fullmatch(text):
        return text
    number = Decimal(text).normalize()
    places = max(-number.as_tuple().exponent, 0)
    return f"{number:,.{places}f}"

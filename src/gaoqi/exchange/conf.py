"""The import settings, each with its default, and the sources a file can come from.

- ``GAOQI_IMPORT_MAX_BYTES``: largest file accepted (default 20 MiB), checked before parsing.
- ``GAOQI_IMPORT_MAX_UNCOMPRESSED``: largest total declared uncompressed size of an .xlsx (default 512 MiB).
- ``GAOQI_IMPORT_MAX_RATIO``: largest compression ratio of one .xlsx member over 1 MiB (default 100).
- ``GAOQI_IMPORT_BACKGROUND_ROWS``: files with more data rows are committed by a background job (2,000).
- ``GAOQI_IMPORT_BACKGROUND_BYTES``: larger files are checked (previewed) by a background job (1 MiB).
- ``GAOQI_IMPORT_EVALUATE_LIMIT``: at most this many changed enterprises are re-evaluated when an
  import commits (default 500); a larger import asks for a district evaluation instead.
- ``GAOQI_IMPORT_PRECEDENCE``: which source decides a field's current value when sources disagree:
  ``{pattern: [department, ...]}`` ranked best first, patterns matched with ``fnmatch`` (``"rd_*"``),
  ``"*"`` the default. Sources not listed rank below those listed; among equals the newer one wins.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gaoqi.accounts.models import Department

MIB = 2**20
DEFAULT_PRECEDENCE: dict[str, list[str]] = {
    "rd_*": ["tax", "statistics", "bureau", "enterprise"],
    "ded_*": ["tax", "statistics", "bureau", "enterprise"],
    "*": ["market", "tax", "statistics", "economy", "finance", "finance_office", "bureau", "enterprise"],
}
BUREAU, ENTERPRISE = "bureau", "enterprise"
SOURCE_CHOICES: list[tuple[str, Any]] = [
    *Department.choices,
    (BUREAU, _("科技局")),
    (ENTERPRISE, _("企业自报")),
]


def source_label(department: str) -> str:
    """The Chinese name of a source department ("" is a manual edit in the platform)."""
    return str(dict(SOURCE_CHOICES).get(department, department) or _("平台录入"))


def max_bytes() -> int:
    """The largest accepted file, in bytes."""
    return int(getattr(settings, "GAOQI_IMPORT_MAX_BYTES", 20 * MIB))


def max_uncompressed() -> int:
    """The largest total uncompressed size of an .xlsx, in bytes."""
    return int(getattr(settings, "GAOQI_IMPORT_MAX_UNCOMPRESSED", 512 * MIB))


def max_ratio() -> float:
    """The largest compression ratio of a large .xlsx member."""
    return float(getattr(settings, "GAOQI_IMPORT_MAX_RATIO", 100))


def background_rows() -> int:
    """Files with more data rows than this are committed in the background."""
    return int(getattr(settings, "GAOQI_IMPORT_BACKGROUND_ROWS", 2000))


def background_bytes() -> int:
    """Files larger than this are checked in the background."""
    return int(getattr(settings, "GAOQI_IMPORT_BACKGROUND_BYTES", MIB))


def evaluate_limit() -> int:
    """Re-evaluate at most this many changed enterprises on commit."""
    return int(getattr(settings, "GAOQI_IMPORT_EVALUATE_LIMIT", 500))


def rank(field: str, department: str) -> int:
    """The precedence of ``department`` for ``field``: lower is stronger; unlisted sources rank last.

    A manual edit in the platform (no department) ranks as the bureau.
    """
    table = getattr(settings, "GAOQI_IMPORT_PRECEDENCE", DEFAULT_PRECEDENCE)
    order: list[str] = next((ranked for pattern, ranked in table.items() if fnmatchcase(field, pattern)), [])
    department = department or BUREAU
    return order.index(department) if department in order else len(order)

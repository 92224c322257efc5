"""Column mapping: which header of a department's file fills which field.

Suggestions come first from the department's remembered mapping (``ColumnMapping``), then from the
kind's headers and synonyms, compared without spaces, units or full-width forms
("销售收入（万元）" and "销售收入 (元)" both mean ``sales_revenue``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

from gaoqi.exchange.kinds import ImportKind

_UNIT_SUFFIX = re.compile(r"\((万元|元|千元|亿元|人|个|件|项)\)$")
_SPACES = re.compile(r"\s+")


def header_norm(text: str) -> str:
    """A header as compared: half-width, no spaces, no unit suffix, lower case.

    >>> header_norm(" 销售收入（万元） ")
    '销售收入'
    >>> header_norm("USCC")
    'uscc'
    """
    plain = _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))
    return _UNIT_SUFFIX.sub("", plain).lower()


def unit_in_header(text: str) -> str | None:
    """The unit a header names in its parentheses (``"元"``, ``"万元"``...), if any."""
    match = _UNIT_SUFFIX.search(_SPACES.sub("", unicodedata.normalize("NFKC", str(text))))
    return match.group(1) if match else None


def _names(kind: ImportKind) -> dict[str, str]:
    """Every known spelling of the kind's columns (normalised) → field name."""
    names: dict[str, str] = {}
    for spec in kind.specs:
        for spelling in (spec.name, spec.label(kind.model), *spec.synonyms):
            names.setdefault(header_norm(spelling), spec.name)
    return names


def header_matcher(kind: ImportKind) -> Callable[[str], bool]:
    """Whether a header text is a known name of the kind's link column (finds the header row)."""
    names = _names(kind)
    link = kind.specs[0].name
    return lambda text: names.get(header_norm(text)) == link


def suggest(
    kind: ImportKind, headers: list[str], remembered: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Header → field for each header ("" when unknown); each field taken by the first header only."""
    names, valid = _names(kind), {spec.name for spec in kind.specs}
    remembered = remembered or {}
    mapping: dict[str, str] = {}
    for header in headers:
        if not header or header in mapping:
            continue
        field = remembered.get(header)
        if field not in valid:
            field = names.get(header_norm(header), "")
        mapping[header] = "" if field in mapping.values() else field
    return mapping


def mapping_errors(kind: ImportKind, mapping: Mapping[str, str]) -> list[str]:
    """Chinese messages for a mapping that misses a required column or fills a field twice."""
    errors = []
    chosen = [field for field in mapping.values() if field]
    twice = sorted({field for field in chosen if chosen.count(field) > 1})
    for field in twice:
        headers = "、".join(f"“{header}”" for header, target in mapping.items() if target == field)
        label = kind.spec(field).label(kind.model)
        errors.append(
            _("列 %(headers)s 都对应“%(label)s”，只能保留一列。") % {"headers": headers, "label": label}
        )
    missing = [spec.label(kind.model) for spec in kind.specs if spec.required and spec.name not in chosen]
    if missing:
        errors.append(
            _("缺少必需的列：%(columns)s。请检查表头或在列对应中指定。") % {"columns": "、".join(missing)}
        )
    return errors


def ignored_headers(mapping: Mapping[str, str]) -> list[str]:
    """Headers that fill no field (shown as a warning)."""
    return [header for header, field in mapping.items() if not field]

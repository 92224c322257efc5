"""What the export job can export: named list sources, each building its rows for one user and query.

A source is ``source(user, query) -> ExportSpec``: the user's scope and the page's query string
(filters, sort) decide the rows, exactly as on the page. Register a new list with ``@export_source``
in ``<app>/tasks.py`` (loaded in every process) and link the page's buttons to
``{% url 'jobs:export' 'key' %}?{{ request.GET.urlencode }}`` (POST, a background job) and
``{% url 'jobs:export_now' 'key' %}?{{ request.GET.urlencode }}`` (GET, a direct download).
``gaoqi export KEY FILE --user NAME`` writes the same file from the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, QueryDict

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.core.audit import record_export
from gaoqi.core.excel import Column, write_workbook
from gaoqi.enterprises.exports import EXPORT_COLUMNS, EXPORT_LABEL, export_rows
from gaoqi.enterprises.tables import list_query


@dataclass
class ExportSpec:
    """One export: its Chinese name, columns (headers resolved), rows, row count and filters in force."""

    label: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int
    filters: dict[str, Any] = field(default_factory=dict)


Build = Callable[[Any, QueryDict], ExportSpec]


@dataclass(frozen=True)
class ExportSource:
    """A list that can be exported: its key, its Chinese name, how to build it and the permission its
    page needs besides the export permission (e.g. ``audit.view`` for the audit log)."""

    key: str
    label: Any
    build: Build
    perm: str | None = None

    def allows(self, user: Any) -> bool:
        """Whether ``user`` may export this list: the export permission and the page's own."""
        return has_perm(user, Perm.EXPORT) and (self.perm is None or has_perm(user, self.perm))


_SOURCES: dict[str, ExportSource] = {}


def export_source(key: str, label: Any, perm: str | None = None) -> Callable[[Build], Build]:
    """Register a list source under ``key`` with its Chinese name (and the permission its page needs)."""

    def register(build: Build) -> Build:
        _SOURCES[key] = ExportSource(key, label, build, perm)
        return build

    return register


def get_source(key: str) -> ExportSource | None:
    """The source registered under ``key``, if any."""
    return _SOURCES.get(key)


def all_sources() -> list[ExportSource]:
    """Every registered list source, by key."""
    return [_SOURCES[key] for key in sorted(_SOURCES)]


@dataclass(frozen=True)
class Written:
    """An export written to .xlsx bytes: its Chinese name, the file and the number of rows."""

    label: str
    content: bytes
    rows: int


def write_export(
    source: ExportSource,
    user: Any,
    query: QueryDict,
    watch: Callable[[ExportSpec], Iterable[Sequence[Any]]] | None = None,
) -> Written:
    """Build ``source`` for ``user`` with ``query``, write it to .xlsx and record the export in the audit
    log. ``watch`` may wrap the spec's rows (a background job counts them for its progress bar)."""
    spec = source.build(user, query)
    count = 0

    def counted() -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in watch(spec) if watch else spec.rows:
            count += 1
            yield row

    content = write_workbook(spec.columns, counted(), sheet_name=spec.label)
    record_export(request_for(user), spec.label, count, spec.filters)
    return Written(spec.label, content, count)


def request_for(user: Any) -> HttpRequest:
    """A request standing for ``user`` outside a web request (a job, a command), for ``record_export``."""
    request = HttpRequest()
    request.user = user
    return request


def resolved(columns: Iterable[Column]) -> list[Column]:
    """Columns with their lazy headers turned into text in the active language."""
    return [Column(str(column.header), column.kind, column.width) for column in columns]


@export_source("enterprises", EXPORT_LABEL)
def enterprise_list(user: Any, query: QueryDict) -> ExportSpec:
    """The enterprise list as its page shows it to ``user`` with ``query`` (scope, filters, sort)."""
    asked = list_query(user, query)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(asked.rows()),
        total=asked.filtered.count(),
        filters=asked.form.active_filters(),
    )

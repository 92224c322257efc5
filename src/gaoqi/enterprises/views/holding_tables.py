"""The rows of the file page's holdings tab (IP, certificates, R&D institutions, achievements,
incidents), rendered in Python: a file holds dozens of items, and a template per cell and an include
per row's buttons cost more than all the tab's queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gaoqi.enterprises.models import Achievement, Certificate, Enterprise, Incident, IPAsset, RDInstitution
from gaoqi.enterprises.views.panel_rows import choice_label

EMPTY = "—"


@dataclass(frozen=True)
class Column:
    """One cell of a row: its text (escaped unless already safe) and its CSS class."""

    text: Callable[[Any], Any]
    css: str = ""


@dataclass(frozen=True)
class HoldingTable:
    """The items of one kind as the tab lists them (newest first), the fields its cells read (the
    only ones loaded) and the cells of each row."""

    model: type[Model]
    order: tuple[str, ...]
    fields: tuple[str, ...]
    columns: tuple[Column, ...]

    @cached_property
    def row_format(self) -> str:
        """The row's markup with a ``{}`` for each cell's text and one for the buttons' cell."""
        cells = "".join(
            f'<td class="{column.css}">{{}}</td>' if column.css else "<td>{}</td>" for column in self.columns
        )
        return f"<tr>{cells}{{}}</tr>"

    @cached_property
    def listed(self) -> QuerySet[Any]:
        """Every item of this kind in the tab's order, built once (never run itself: ``items`` filters
        a copy; building it on every request cost a fifth of each query)."""
        return self.model.objects.order_by(*self.order).only(*self.fields)

    def items(self, enterprise: Enterprise) -> QuerySet[Any]:
        """The enterprise's items of this kind, in the tab's order."""
        return self.listed.filter(enterprise_id=enterprise.pk)


def day(value: dt.date | None) -> str:
    """A date as ``2024-05-01``; ``—`` when unknown."""
    return f"{value:%Y-%m-%d}" if value else EMPTY


def _or_empty(value: Any) -> Any:
    return value or EMPTY


def _expiry(item: Any) -> SafeString:
    """The expiry date, marked when past."""
    expired = item.expires_on and item.expires_on < timezone.localdate()
    badge = format_html(' <span class="badge bg-secondary-lt">{}</span>', _("已过期")) if expired else ""
    return format_html("{}{}", day(item.expires_on), badge)


HOLDING_TABLES: dict[str, HoldingTable] = {
    "ip": HoldingTable(
        IPAsset,
        ("-granted_on", "pk"),
        (
            "kind",
            "ip_class",
            "number",
            "title",
            "granted_on",
            "expires_on",
            "status",
            "acquisition",
            "co_owners",
            "hnte_used_year",
        ),
        (
            Column(choice_label(IPAsset.kind)),
            Column(choice_label(IPAsset.ip_class)),
            Column(lambda item: _or_empty(item.number), "small"),
            Column(lambda item: item.title),
            Column(lambda item: day(item.granted_on)),
            Column(lambda item: day(item.expires_on)),
            Column(choice_label(IPAsset.status)),
            Column(choice_label(IPAsset.acquisition)),
            Column(lambda item: _or_empty(item.co_owners), "small"),
            Column(lambda item: _or_empty(item.hnte_used_year)),
        ),
    ),
    "certificate": HoldingTable(
        Certificate,
        ("-issued_on", "-year", "pk"),
        ("kind", "number", "issued_on", "expires_on", "year"),
        (
            Column(choice_label(Certificate.kind)),
            Column(lambda item: _or_empty(item.number), "small"),
            Column(lambda item: day(item.issued_on)),
            Column(_expiry),
            Column(lambda item: _or_empty(item.year)),
        ),
    ),
    "institution": HoldingTable(
        RDInstitution,
        ("-recognised_on", "pk"),
        ("name", "level", "kind", "recognised_on"),
        (
            Column(lambda item: item.name),
            Column(choice_label(RDInstitution.level)),
            Column(lambda item: _or_empty(item.kind)),
            Column(lambda item: day(item.recognised_on)),
        ),
    ),
    "achievement": HoldingTable(
        Achievement,
        ("-year", "pk"),
        ("title", "year", "form"),
        (
            Column(lambda item: item.title),
            Column(lambda item: item.year),
            Column(choice_label(Achievement.form)),
        ),
    ),
    "incident": HoldingTable(
        Incident,
        ("-occurred_on", "pk"),
        ("kind", "severity", "occurred_on", "description"),
        (
            Column(choice_label(Incident.kind)),
            Column(choice_label(Incident.severity)),
            Column(lambda item: day(item.occurred_on)),
            Column(lambda item: _or_empty(item.description), "small"),
        ),
    ),
}


_KIND = "_kind_"


def _url_pattern(name: str, *args: Any) -> str:
    """``reverse(name, args)`` with the kind and the pk left as ``{kind}`` and ``{pk}``: reversed once
    per page rather than once per row."""
    return reverse(name, args=args).replace(f"/{_KIND}/", "/{kind}/").replace("/0/", "/{pk}/")


class _Buttons:
    """The tab's buttons for users who may edit the file: add an item of a kind, edit or delete one."""

    def __init__(self, uscc: str) -> None:
        self.create = _url_pattern("enterprises:holding_create", uscc, _KIND)
        self.edit = _url_pattern("enterprises:holding_edit", uscc, _KIND, 0)
        self.delete = _url_pattern("enterprises:holding_delete", uscc, _KIND, 0)
        self.labels = {"add": _("新增"), "edit": _("编辑"), "delete": _("删除")}

    def add(self, kind: str) -> SafeString:
        return format_html(
            '<a class="btn btn-sm btn-outline-primary ms-2" data-testid="holding-add-{}" href="{}">{}</a>',
            kind,
            self.create.format(kind=kind),
            self.labels["add"],
        )

    def actions(self, kind: str, pk: int) -> SafeString:
        return format_html(
            '<td class="text-nowrap text-end" data-testid="holding-actions">\n'
            '  <a class="btn btn-sm btn-ghost-primary" href="{}">{}</a>\n'
            '  <a class="btn btn-sm btn-ghost-danger" href="{}">{}</a>\n'
            "</td>",
            self.edit.format(kind=kind, pk=pk),
            self.labels["edit"],
            self.delete.format(kind=kind, pk=pk),
            self.labels["delete"],
        )


def _row(table: HoldingTable, item: Model, actions: SafeString | str) -> SafeString:
    return format_html(table.row_format, *(column.text(item) for column in table.columns), actions)


def holdings(enterprise: Enterprise, can_edit: bool) -> dict[str, dict[str, Any]]:
    """Each kind's rows as HTML, with the link to add one (empty for users who may not edit)."""
    buttons = _Buttons(enterprise.uscc) if can_edit else None
    shown = {}
    for kind, table in HOLDING_TABLES.items():
        rows = [
            _row(table, item, buttons.actions(kind, item.pk) if buttons else "")
            for item in table.items(enterprise)
        ]
        shown[kind] = {"rows": rows, "add": buttons.add(kind) if buttons else ""}
    return shown

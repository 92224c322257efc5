"""The enterprise list: filters, search, sorting, paging, HTMX table refresh and Excel export."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.enterprises.exports import export_response
from gaoqi.enterprises.models import Enterprise
from gaoqi.enterprises.tables import COLUMNS, PAGE_SIZE, list_query, table_header, table_rows
from gaoqi.enterprises.views.panels import ILLUSTRATIVE_TIERS


class ListPaginator(Paginator):
    """Pages of the list's rows, counted on the filtered enterprises alone: the joins of the shown
    columns survive in a count of the rows (and it then reads the table, not one index)."""

    def __init__(self, rows: QuerySet[Any], filtered: QuerySet[Enterprise]) -> None:
        super().__init__(rows, PAGE_SIZE)
        self.filtered = filtered

    @cached_property
    def count(self) -> int:
        return self.filtered.count()


@require(Perm.VIEW_ENTERPRISES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The list page; an HTMX request (filter change, sort, page) gets only the table."""
    query = list_query(request.user, request.GET)
    page = ListPaginator(query.page_rows(), query.filtered).get_page(request.GET.get("page"))
    context = {
        "form": query.form,
        "page": page,
        "columns": COLUMNS,
        "header": table_header(request.GET, query.sort_key, query.descending),
        "can_export": has_perm(request.user, Perm.EXPORT),
        "rows": table_rows(page.object_list, ILLUSTRATIVE_TIERS),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "enterprises/_table.html", context)
    return render(request, "enterprises/list.html", context)


@require(Perm.EXPORT)
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx (the same scope, filters and order as the page), audited."""
    query = list_query(request.user, request.GET)
    return export_response(request, query.rows(), query.form.active_filters())

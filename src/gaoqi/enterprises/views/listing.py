"""The enterprise list: filters, search, sorting, paging, HTMX table refresh and Excel export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.enterprises.exports import export_response
from gaoqi.enterprises.tables import COLUMNS, PAGE_SIZE, list_query, table_rows
from gaoqi.enterprises.views.panels import ILLUSTRATIVE_TIERS


@require(Perm.VIEW_ENTERPRISES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The list page; an HTMX request (filter change, sort, page) gets only the table."""
    query = list_query(request.user, request.GET)
    page = Paginator(query.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": query.form,
        "page": page,
        "columns": COLUMNS,
        "sort_key": query.sort_key,
        "sort_descending": query.descending,
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

"""The enterprise list: filters, search, sorting, paging, HTMX table refresh and Excel export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gaoqi.accounts.permissions import Perm, has_perm, require
from gaoqi.enterprises.exports import export_response
from gaoqi.enterprises.filters import EnterpriseFilterForm
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.tables import COLUMNS, PAGE_SIZE, list_queryset, order, parse_sort
from gaoqi.enterprises.views.panels import ILLUSTRATIVE_TIERS


def _filtered(request: HttpRequest) -> tuple[EnterpriseFilterForm, QuerySet[Enterprise], str, bool]:
    """The filter form and the user's scoped, filtered and sorted enterprises."""
    form = EnterpriseFilterForm(request.GET)
    key, descending = parse_sort(request.GET.get("sort"))
    queryset = form.apply(list_queryset(Enterprise.objects.for_user(request.user)))
    return form, order(queryset, key, descending), key, descending


@require(Perm.VIEW_ENTERPRISES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The list page; an HTMX request (filter change, sort, page) gets only the table."""
    form, queryset, key, descending = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "columns": COLUMNS,
        "sort_key": key,
        "sort_descending": descending,
        "can_export": has_perm(request.user, Perm.EXPORT),
        "tier_labels": dict(Evaluation.Tier.choices),
        "illustrative_tiers": ILLUSTRATIVE_TIERS,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "enterprises/_table.html", context)
    return render(request, "enterprises/list.html", context)


@require(Perm.EXPORT)
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx (the same scope, filters and order as the page), audited."""
    form, queryset, _key, _descending = _filtered(request)
    return export_response(request, queryset, form.active_filters())

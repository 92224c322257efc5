"""The enterprise list as a table: its query (one statement per page, no N+1), columns and sorting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from gaoqi.enterprises.filters import EnterpriseFilterForm, with_latest_evaluation
from gaoqi.enterprises.models import Enterprise, FiscalYear

PAGE_SIZE = 50
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class ListColumn:
    """A column header: its label, the sort key it offers (if any) and whether it holds numbers."""

    label: Any
    sort: str = ""
    numeric: bool = False


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn(_("企业名称"), "name"),
    ListColumn(_("统一社会信用代码"), "uscc"),
    ListColumn(_("镇街"), "town"),
    ListColumn(_("行业"), "industry"),
    ListColumn(_("细分领域")),
    ListColumn(_("高新技术领域")),
    ListColumn(_("最近年度销售收入（万元）"), "sales", numeric=True),
    ListColumn(_("梯队"), "tier"),
    ListColumn(_("高企测评"), "verdict"),
    ListColumn(_("创新评分"), "score", numeric=True),
)

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "uscc": ("uscc",),
    "town": ("town__sort_order", "town__code"),
    "industry": ("industry_code",),
    "sales": ("last_sales",),
    "tier": ("latest_tier",),
    "verdict": ("latest_verdict",),
    "score": ("latest_score_max", "latest_score_min"),
}


def list_queryset(scoped: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """``scoped`` with the references, the latest evaluation and last year's sales joined in."""
    last_year = FiscalYear.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
    return (
        with_latest_evaluation(scoped)
        .select_related("town", "segment", "tech_field")
        .annotate(
            latest_verdict=F("latest__hnte_verdict"),
            latest_tier=F("latest__tier"),
            latest_score_min=F("latest__score_min"),
            latest_score_max=F("latest__score_max"),
            last_year=Subquery(last_year.values("year")[:1]),
            last_sales=Subquery(last_year.values("sales_revenue")[:1]),
        )
    )


def parse_sort(value: str | None) -> tuple[str, bool]:
    """``(key, descending)`` from a ``sort`` parameter such as ``-sales``; unknown keys fall back to name."""
    text = value or DEFAULT_SORT
    descending = text.startswith("-")
    key = text.lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def order(queryset: QuerySet[Enterprise], key: str, descending: bool) -> QuerySet[Enterprise]:
    """``queryset`` sorted by ``key``, unknown values last; ties broken by USCC so paging is stable."""
    terms = [
        F(term).desc(nulls_last=True) if descending else F(term).asc(nulls_last=True) for term in SORTS[key]
    ]
    return queryset.order_by(*terms, "uscc")


@dataclass(frozen=True)
class ListQuery:
    """What the list's query string asks of one user's enterprises: the filter form, the enterprises in
    scope that it lets through, and the sort. The page, its export and the background export start here."""

    form: EnterpriseFilterForm
    filtered: QuerySet[Enterprise]
    sort_key: str
    descending: bool

    def rows(self) -> QuerySet[Enterprise]:
        """The filtered enterprises with the list's columns joined in, in the order asked for."""
        return order(list_queryset(self.filtered), self.sort_key, self.descending)


def list_query(user: Any, query: QueryDict) -> ListQuery:
    """The list query of ``user`` (their scope) with the filters and sort of ``query``."""
    form = EnterpriseFilterForm(query)
    key, descending = parse_sort(query.get("sort"))
    return ListQuery(form, form.apply(Enterprise.objects.for_user(user)), key, descending)

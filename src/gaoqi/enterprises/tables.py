"""The enterprise list as a table: its query (one statement per page, no N+1), columns, sorting and rows.

Every sort key is a column of the enterprise row (``Enterprise.list_*``, see ``sort_keys``), and each
sort of a town has an index that ends in the USCC tie-breaker and the verdict, so a page of a town (and
verdict) is read in order and the database stops after it.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoqi.core.templatetags.gaoqi_ui import verdict_badge, wan
from gaoqi.enterprises.filters import EnterpriseFilterForm
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.sort_keys import SORT_KEY_FIELDS

PAGE_SIZE = 50
_SENTINEL = "USCC"  # stands for a USCC in the detail URL, which is reversed once per page
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
    "sales": ("list_sales",),
    "tier": ("list_tier",),
    "verdict": ("list_verdict",),
    "score": ("list_score_max", "list_score_min"),
}


LIST_FIELDS = (
    "name",
    "uscc",
    "registered_on",
    "industry_code",
    "town__name",
    "segment__name",
    "tech_field__code",
    "tech_field__name",
    *SORT_KEY_FIELDS,
)


PAGE_FIELDS = (
    "pk",
    "name",
    "uscc",
    "industry_code",
    "town__name",
    "segment__name",
    "tech_field__name",
    *SORT_KEY_FIELDS,
)


def list_queryset(scoped: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """``scoped`` with the columns of the list and its export only, the references' names joined in."""
    return scoped.select_related("town", "segment", "tech_field").only(*LIST_FIELDS)


def parse_sort(value: str | None) -> tuple[str, bool]:
    """``(key, descending)`` from a ``sort`` parameter such as ``-sales``; unknown keys fall back to name."""
    text = value or DEFAULT_SORT
    descending = text.startswith("-")
    key = text.lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def order(
    queryset: QuerySet[Enterprise], key: str, descending: bool, *, one_town: bool = False
) -> QuerySet[Enterprise]:
    """``queryset`` sorted by ``key``, unknown values last; ties broken by USCC so paging is stable.
    Within ``one_town`` the town sort is the tie-breaker alone (which the town's indexes hold). Only
    the sort keys can be unknown: the other columns sort without ``NULLS LAST``, so that a descending
    sort reads their ascending index backwards."""
    terms = () if key == "town" and one_town else SORTS[key]
    ordering = []
    for term in terms:
        nulls_last = True if term in SORT_KEY_FIELDS else None
        ordering.append(
            F(term).desc(nulls_last=nulls_last) if descending else F(term).asc(nulls_last=nulls_last)
        )
    return queryset.order_by(*ordering, "uscc")


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
        one_town = self.form.is_valid() and bool(self.form.cleaned_data["town"])
        return order(list_queryset(self.filtered), self.sort_key, self.descending, one_town=one_town)

    def page_rows(self) -> QuerySet[Any]:
        """``rows`` as the page shows them: named tuples of ``PAGE_FIELDS`` (no model instances)."""
        return self.rows().values_list(*PAGE_FIELDS, named=True)


def list_query(user: Any, query: QueryDict) -> ListQuery:
    """The list query of ``user`` (their scope) with the filters and sort of ``query``."""
    form = EnterpriseFilterForm(query)
    key, descending = parse_sort(query.get("sort"))
    return ListQuery(form, form.apply(Enterprise.objects.for_user(user)), key, descending)


def _text(value: Any) -> str:
    """``value`` escaped for HTML as the template's ``{{ }}`` would (without its per-call overhead);
    letters and digits alone (a USCC, most Chinese names) need no escaping."""
    text = str(value)
    return text if text.isalnum() else html.escape(text)


def table_rows(enterprises: Iterable[Any], illustrative_tiers: Collection[str]) -> SafeString:
    """The ``<tr>`` of each enterprise of a page (``ListQuery.page_rows``), rendered in Python: a template
    per row and cell cost more than the page's queries. A tier in ``illustrative_tiers`` is marked."""
    link_head, _sentinel, link_tail = reverse("enterprises:detail", args=[_SENTINEL]).partition(_SENTINEL)
    tiers = {value: _text(label) for value, label in Evaluation.Tier.choices}
    illustrative = (
        f'<sup class="text-secondary" title="{_text(gettext("示例口径（待区科技局确认）"))}">※</sup>'
    )
    not_evaluated = f'<span class="text-secondary small">{_text(gettext("尚未测评"))}</span>'
    badges = {verdict: _badge(verdict) for verdict, _label in Evaluation.Verdict.choices}
    rows = []
    for row in enterprises:
        year = f'<span class="text-secondary small ms-1">{row.list_year}</span>' if row.list_year else ""
        tier = tiers.get(row.list_tier, "—") + (illustrative if row.list_tier in illustrative_tiers else "")
        verdict = (
            (badges.get(row.list_verdict) or _badge(row.list_verdict)) if row.list_verdict else not_evaluated
        )
        cells = (
            f'<td><a href="{link_head}{_path(row.uscc)}{link_tail}">{_text(row.name)}</a></td>',
            f'<td class="uscc small">{_text(row.uscc)}</td>',
            f'<td class="text-nowrap">{_text(row.town__name)}</td>',
            f'<td class="small">{_text(row.industry_code)}</td>',
            f'<td class="small">{_text(row.segment__name or "—")}</td>',
            f'<td class="small">{_text(row.tech_field__name or "—")}</td>',
            f'<td class="num">{_text(wan(row.list_sales))}{year}</td>',
            f'<td class="small text-nowrap">{tier}</td>',
            f"<td>{verdict}</td>",
            f'<td class="num">{_score(row.list_score_min, row.list_score_max)}</td>',
        )
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>\n")
    return mark_safe("".join(rows))  # every value is escaped above


def table_header(query: QueryDict, sort_key: str, descending: bool) -> SafeString:
    """The ``<th>`` of every column; a sortable one links to the list sorted by it (the other way round
    when it is the current ascending sort), from the first page, keeping the other parameters."""
    list_url = reverse("enterprises:list")
    params = query.copy()
    params.pop("page", None)
    cells = []
    for column in COLUMNS:
        label = _text(column.label)
        if column.sort:
            params["sort"] = f"-{column.sort}" if column.sort == sort_key and not descending else column.sort
            link = _text(f"?{params.urlencode()}")
            mark = (
                f'<span class="sort-mark">{"▼" if descending else "▲"}</span>'
                if column.sort == sort_key
                else ""
            )
            label = (
                f'<a class="sort-link" href="{link}" hx-get="{list_url}{link}" hx-target="#enterprise-table" '
                f'hx-push-url="{list_url}{link}">{label}{mark}</a>'
            )
        cells.append(f'<th class="{"num" if column.numeric else ""}">{label}</th>')
    return mark_safe("\n".join(cells))  # every value is escaped above


def _path(segment: str) -> str:
    """``segment`` quoted for a URL path as ``reverse`` does (a USCC, ASCII letters and digits, as is)."""
    return (
        segment
        if segment.isascii() and segment.isalnum()
        else quote(segment, safe=RFC3986_SUBDELIMS + "/~:@")
    )


def _badge(verdict: str) -> str:
    shown = verdict_badge(verdict)
    return f'<span class="badge {_text(shown["css"])}">{_text(shown["label"])}</span>'


def _score(low: int | None, high: int | None) -> str:
    if low is None:
        return "—"
    return str(low) if high == low else f"{low}–{high}"

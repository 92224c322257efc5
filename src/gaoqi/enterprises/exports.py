"""Excel export of the enterprise list: the same scoped, filtered, sorted rows the page shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoqi.core.audit import record_export
from gaoqi.core.excel import Column, write_workbook, xlsx_response
from gaoqi.enterprises.models import Enterprise, Evaluation

EXPORT_LABEL = gettext_lazy("企业名单")
EXPORT_COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("企业名称")),
    Column(gettext_lazy("统一社会信用代码")),
    Column(gettext_lazy("镇街")),
    Column(gettext_lazy("行业代码")),
    Column(gettext_lazy("细分领域")),
    Column(gettext_lazy("高新技术领域")),
    Column(gettext_lazy("成立日期"), "date"),
    Column(gettext_lazy("最近年度"), "int"),
    Column(gettext_lazy("销售收入（万元）"), "wan"),
    Column(gettext_lazy("梯队")),
    Column(gettext_lazy("高企测评结论")),
    Column(gettext_lazy("创新评分下限"), "int"),
    Column(gettext_lazy("创新评分上限"), "int"),
)
_TIERS = dict(Evaluation.Tier.choices)
_VERDICTS = dict(Evaluation.Verdict.choices)


def export_rows(queryset: QuerySet[Enterprise]) -> Iterator[list[Any]]:
    """One row per enterprise of ``queryset`` (built by ``tables.list_queryset``), in EXPORT_COLUMNS order."""
    for enterprise in queryset.iterator(chunk_size=2000):
        yield [
            enterprise.name,
            enterprise.uscc,
            enterprise.town.name,
            enterprise.industry_code,
            enterprise.segment.name if enterprise.segment else "",
            str(enterprise.tech_field) if enterprise.tech_field else "",
            enterprise.registered_on,
            enterprise.list_year,
            enterprise.list_sales,
            str(_TIERS.get(enterprise.list_tier, "")),
            str(_VERDICTS.get(enterprise.list_verdict, _("尚未测评"))),
            enterprise.list_score_min,
            enterprise.list_score_max,
        ]


def export_response(
    request: HttpRequest, queryset: QuerySet[Enterprise], filters: dict[str, str]
) -> HttpResponse:
    """The .xlsx download of ``queryset``, recorded in the audit log with its filters and row count."""
    rows = list(export_rows(queryset))
    content = write_workbook(EXPORT_COLUMNS, rows, sheet_name=str(EXPORT_LABEL))
    record_export(request, str(EXPORT_LABEL), len(rows), filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{EXPORT_LABEL}-{stamp}.xlsx", content)

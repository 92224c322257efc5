"""The import list as its page shows it (every import for the bureau, one's own for a department) and
as Excel (the list source ``imports``, for those who may import)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gaoqi.accounts.permissions import Perm
from gaoqi.core.excel import Column
from gaoqi.exchange.models import ImportBatch
from gaoqi.jobs.exports import ExportSpec, export_source, resolved

EXPORT_LABEL = gettext_lazy("数据导入记录")
EXPORT_COLUMNS = (
    Column(gettext_lazy("文件"), width=30),
    Column(gettext_lazy("数据类型")),
    Column(gettext_lazy("来源部门")),
    Column(gettext_lazy("金额单位")),
    Column(gettext_lazy("状态")),
    Column(gettext_lazy("上传人")),
    Column(gettext_lazy("上传时间"), width=18),
    Column(gettext_lazy("导入时间"), width=18),
    Column(gettext_lazy("错误信息"), width=40),
)


def visible_imports(user: Any) -> QuerySet[ImportBatch]:
    """The imports ``user`` may see, newest first, with their uploader."""
    return ImportBatch.objects.for_user(user).select_related("uploaded_by")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_rows(batches: QuerySet[ImportBatch]) -> Iterator[list[Any]]:
    """One row per import, in ``EXPORT_COLUMNS`` order."""
    for batch in batches.iterator(chunk_size=2000):
        yield [
            batch.file_name,
            str(batch.get_kind_display()),
            str(batch.get_department_display()),
            str(batch.get_unit_display()),
            str(batch.get_status_display()),
            str(batch.uploaded_by or ""),
            _when(batch.created_at),
            _when(batch.committed_at),
            batch.error,
        ]


@export_source("imports", EXPORT_LABEL, perm=Perm.IMPORT_DATA)
def import_list(user: Any, query: QueryDict) -> ExportSpec:
    """The imports ``user`` sees on the import list (the list has no filters)."""
    batches = visible_imports(user)
    return ExportSpec(
        label=str(EXPORT_LABEL),
        columns=resolved(EXPORT_COLUMNS),
        rows=export_rows(batches),
        total=batches.count(),
    )

"""The import of one stored file (``ImportBatch``): read, map, check, preview, and commit.

``preview(batch, user)`` is the dry run: it reads and checks the file, plans the changes against the
stored data and keeps the summary and the Excel error report on the batch. ``commit(batch, user)``
does it all again inside one transaction (the stored data may have moved since the preview) and
writes only when no row has a problem: all rows or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.core import audit
from gaoqi.core.audit_models import AuditAction
from gaoqi.enterprises.signals import schedule_evaluation
from gaoqi.enterprises.sort_keys import refresh_sort_keys
from gaoqi.exchange import conf, mapping
from gaoqi.exchange.cells import References
from gaoqi.exchange.kinds import KINDS, ImportKind
from gaoqi.exchange.models import ColumnMapping, ImportBatch
from gaoqi.exchange.plan import plans
from gaoqi.exchange.reading import FileRejected, Sheet, check_size_of, read_sheet
from gaoqi.exchange.report import Summary, error_workbook
from gaoqi.exchange.validation import Checked, check
from gaoqi.exchange.writer import write_plan

Progress = Callable[[int, int, str], None]


class ImportRefused(Exception):
    """The file has problems, so nothing was written; ``message`` says so in Chinese."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def new_batch(content: File, name: str, *, kind: str, department: str, unit: str, user: Any) -> ImportBatch:
    """Store an uploaded file as a new batch (its size is checked first: ``FileRejected``)."""
    check_size_of(content.size)
    batch = ImportBatch(
        kind=kind,
        department=department,
        unit=unit,
        file_name=Path(name).name[:255],
        size=content.size,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    batch.file.save(Path(name).name, content, save=False)
    batch.sha256 = file_digest(Path(batch.file.path))
    batch.save()
    return batch


def kind_of(batch: ImportBatch) -> ImportKind:
    """The batch's kind of file."""
    return KINDS[batch.kind]


def read(batch: ImportBatch) -> Sheet:
    """The batch's file as a header and rows (``FileRejected`` when it cannot be imported at all)."""
    return read_sheet(Path(batch.file.path), mapping.header_matcher(kind_of(batch)))


def columns_for(batch: ImportBatch, sheet: Sheet) -> dict[str, str]:
    """The batch's mapping, else a suggestion from the department's remembered one and the synonyms."""
    remembered = (
        ColumnMapping.objects.filter(department=batch.department, kind=batch.kind)
        .values_list("columns", flat=True)
        .first()
    )
    suggested = mapping.suggest(kind_of(batch), sheet.headers, remembered)
    kept = batch_columns(batch)
    return {header: kept.get(header, field) for header, field in suggested.items()}


def batch_columns(batch: ImportBatch) -> dict[str, str]:
    """The mapping kept on the batch, in the file's column order (stored as ``[header, field]`` pairs:
    a PostgreSQL ``jsonb`` object would not keep the order)."""
    return dict(batch.columns or [])


def keep_columns(batch: ImportBatch, columns: dict[str, str]) -> None:
    """Keep ``columns`` (header → field, in the file's order) on the batch."""
    batch.columns = [[header, field] for header, field in columns.items()]
    batch.save(update_fields=["columns"])


def remember(batch: ImportBatch, columns: dict[str, str], user: Any) -> None:
    """Keep ``columns`` on the batch and as the department's mapping for this kind of file."""
    keep_columns(batch, {**batch_columns(batch), **columns})
    stored, _created = ColumnMapping.objects.get_or_create(department=batch.department, kind=batch.kind)
    stored.columns = {**stored.columns, **{header: field for header, field in columns.items() if field}}
    stored.updated_by = user if getattr(user, "is_authenticated", False) else None
    stored.save()


def _checked(batch: ImportBatch, progress: Progress | None = None) -> Checked:
    sheet = read(batch)
    columns = columns_for(batch, sheet)
    batch.columns = [[header, field] for header, field in columns.items()]  # saved with the preview
    problems = mapping.mapping_errors(kind_of(batch), columns)
    if problems:
        raise FileRejected("".join(problems))
    if progress:
        progress(0, len(sheet.rows), _("正在校验"))
    checked = check(kind_of(batch), sheet, columns, batch.unit, References.load())
    ignored = mapping.ignored_headers(columns)
    if ignored:
        checked.warnings.append(_("以下列未导入：%(headers)s") % {"headers": "、".join(ignored)})
    return checked


def preview(batch: ImportBatch, user: Any, progress: Progress | None = None) -> dict[str, Any]:
    """The dry run: check and plan the file, keep the summary and the error report on the batch."""
    try:
        checked = _checked(batch, progress)
    except FileRejected as rejected:
        _reject(batch, rejected.message)
        return batch.preview
    gathered, done = Summary(checked), 0
    for plan in plans(checked, user, batch.department):
        gathered.add(plan)
        done += len(plan.rows)
        if progress:
            progress(done, len(checked.rows), _("正在与库中数据比对"))
    batch.preview = gathered.as_dict()
    batch.preview["repeated"] = _earlier_import(batch)
    batch.status = ImportBatch.Status.INVALID if checked.problems else ImportBatch.Status.CHECKED
    batch.error = ""
    if checked.problems:
        batch.report.save(f"report-{batch.pk}.xlsx", ContentFile(error_workbook(checked)), save=False)
    batch.save(update_fields=["preview", "status", "error", "report", "columns"])
    return batch.preview


def _reject(batch: ImportBatch, message: str) -> None:
    batch.status, batch.error, batch.preview = ImportBatch.Status.INVALID, message, {"rejected": message}
    batch.save(update_fields=["status", "error", "preview"])


def _earlier_import(batch: ImportBatch) -> str:
    """When the same file was imported before, say when (re-importing it changes nothing)."""
    earlier = (
        ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.COMMITTED)
        .exclude(pk=batch.pk)
        .order_by("-committed_at")
        .first()
    )
    if earlier is None:
        return ""
    when = timezone.localtime(earlier.committed_at).strftime("%Y-%m-%d %H:%M")
    return _("同一文件已于 %(when)s 导入过（批次 #%(id)s）。") % {"when": when, "id": earlier.pk}


def commit(batch: ImportBatch, user: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Write the file in one transaction, or nothing: ``ImportRefused`` when any row has a problem."""
    try:
        checked = _checked(batch, progress)
    except FileRejected as rejected:
        _reject(batch, rejected.message)
        raise ImportRefused(rejected.message) from rejected
    if checked.problems:
        raise ImportRefused(_refusal(len(checked.problems)))
    total, done, changed = len(checked.rows), 0, set()
    gathered = Summary(checked)
    with transaction.atomic():
        for plan in plans(checked, user, batch.department, lock=True):
            if checked.problems:  # found against the stored data: leaving the block rolls back
                raise ImportRefused(_refusal(len(checked.problems)))
            changed |= write_plan(plan, reference=batch.reference, user=user)
            gathered.add(plan)
            done += len(plan.rows)
            if progress:
                progress(done, total, _("正在写入数据库"))
        if checked.problems:
            raise ImportRefused(_refusal(len(checked.problems)))
        if checked.kind.yearly:  # bulk writes send no signals: the list's keys of the changed years
            refresh_sort_keys(changed)
        result = _result(gathered, changed)
        _audit_summary(batch, result)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.COMMITTED, summary=result, committed_at=timezone.now(), error=""
        )
        _evaluate(changed)
    batch.refresh_from_db()
    return result


def _refusal(count: int) -> str:
    return _("文件中有 %(count)d 处错误，未写入任何数据：请下载错误报告修改后重新上传。") % {"count": count}


def _result(gathered: Summary, changed: set[int]) -> dict[str, Any]:
    evaluated = len(changed) <= conf.evaluate_limit()
    return {
        "rows": len(gathered.checked.rows),
        **gathered.counts,
        "enterprises": len(changed),
        "evaluation": "scheduled" if evaluated else "district",
    }


def _audit_summary(batch: ImportBatch, result: dict[str, Any]) -> None:
    """One entry for the whole import, beside the per-row entries the writer made."""
    audit.write(
        str(AuditAction.CREATE),
        model_label=ImportBatch._meta.label,
        object_id=batch.pk,
        object_repr=batch.reference,
        after={"file": batch.file_name, "kind": batch.kind, "department": batch.department, **result},
    )


def _evaluate(changed: set[int]) -> None:
    """Re-evaluate the changed enterprises after commit, unless there are too many (then the district
    evaluation job is the way)."""
    if getattr(settings, "GAOQI_AUTO_EVALUATE", True) and len(changed) <= conf.evaluate_limit():
        for enterprise_id in sorted(changed):
            schedule_evaluation(enterprise_id)

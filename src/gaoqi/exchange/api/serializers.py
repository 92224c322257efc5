"""Serializers of the import API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gaoqi.exchange.conf import SOURCE_CHOICES
from gaoqi.exchange.forms import UploadForm
from gaoqi.exchange.kinds import KIND_CHOICES
from gaoqi.exchange.models import UNIT_CHOICES, ImportBatch


class UploadSerializer(serializers.Serializer):
    """A file to import: kind, source department, money unit, and optionally the column mapping."""

    file = serializers.FileField(help_text=_("Excel（.xlsx）或 CSV（UTF-8 或 GB18030）"))
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    department = serializers.ChoiceField(choices=SOURCE_CHOICES)
    unit = serializers.ChoiceField(choices=UNIT_CHOICES, default="万元")
    columns = serializers.JSONField(
        required=False,
        binary=True,
        help_text=_(
            "列对应：{表头: 字段名}，字段名为空表示不导入该列；未列出的表头按本部门上次的设置和表头自动对应。"
        ),
    )

    def validate_file(self, upload: Any) -> Any:
        """The same checks as the upload page (type, emptiness, size limit) before anything parses it."""
        form = UploadForm(files={"file": upload}, data={})
        form.fields = {"file": form.fields["file"]}
        if not form.is_valid():
            raise serializers.ValidationError(form.errors["file"])
        return upload

    def validate_columns(self, value: Any) -> dict[str, str]:
        """A mapping of header text to field name."""
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise serializers.ValidationError(_("列对应应为 {表头: 字段名} 对象。"))
        return {str(header): field for header, field in value.items()}


class ImportBatchSerializer(serializers.ModelSerializer):
    """One import: what it is, its status, its preview (counts, problems, changes) and its result."""

    job_status = serializers.CharField(source="job.status", read_only=True, default=None)
    job_done = serializers.IntegerField(source="job.done", read_only=True, default=None)
    job_total = serializers.IntegerField(source="job.total", read_only=True, default=None)
    has_report = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = (
            "id",
            "kind",
            "department",
            "unit",
            "file_name",
            "size",
            "sha256",
            "columns",
            "status",
            "preview",
            "summary",
            "error",
            "has_report",
            "job",
            "job_status",
            "job_done",
            "job_total",
            "uploaded_by",
            "created_at",
            "committed_at",
        )
        read_only_fields = fields

    def get_has_report(self, batch: ImportBatch) -> bool:
        """Whether an Excel error report can be downloaded."""
        return bool(batch.report)

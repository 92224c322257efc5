"""The import API: every batch starts from ``ImportBatch.objects.for_user``; all actions need the
``data.import`` permission."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.exchange import pipeline
from gaoqi.exchange.api.serializers import ImportBatchSerializer, UploadSerializer
from gaoqi.exchange.models import ImportBatch
from gaoqi.exchange.reading import FileRejected
from gaoqi.exchange.tasks import commit_or_queue, preview_or_queue


class MayImport(permissions.BasePermission):
    """The ``data.import`` permission."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_perm(request.user, Perm.IMPORT_DATA)


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Upload a file (answered with its preview), follow its status, commit it, get its error report."""

    serializer_class = ImportBatchSerializer
    permission_classes = (permissions.IsAuthenticated, MayImport)
    parser_classes = (MultiPartParser, FormParser)

    def get_queryset(self) -> Any:
        return ImportBatch.objects.for_user(self.request.user).select_related("job")

    @extend_schema(request=UploadSerializer, responses={201: ImportBatchSerializer})
    def create(self, request: Request) -> Response:
        """Upload a file and run its preview (dry run; a large file is checked by a background job:
        follow ``status``); nothing is written until ``commit``."""
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            batch = pipeline.new_batch(
                data["file"],
                data["file"].name,
                kind=data["kind"],
                department=data["department"],
                unit=data["unit"],
                user=request.user,
            )
        except FileRejected as rejected:
            return Response({"file": [rejected.message]}, status=status.HTTP_400_BAD_REQUEST)
        if "columns" in data:
            pipeline.remember(batch, data["columns"], request.user)
        preview_or_queue(batch, request.user)
        batch.refresh_from_db()
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: ImportBatchSerializer,
            202: ImportBatchSerializer,
            409: OpenApiResponse(description="有错误，未写入"),
        },
    )
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str) -> Response:
        """Write the previewed file (all rows or none); a large file becomes a background job (202)."""
        batch = self.get_object()
        if batch.status != ImportBatch.Status.CHECKED:
            detail = batch.error or _("请先预览并确认没有错误后再导入。")
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        try:
            job = commit_or_queue(batch, request.user)
        except pipeline.ImportRefused as refused:
            return Response({"detail": refused.message}, status=status.HTTP_409_CONFLICT)
        if job is not None:
            return Response(self.get_serializer(self.get_object()).data, status=status.HTTP_202_ACCEPTED)
        return Response(self.get_serializer(batch).data)

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY
        }
    )
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str) -> FileResponse:
        """The Excel error report: the file's rows plus an error column (404 when the file had none)."""
        batch = self.get_object()
        if not batch.report:
            raise Http404
        return FileResponse(batch.report.open("rb"), as_attachment=True, filename=f"report-{batch.pk}.xlsx")

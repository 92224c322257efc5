"""Monitoring API: the user's alerts (read/unread), 双清零 progress by town, town scores of a year."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.enterprises.api.views import Pages
from gaoqi.monitoring.alerts import inbox, mark_all_read, mark_read
from gaoqi.monitoring.api.serializers import AlertSerializer, town_progress_data, town_score_data
from gaoqi.monitoring.double_zero import town_progress
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.targets import town_scores
from gaoqi.monitoring.views.common import year_param

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description=gettext_lazy("年度（默认今年）"))


class ViewsDashboard(permissions.BasePermission):
    """District figures need ``dashboard.view``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_perm(request.user, Perm.VIEW_DASHBOARD)


@extend_schema(
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=Alert.Kind.values),
        OpenApiParameter("state", OpenApiTypes.STR, enum=["unread", "read"]),
    ]
)
class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The alerts the user receives; ``read`` marks one, ``read-all`` every one (of ``kind``)."""

    serializer_class = AlertSerializer
    pagination_class = Pages
    permission_classes = (permissions.IsAuthenticated,)

    def get_queryset(self) -> QuerySet[Alert]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Alert.objects.none()
        alerts = inbox(self.request.user).order_by("-raised_on", "-pk")
        kind, state = self.request.query_params.get("kind"), self.request.query_params.get("state")
        if kind:
            alerts = alerts.filter(kind=kind)
        if state in ("read", "unread"):
            alerts = alerts.filter(is_read=state == "read")
        return alerts

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark this alert read."""
        alert = self.get_object()
        return Response({"marked": mark_read(request.user, Alert.objects.filter(pk=alert.pk))})

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every alert (of ``kind`` when given) read."""
        return Response({"marked": mark_all_read(request.user, request.query_params.get("kind", ""))})


class DoubleZeroView(APIView):
    """双清零 progress of ``year`` (default this year) by town, within the user's towns."""

    permission_classes = (ViewsDashboard,)

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)], responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request: Request) -> Response:
        year = year_param(request)
        rows = town_progress(year, user=request.user)
        return Response({"year": year, "towns": [town_progress_data(row) for row in rows]})


class TownScoresView(APIView):
    """Town scores and ranks of a year (科技进步目标责任制考核)."""

    permission_classes = (ViewsDashboard,)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, year: int) -> Response:
        scores = town_scores(year, user=request.user)
        return Response({"year": year, "towns": [town_score_data(entry) for entry in scores]})

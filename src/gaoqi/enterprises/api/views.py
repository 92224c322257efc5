"""API viewsets. Every queryset starts from ``for_user(request.user)``; writes need ``can_edit``."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, filters, mixins, pagination, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from gaoqi.core.audit import enterprise_history
from gaoqi.core.scopes import can_edit
from gaoqi.enterprises.api import serializers
from gaoqi.enterprises.api.permissions import EnterpriseFilePermission
from gaoqi.enterprises.filters import EnterpriseFilterForm, with_latest_evaluation
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear, IPAsset
from gaoqi.enterprises.models.assets import EnterpriseRow

LATEST_FIELDS = ("hnte_verdict", "tech_sme_verdict", "tier", "score_min", "score_max")


class Pages(pagination.PageNumberPagination):
    """Numbered pages of 50 rows; ``page_size`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _params(lookups: Mapping[str, str]) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, OpenApiTypes.STR, description=lookup) for name, lookup in lookups.items()]


def filter_exact(queryset: QuerySet, params: Mapping[str, str], lookups: Mapping[str, str]) -> QuerySet:
    """Narrow ``queryset`` by each query parameter given in ``lookups`` (parameter → ORM lookup)."""
    for name, lookup in lookups.items():
        value = params.get(name, "")
        if value == "":
            continue
        try:
            queryset = queryset.filter(**{lookup: value})
        except (ValueError, TypeError) as error:
            raise exceptions.ValidationError({name: _("无效的取值：%(value)s") % {"value": value}}) from error
    return queryset


ENTERPRISE_FILTER_PARAMS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=str(field.label))
    for name, field in EnterpriseFilterForm.base_fields.items()
]


@extend_schema_view(list=extend_schema(parameters=ENTERPRISE_FILTER_PARAMS))
class EnterpriseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Enterprises in the user's scope: filters as on the list page, ``ordering``, pages; updates need
    the ``version`` read (409 on conflict)."""

    permission_classes = (EnterpriseFilePermission,)
    pagination_class = Pages
    filter_backends = (filters.OrderingFilter,)
    ordering_fields = ("name", "uscc", "registered_on", "town__sort_order", "latest_score_max")
    ordering = ("name",)

    def get_queryset(self) -> QuerySet[Enterprise]:
        queryset = with_latest_evaluation(Enterprise.objects.for_user(self.request.user))
        queryset = queryset.select_related("town", "tech_field", "segment").annotate(
            **{f"latest_{name}": F(f"latest__{name}") for name in LATEST_FIELDS}
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("fiscal_years", FiscalYear.objects.order_by("year"))
            )
        if self.action != "list":
            return queryset
        form = EnterpriseFilterForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        return form.apply(queryset)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve":
            return serializers.EnterpriseDetailSerializer
        if self.action == "history":
            return serializers.HistoryEntrySerializer
        return serializers.EnterpriseSerializer

    @extend_schema(responses=serializers.HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The recorded changes of this enterprise's file, newest first."""
        page = self.paginate_queryset(enterprise_history(self.get_object().pk))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class EnterpriseRowViewSet(viewsets.GenericViewSet):
    """Rows of the enterprise file, scoped through their enterprise, filtered by ``row_filters`` and
    sorted by ``row_order``."""

    permission_classes = (EnterpriseFilePermission,)
    pagination_class = Pages
    row_model: type[EnterpriseRow] | type[FiscalYear] | type[Evaluation]
    row_filters: Mapping[str, str] = {}
    row_order: tuple[str, ...] = ("enterprise_id", "id")

    def get_queryset(self) -> QuerySet:
        queryset = self.row_model.objects.for_user(self.request.user).select_related("enterprise__town")
        return filter_exact(queryset, self.request.query_params, self.row_filters).order_by(*self.row_order)


FISCAL_FILTERS = {"enterprise": "enterprise_id", "uscc": "enterprise__uscc", "year": "year"}


@extend_schema_view(list=extend_schema(parameters=_params(FISCAL_FILTERS)))
class FiscalYearViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    EnterpriseRowViewSet,
):
    """Indicators per fiscal year (money in 万元); create and update where the file may be edited."""

    row_model = FiscalYear
    row_filters = FISCAL_FILTERS
    row_order = ("enterprise_id", "year")
    serializer_class = serializers.FiscalYearSerializer

    def perform_create(self, serializer: BaseSerializer) -> None:
        if not can_edit(self.request.user, serializer.validated_data["enterprise"]):
            self.permission_denied(self.request, message=EnterpriseFilePermission.message)
        serializer.save()


IP_FILTERS = {"enterprise": "enterprise_id", "uscc": "enterprise__uscc", "kind": "kind", "status": "status"}


@extend_schema_view(list=extend_schema(parameters=_params(IP_FILTERS)))
class IPAssetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EnterpriseRowViewSet):
    """Intellectual property of the enterprises in scope."""

    row_model = IPAsset
    row_filters = IP_FILTERS
    serializer_class = serializers.IPAssetSerializer


CERTIFICATE_FILTERS = {"enterprise": "enterprise_id", "uscc": "enterprise__uscc", "kind": "kind"}


@extend_schema_view(list=extend_schema(parameters=_params(CERTIFICATE_FILTERS)))
class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EnterpriseRowViewSet):
    """Certificates and registrations of the enterprises in scope."""

    row_model = Certificate
    row_filters = CERTIFICATE_FILTERS
    serializer_class = serializers.CertificateSerializer


EVALUATION_FILTERS = {
    "enterprise": "enterprise_id",
    "uscc": "enterprise__uscc",
    "hnte_verdict": "hnte_verdict",
    "tier": "tier",
}


@extend_schema_view(list=extend_schema(parameters=_params(EVALUATION_FILTERS)))
class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EnterpriseRowViewSet):
    """The latest evaluation of each enterprise in scope; the detail carries the engine's full result."""

    row_model = Evaluation
    row_filters = EVALUATION_FILTERS
    row_order = ("enterprise_id",)

    def get_queryset(self) -> QuerySet[Evaluation]:
        queryset = super().get_queryset().filter(is_latest=True)
        return queryset.defer("result") if self.action == "list" else queryset

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve":
            return serializers.EvaluationDetailSerializer
        return serializers.EvaluationSerializer

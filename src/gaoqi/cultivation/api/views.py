"""Read-only API of cultivation: the latest screening results and the pool, scoped by ``for_user``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import permissions, viewsets
from rest_framework.request import Request

from gaoqi.accounts.permissions import Perm, has_perm
from gaoqi.cultivation.api.serializers import PoolEntrySerializer, ScreeningResultSerializer
from gaoqi.cultivation.models import PoolEntry, ScreeningResult
from gaoqi.cultivation.screening import latest_run
from gaoqi.enterprises.api.views import Pages, filter_exact


class _Holds(permissions.BasePermission):
    """The user holds the view's ``perm``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_perm(request.user, view.perm)


class ScreeningResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The latest run's results in rank order; filters ``town`` (code), ``tier``, ``verdict``, ``flipped``."""

    serializer_class = ScreeningResultSerializer
    permission_classes = (_Holds,)
    perm = Perm.VIEW_DASHBOARD
    pagination_class = Pages
    lookups: ClassVar[dict[str, str]] = {
        "town": "enterprise__town__code",
        "tier": "tier",
        "verdict": "hnte_verdict",
        "flipped": "flipped",
    }

    def get_queryset(self) -> QuerySet[ScreeningResult]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ScreeningResult.objects.none()
        run = latest_run()
        results = ScreeningResult.objects.for_user(self.request.user).filter(run=run)
        results = results.select_related("run", "enterprise__town").order_by("rank")
        params = self.request.query_params.copy()
        if "flipped" in params:
            params["flipped"] = str(params["flipped"].lower() in ("1", "true"))
        return filter_exact(results, params, self.lookups)


class PoolEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Pool entries with their plans and visits; filter ``year``."""

    serializer_class = PoolEntrySerializer
    permission_classes = (_Holds,)
    perm = Perm.VIEW_ENTERPRISES
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[PoolEntry]:
        entries = PoolEntry.objects.for_user(self.request.user).select_related("enterprise", "owner")
        entries = entries.prefetch_related("actions", "visits").order_by("-year", "enterprise__name")
        return filter_exact(entries, self.request.query_params, {"year": "year"})

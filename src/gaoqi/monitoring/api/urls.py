"""API routes of the monitoring app (under ``/api/monitoring/``)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from gaoqi.monitoring.api import views

router = DefaultRouter()
router.register("monitoring/alerts", views.AlertViewSet, basename="alert")

urlpatterns = [
    path("monitoring/double-zero/", views.DoubleZeroView.as_view(), name="monitoring-double-zero"),
    path("monitoring/town-scores/<int:year>/", views.TownScoresView.as_view(), name="monitoring-town-scores"),
    *router.urls,
]

"""API routes of cultivation."""

from rest_framework.routers import DefaultRouter

from gaoqi.cultivation.api import views

router = DefaultRouter()
router.register("screening-results", views.ScreeningResultViewSet, basename="screening-result")
router.register("pool-entries", views.PoolEntryViewSet, basename="pool-entry")

urlpatterns = router.urls

"""API routes of the imports."""

from rest_framework.routers import DefaultRouter

from gaoqi.exchange.api import views

router = DefaultRouter()
router.register("imports", views.ImportBatchViewSet, basename="import")

urlpatterns = router.urls

"""API routes of the enterprise file."""

from rest_framework.routers import DefaultRouter

from gaoqi.enterprises.api import views

router = DefaultRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("fiscal-years", views.FiscalYearViewSet, basename="fiscal-year")
router.register("ip-assets", views.IPAssetViewSet, basename="ip-asset")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls

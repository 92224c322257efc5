"""URL configuration: each app mounts its own ``urls.py``."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("gaoqi.accounts.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("gaoqi.api_urls")),
    path("audit/", include("gaoqi.core.audit_urls")),
    path("cultivation/", include("gaoqi.cultivation.urls")),
    path("dashboard/", include("gaoqi.dashboard.urls")),
    path("enterprises/", include("gaoqi.enterprises.urls")),
    path("imports/", include("gaoqi.exchange.urls")),
    path("jobs/", include("gaoqi.jobs.urls")),
    path("monitoring/", include("gaoqi.monitoring.urls")),
    path("", include("gaoqi.core.urls")),
]

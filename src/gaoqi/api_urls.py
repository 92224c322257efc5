"""The REST API under ``/api/``: one include per app's ``api/urls.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("gaoqi.cultivation.api.urls")),
    path("", include("gaoqi.enterprises.api.urls")),
    path("", include("gaoqi.exchange.api.urls")),
    path("", include("gaoqi.monitoring.api.urls")),
]

"""Dashboard, reports and policy impact pages."""

from django.urls import path

from gaoqi.dashboard import impact_views, reports, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("refresh/", views.refresh, name="refresh"),
    path("export/<str:key>.xlsx", views.export_table, name="export"),
    path("report.pdf", reports.quarterly_pdf, name="quarterly_pdf"),
    path("enterprise/<str:uscc>.pdf", reports.enterprise_pdf, name="enterprise_pdf"),
    path("impact/", impact_views.impact_form, name="impact"),
    path("impact/<int:pk>/", impact_views.impact_result, name="impact_result"),
    path("impact/<int:pk>/flips.xlsx", impact_views.impact_export, name="impact_export"),
]

"""Job pages."""

from django.urls import path

from gaoqi.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("evaluate/", views.start_evaluation, name="evaluate"),
    path("export/<slug:source>/", views.start_export, name="export"),
    path("export/<slug:source>/download/", views.export_now, name="export_now"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/download/", views.job_download, name="download"),
    path("<int:pk>/rerun/", views.job_rerun, name="rerun"),
    path("<int:pk>/cancel/", views.job_cancel, name="cancel"),
]

"""Import pages."""

from django.urls import path

from gaoqi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("templates/<slug:kind>/", views.template, name="template"),
    path("sources/<str:uscc>/", views.sources, name="sources"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/panel/", views.panel, name="panel"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/report/", views.report, name="report"),
]

"""Core pages: the home page (workbench)."""

from django.urls import path

from gaoqi.core import views

app_name = "core"
urlpatterns = [path("", views.home, name="home")]

"""Cultivation pages: screening, the pool (培育库) and tiers (梯度培育)."""

from django.urls import path

from gaoqi.cultivation import views

app_name = "cultivation"
urlpatterns = [
    path("", views.pool_list, name="pool"),
    path("screening/", views.screening, name="screening"),
    path("screening/run/", views.start_screening, name="screening_run"),
    path("screening/export/", views.screening_export, name="screening_export"),
    path("screening/runs/<int:pk>/changes/", views.run_changes, name="run_changes"),
    path("screening/results/<int:pk>/", views.result_detail, name="result"),
    path("pool/add/", views.pool_add, name="pool_add"),
    path("pool/<int:pk>/", views.entry_detail, name="entry"),
    path("pool/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("pool/<int:pk>/exit/", views.entry_exit, name="entry_exit"),
    path("pool/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("pool/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("tiers/", views.tier_overview, name="tiers"),
    path("tiers/export/", views.tiers_export, name="tiers_export"),
    path("tiers/targets/new/", views.target_edit, name="target_new"),
    path("tiers/targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
]

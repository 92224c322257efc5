"""Monitoring pages: the alert inbox, 双清零 and town targets, each its own namespace (for the navigation)."""

from django.urls import include, path

from gaoqi.monitoring.views import alerts, double_zero, targets

alert_patterns = [
    path("", alerts.inbox_page, name="inbox"),
    path("<int:pk>/read/", alerts.read_alert, name="read"),
    path("read-all/", alerts.read_all, name="read_all"),
    path("run/", alerts.run_now, name="run"),
]
double_zero_patterns = [
    path("", double_zero.overview, name="overview"),
    path("list/<str:which>/", double_zero.list_page, name="list"),
    path("list/<str:which>/export/", double_zero.export, name="export"),
    path("list/<str:which>/cleared/", double_zero.cleared, name="cleared"),
    path("baseline/", double_zero.baseline, name="baseline"),
    path("enterprise/<int:pk>/actions/", double_zero.actions, name="actions"),
    path("actions/<int:pk>/", double_zero.action_edit, name="action_edit"),
]
target_patterns = [
    path("", targets.ranking, name="ranking"),
    path("export/", targets.export_ranking, name="export"),
    path("<int:year>/edit/", targets.edit_targets, name="edit"),
    path("<int:year>/import/", targets.import_targets, name="import"),
    path("<int:year>/<str:town>/<str:indicator>/", targets.drill_down, name="drill_down"),
]

app_name = "monitoring"
urlpatterns = [
    path("alerts/", include((alert_patterns, "alerts"))),
    path("double-zero/", include((double_zero_patterns, "double_zero"))),
    path("targets/", include((target_patterns, "targets"))),
]

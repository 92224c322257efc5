"""Enterprise file pages."""

from django.urls import path

from gaoqi.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export/", views.enterprise_export, name="export"),
    path("<str:uscc>/", views.enterprise_detail, name="detail"),
    path("<str:uscc>/plan/", views.enterprise_plan, name="plan"),
    path("<str:uscc>/edit/", views.enterprise_edit, name="edit"),
    path("<str:uscc>/years/new/", views.fiscal_year_create, name="year_create"),
    path("<str:uscc>/years/<int:year>/edit/", views.fiscal_year_edit, name="year_edit"),
    path("<str:uscc>/holdings/<slug:kind>/new/", views.holding_create, name="holding_create"),
    path("<str:uscc>/holdings/<slug:kind>/<int:pk>/edit/", views.holding_edit, name="holding_edit"),
    path("<str:uscc>/holdings/<slug:kind>/<int:pk>/delete/", views.holding_delete, name="holding_delete"),
    path("<str:uscc>/attachments/", views.attachment_panel, name="attachments"),
    path("<str:uscc>/attachments/upload/", views.attachment_upload, name="attachment_upload"),
    path("<str:uscc>/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<str:uscc>/attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]

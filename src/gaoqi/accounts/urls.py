"""Log in and out; the bureau admin's user management."""

from django.contrib.auth import views as auth_views
from django.urls import path

from gaoqi.accounts import views
from gaoqi.accounts.forms import ThrottledLoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledLoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_toggle_active, name="user_toggle_active"),
]

"""Enterprise file pages."""

app_name = "enterprises"
urlpatterns: list = []

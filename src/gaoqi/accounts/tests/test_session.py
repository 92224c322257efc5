"""Session security: an HTTP-only, same-site cookie that ends with the browser and changes at login."""

import pytest

from gaoqi.accounts.models import Role, User


@pytest.mark.django_db
def test_login_issues_a_fresh_http_only_same_site_session_cookie(client, settings):
    User.objects.create_user("li.lei", password="correct-horse-42", role=Role.LEADER)
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "planted-session-id"
    client.post("/accounts/login/", {"username": "li.lei", "password": "correct-horse-42"})
    cookie = client.cookies["sessionid"]
    assert cookie.value != "planted-session-id"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600

"""The demo serves with DEBUG off: Chinese error pages instead of Django's technical pages."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from gaoqi.accounts.models import Role, User
from gaoqi.demo.management.commands.demo import use_demo_serving_settings


@pytest.fixture
def production_like(settings):
    """The demo's serving settings, restored after the test by pytest-django's ``settings``."""
    settings.DEBUG = True  # as the development settings start
    settings.ALLOWED_HOSTS = ["testserver"]
    use_demo_serving_settings()
    return settings


def test_the_demo_turns_debug_off_and_accepts_the_loopback_names(production_like):
    assert django_settings.DEBUG is False
    assert {"127.0.0.1", "localhost", "testserver"} <= set(django_settings.ALLOWED_HOSTS)


@pytest.mark.django_db
def test_an_unknown_address_shows_the_chinese_404_page(client, production_like):
    client.force_login(User.objects.create_user("officer", role=Role.BUREAU_OFFICER))
    response = client.get("/no-such-page/", HTTP_HOST="localhost")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在，或不在您的数据权限范围内" in page
    assert "URLconf" not in page and "Page not found" not in page


@pytest.mark.django_db
def test_a_refused_page_shows_the_chinese_403_page(client, production_like):
    client.force_login(User.objects.create_user("leader", role=Role.LEADER))
    response = client.get(reverse("enterprises:edit", args=["91330603MA2BXXXX0X"]))
    assert response.status_code == 403
    assert "您的角色无权访问该页面" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_static_file_gets_the_chinese_404_page_not_an_error(production_like):
    handler = StaticFilesHandler(WSGIHandler())  # what runserver --insecure serves static files with
    response = handler.get_response(RequestFactory().get("/static/no-such-file.css"))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_500_page_renders_in_chinese_without_context():
    page = render_to_string("500.html")
    assert "服务器暂时无法处理该请求" in page and 'lang="zh-hans"' in page

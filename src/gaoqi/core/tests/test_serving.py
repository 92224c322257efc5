"""Serving: the WSGI application is warmed before its first request without touching the database, the
recommended gunicorn configuration serves pages, and a shared cache (``GAOQI_CACHE_URL``) holds the
sessions while the database stays their record."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gaoqi.accounts.models import Role, User

REDIS_URL = "redis://127.0.0.1:6379/15"


def _environment(**changes: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "GAOQI_CACHE_URL"}
    environment.update(changes, DJANGO_SETTINGS_MODULE="gaoqi.config.settings")
    return environment


def _in_a_new_process(code: str, **environment: str) -> str:
    """The output of ``code`` run after ``django.setup()`` in a new process with ``environment`` changed."""
    command = [sys.executable, "-c", "import django; django.setup(); " + code]
    run = subprocess.run(command, env=_environment(**environment), capture_output=True, text=True, check=True)
    return run.stdout.strip()


def test_the_wsgi_application_is_warmed_at_import_without_a_database_connection():
    code = (
        "import sys, gaoqi.config.wsgi; from django.db import connections;"
        "from django.urls import get_resolver;"
        "print(connections['default'].connection is None, get_resolver()._populated,"
        " 'gaoqi.enterprises.views' in sys.modules)"
    )
    assert _in_a_new_process(code) == "True True True"


def test_sessions_stay_in_the_database_alone_without_a_cache_url():
    code = "from django.conf import settings as s; print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'])"
    engine, cache = _in_a_new_process(code).split()
    assert engine == "django.contrib.sessions.backends.db"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_selects_a_shared_redis_cache_that_holds_the_sessions():
    code = "from django.conf import settings as s; print(s.SESSION_ENGINE, s.CACHES['default'])"
    engine, cache = _in_a_new_process(code, GAOQI_CACHE_URL=REDIS_URL).split(" ", 1)
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert "RedisCache" in cache and REDIS_URL in cache


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_recommended_gunicorn_configuration_serves_the_login_page(tmp_path: Path):
    port = _free_port()
    environment = _environment(
        GAOQI_BIND=f"127.0.0.1:{port}",
        GAOQI_WEB_WORKERS="1",
        GAOQI_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config=python:gaoqi.config.gunicorn"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert answer.status == 200 and "登录" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_sessions_in_redis_are_read_without_a_query_and_end_everywhere_at_logout(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"gaoqi-test-{os.getpid()}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(User.objects.create_user("officer", role=Role.BUREAU_OFFICER))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("jobs:list")).status_code == 200
    assert queries.captured_queries
    assert not any("django_session" in query["sql"] for query in queries.captured_queries)

    same_user_elsewhere = Client()
    cookie = django_settings.SESSION_COOKIE_NAME
    same_user_elsewhere.cookies[cookie] = client.cookies[cookie].value
    assert same_user_elsewhere.get(reverse("jobs:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert same_user_elsewhere.get(reverse("jobs:list")).status_code == 302

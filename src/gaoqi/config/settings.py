"""Settings, read from the environment.

``DATABASE_URL`` selects the database (default: an SQLite file under ``var/``); PostgreSQL is production.
``GAOQI_CACHE_URL`` (e.g. ``redis://127.0.0.1:6379/0``) selects a cache shared by every process of the
deployment, which then also holds the sessions (default: none shared, sessions in the database alone).
``GAOQI_SECRET_KEY``, ``GAOQI_DEBUG``, ``GAOQI_ALLOWED_HOSTS`` and ``GAOQI_REGION`` do what they say.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("GAOQI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("GAOQI_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("GAOQI_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = os.environ.get("GAOQI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
GAOQI_REGION = os.environ.get("GAOQI_REGION", "keqiao")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gaoqi.core",
    "gaoqi.accounts",
    "gaoqi.reference",
    "gaoqi.enterprises",
    "gaoqi.demo",
    "django_tasks",
    "django_tasks_db",
    "gaoqi.jobs",
    "gaoqi.exchange",
    "gaoqi.cultivation",
    "gaoqi.monitoring",
    "gaoqi.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gaoqi.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gaoqi.config.urls"
WSGI_APPLICATION = "gaoqi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gaoqi.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache, when the deployment has one: sessions are then read from it (one query less on every
# page) and still written through to the database, so a lost cache logs nobody out. Without one, each
# process keeps Django's private memory cache, which must not hold sessions (a logout in one worker
# would not reach the others).
GAOQI_CACHE_URL = os.environ.get("GAOQI_CACHE_URL", "")
if GAOQI_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GAOQI_CACHE_URL,
            "KEY_PREFIX": "gaoqi",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # workers: docs/workers.md

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gaoqi.accounts.validators.LettersAndDigitsValidator"},
]
AUTHENTICATION_BACKENDS = ["gaoqi.accounts.backends.ThrottledModelBackend"]
GAOQI_LOGIN_MAX_FAILURES = 5
GAOQI_LOGIN_WINDOW_MINUTES = 15
GAOQI_LOGIN_LOCK_MINUTES = 15

# Audit: models whose changes are recorded ("app_label" or "app_label.Model"), and those left out.
GAOQI_AUDITED_MODELS = [
    "enterprises",
    "accounts.User",
    "cultivation.PoolEntry",
    "cultivation.PlanAction",
    "cultivation.Visit",
    "cultivation.DoublingTarget",
    "monitoring.DoubleZeroAction",
    "monitoring.DoubleZeroBaseline",
    "monitoring.TownTarget",
]
GAOQI_AUDIT_EXCLUDED_MODELS = ["enterprises.Evaluation", "enterprises.FieldSource"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "src" / "gaoqi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [VAR_DIR / "vendor"]
(VAR_DIR / "vendor").mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gaoqi 高企培育平台 API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "gaoqi.enterprises.models.results.Evaluation.Verdict",
        "ImportKindEnum": "gaoqi.exchange.kinds.KIND_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GAOQI_LOG_LEVEL", "WARNING")},
}

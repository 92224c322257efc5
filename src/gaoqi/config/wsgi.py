"""WSGI entry point, warmed up before it serves.

Django imports the URLconf (every app's views), indexes the URL names and loads the translation
catalogues lazily, on a process's first request: about half a second of CPU. ``warm_up`` does that
when the application is loaded instead; under gunicorn with ``preload_app`` (``gaoqi.config.gunicorn``)
the master does it once and every worker is forked ready.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoqi.config.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import every URLconf, index the URL names in the default language, compile the page shell.

    Opens no database connection (a connection made before gunicorn forks would be shared)."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        get_resolver().reverse_dict  # noqa: B018 (building the index is the point)
        get_template("base.html")


warm_up()

"""The recommended gunicorn configuration: ``gunicorn -c python:gaoqi.config.gunicorn``.

Read from the environment: ``GAOQI_BIND`` (default ``127.0.0.1:8000``; a reverse proxy in front serves
``/static/`` and passes the rest here) and ``GAOQI_WEB_WORKERS`` (default: two per core plus one, see
docs/platform-design.md "Serving"). Command-line options override both.

Sync workers, one request at a time each: a page is CPU work in Django and PostgreSQL, so threads would
only share the interpreter lock. ``preload_app`` loads and warms the application once in the master
(``gaoqi.config.wsgi.warm_up``): workers are forked ready instead of each importing Django and every
view on its first request (about 1.4 s of CPU per worker), and the objects it made are frozen out of
the garbage collector's reach (``gc.freeze``) so that the workers' collections skip them: a full
collection of a warmed worker otherwise walks some 140,000 objects (75 ms of CPU at load average 9).
"""

import gc
import os

wsgi_app = "gaoqi.config.wsgi:application"
bind = [os.environ.get("GAOQI_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GAOQI_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
preload_app = True


def pre_fork(server: object, worker: object) -> None:
    """Before each worker is forked: move the master's objects to the collector's permanent generation."""
    gc.freeze()

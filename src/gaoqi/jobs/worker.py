"""Running the database backend's worker: in a process (``gaoqi worker``) or in a thread (the demo)."""

from __future__ import annotations

import threading

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from gaoqi.jobs.recovery import sweep_interrupted


def make_worker(*, batch: bool = False, interval: float = 1.0, queues: str = "default") -> Worker:
    """A worker of the default database backend over ``queues`` (comma-separated, ``*`` for all)."""
    return Worker(
        queue_names=queues.split(","),
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_pending() -> None:
    """Run every queued job in this thread, then return (for tests and scripts)."""
    sweep_interrupted()
    make_worker(batch=True, interval=0).run()


def start_background_worker(interval: float = 1.0) -> threading.Thread:
    """Start a worker in a daemon thread of this process (the demo server runs jobs this way)."""
    sweep_interrupted()
    thread = threading.Thread(target=make_worker(interval=interval).run, name="gaoqi-job-worker", daemon=True)
    thread.start()
    return thread

"""Running the database backend's worker: in a process (``gaoqi worker``) or in a thread (the demo)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection
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


@dataclass
class BackgroundWorker:
    """A worker running in a daemon thread of this process."""

    worker: Worker
    thread: threading.Thread

    def stop(self, timeout: float | None = None) -> None:
        """Let the running job finish, then end the thread."""
        self.worker.running = False
        self.thread.join(timeout)


def start_background_worker(interval: float = 1.0) -> BackgroundWorker:
    """Start a worker in a daemon thread of this process (the demo server runs jobs this way)."""
    sweep_interrupted()
    worker = make_worker(interval=interval)
    thread = threading.Thread(target=_serve, args=(worker,), name="gaoqi-job-worker", daemon=True)
    thread.start()
    return BackgroundWorker(worker, thread)


def _serve(worker: Worker) -> None:
    try:
        worker.run()
    finally:
        connection.close()

"""Running the database backend's worker: in a process (``gaoqi worker``) or in a thread (the demo),
with the daily schedule's clock beside it (``gaoqi.jobs.scheduler``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from gaoqi.jobs.recovery import sweep_interrupted
from gaoqi.jobs.scheduler import Clock, ScheduleClock


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
    """Run every queued job in this thread, then return (for tests and scripts; no daily schedule)."""
    sweep_interrupted()
    make_worker(batch=True, interval=0).run()


@dataclass
class BackgroundWorker:
    """A worker running in a daemon thread of this process."""

    worker: Worker
    thread: threading.Thread
    clock: ScheduleClock | None

    def stop(self, timeout: float | None = None) -> None:
        """Stop the schedule's clock, let the running job finish, then end the thread."""
        if self.clock is not None:
            self.clock.stop()
        self.worker.running = False
        self.thread.join(timeout)


def start_background_worker(
    interval: float = 1.0, *, schedule: bool = True, now: Clock = timezone.now
) -> BackgroundWorker:
    """Start a worker in a daemon thread of this process (the demo server runs jobs this way), with the
    daily schedule (its due jobs queued now, in this thread, then checked every minute) unless ``schedule``
    is false."""
    sweep_interrupted()
    clock = ScheduleClock(now) if schedule else None
    if clock is not None:
        clock.start()
    worker = make_worker(interval=interval)
    thread = threading.Thread(target=_serve, args=(worker,), name="gaoqi-job-worker", daemon=True)
    thread.start()
    return BackgroundWorker(worker, thread, clock)


def _serve(worker: Worker) -> None:
    try:
        worker.run()
    finally:
        connection.close()

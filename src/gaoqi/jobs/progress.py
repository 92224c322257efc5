"""``JobProgress``: cheap progress reports and a heartbeat, written beside the job's own work.

The writes happen in a helper thread with its own database connection, each one a short autocommit
``UPDATE``, so the job page sees them while the job's main work runs in another transaction. On
PostgreSQL that is always so; on SQLite, which has one writer at a time, a report made while the job
holds a write transaction is kept and written after it commits (so commit in steps there).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from gaoqi.jobs.errors import JobCancelled
from gaoqi.jobs.models import Job

logger = logging.getLogger(__name__)

SQLITE_BUSY_MS = 250


def heartbeat_seconds() -> float:
    """How often a running job proves it is alive (``GAOQI_JOB_HEARTBEAT_SECONDS``, default 5)."""
    return float(getattr(settings, "GAOQI_JOB_HEARTBEAT_SECONDS", 5))


class JobProgress:
    """Progress of one running job: ``update(done, total, message)`` as often as you like.

    At most one write every ``interval`` seconds (``GAOQI_JOB_PROGRESS_SECONDS``, default 0.5), plus one
    when the stage message changes and one at the end; a heartbeat every ``heartbeat_seconds()`` even
    when the job reports nothing. ``update`` raises ``JobCancelled`` once a cancel was requested.
    Use as a context manager (the executor does it for you).
    """

    def __init__(self, job_id: int, *, interval: float | None = None) -> None:
        self.job_id = job_id
        self.interval = float(
            interval if interval is not None else getattr(settings, "GAOQI_JOB_PROGRESS_SECONDS", 0.5)
        )
        self.done = 0
        self.total: int | None = None
        self.message = ""
        self._lock = threading.Lock()
        self._dirty = False
        self._last_signal = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-progress", daemon=True)

    def __enter__(self) -> JobProgress:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Record that ``done`` of ``total`` items are finished, optionally at a new stage ``message``."""
        if self._cancelled.is_set():
            raise JobCancelled
        with self._lock:
            new_stage = message is not None and message != self.message
            self.done = done
            if total is not None:
                self.total = total
            if message is not None:
                self.message = message
            self._dirty = True
        now = time.monotonic()
        finished = self.total is not None and done >= self.total
        if new_stage or finished or now - self._last_signal >= self.interval:
            self._last_signal = now
            self._wake.set()

    def close(self) -> None:
        """Write the last report and stop the helper thread."""
        if self._thread.is_alive():
            self._stop.set()
            self._wake.set()
            self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                self._wake.wait(timeout=heartbeat_seconds())
                self._wake.clear()
                stopping = self._stop.is_set()
                self._write()
                if stopping:
                    return
        finally:
            connection.close()

    def _write(self) -> None:
        with self._lock:
            fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
            if self._dirty:
                fields.update(done=self.done, total=self.total, stage=self.message[:200])
            self._dirty = False
        try:
            _limit_waiting()
            Job.objects.filter(pk=self.job_id).update(**fields)
            if Job.objects.filter(pk=self.job_id, cancel_requested=True).exists():
                self._cancelled.set()
        except DatabaseError:
            logger.info("progress of job %s not written (database busy); retrying", self.job_id)
            with self._lock:
                self._dirty = self._dirty or "done" in fields


def _limit_waiting() -> None:
    """On SQLite, wait only briefly for the write lock: a report is retried, the job must not stall."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")

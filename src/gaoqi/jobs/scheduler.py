"""The built-in daily schedule: job kinds the worker queues by itself once a day at a local time.

Each app lists its daily jobs in ``<app>/schedule.py`` (imported in every process by this app's
``ready``) with ``daily_job(name, label, kind, at, params)``. The time of day (``TIME_ZONE``, so
Asia/Shanghai) comes from the setting or environment variable ``GAOQI_SCHEDULE_<NAME>_AT`` when set
(``02:00``; ``off`` turns the job off), else from the registration.

A worker calls ``queue_due_jobs(now)`` when it starts and then once a minute (``ScheduleClock``). A
job is due from its time of day until the end of that local day, so a worker started late still
queues today's run; an earlier day that no worker saw is not replayed. Queuing first claims
``(name, local date)`` with a ``ScheduledRun`` row, unique in the database, in the same transaction
as the job: with any number of workers on any number of machines exactly one run happens per day,
and the losers of a race get ``IntegrityError`` and do nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gaoqi.jobs.framework import get_kind, run_system_job
from gaoqi.jobs.models import Job, ScheduledRun

logger = logging.getLogger(__name__)

OFF = "off"
CHECK_SECONDS = 60.0

Clock = Callable[[], dt.datetime]
Params = Callable[[dt.date], dict[str, Any]]


def _no_params(day: dt.date) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class DailyJob:
    """A job kind queued once a day, as a system job (no requesting user), with ``params(day)``."""

    name: str
    label: Any
    kind: str
    default_at: dt.time
    params: Params = _no_params

    @property
    def setting(self) -> str:
        """The setting or environment variable that sets its time of day (or ``off``)."""
        return f"GAOQI_SCHEDULE_{self.name.upper()}_AT"

    def at(self) -> dt.time | None:
        """Its local time of day, or ``None`` when it is turned off."""
        value = getattr(settings, self.setting, None)
        if value is None:
            value = os.environ.get(self.setting)
        if value is None:
            return self.default_at
        return parse_time_of_day(self.setting, value)

    def due_day(self, now: dt.datetime) -> dt.date | None:
        """The local day whose run is due at ``now`` (today once its time has come), else ``None``."""
        at = self.at()
        local = timezone.localtime(now)
        if at is None or local.time() < at:
            return None
        return local.date()


def parse_time_of_day(name: str, value: Any) -> dt.time | None:
    """``"HH:MM"`` as a time, ``"off"`` as ``None``; anything else is a configuration error."""
    text = str(value).strip()
    if text.lower() == OFF:
        return None
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a time of day such as 02:00, or off; got {value!r}"
        ) from None


_SCHEDULE: dict[str, DailyJob] = {}


def daily_job(name: str, label: Any, kind: str, at: str, params: Params = _no_params) -> DailyJob:
    """Register the job kind ``kind`` to run every day at ``at`` (``"HH:MM"``, local time)."""
    get_kind(kind)  # fails now, at start, for a kind that does not exist
    entry = DailyJob(name, label, kind, dt.datetime.strptime(at, "%H:%M").time(), params)
    _SCHEDULE[name] = entry
    return entry


def scheduled_jobs() -> list[DailyJob]:
    """Every registered daily job, by name."""
    return [_SCHEDULE[name] for name in sorted(_SCHEDULE)]


def queue_due_jobs(now: dt.datetime) -> list[Job]:
    """Queue every daily job due at ``now`` that no worker has claimed for its day; return the new jobs."""
    queued = []
    for entry in scheduled_jobs():
        day = entry.due_day(now)
        if day is None or ScheduledRun.objects.filter(name=entry.name, day=day).exists():
            continue  # the usual case: no write transaction at all
        job = claim(entry, day)
        if job is not None:
            logger.info("Queued the daily job %s for %s as job %s", entry.name, day, job.pk)
            queued.append(job)
    return queued


def claim(entry: DailyJob, day: dt.date) -> Job | None:
    """Claim ``entry``'s run of ``day`` and queue its job (enqueued on commit); ``None`` when another
    worker has claimed it."""
    with transaction.atomic():
        run = claim_day(entry, day)
        if run is None:
            return None
        run.job = run_system_job(entry.kind, entry.params(day))
        run.save(update_fields=["job"])
    return run.job


def claim_day(entry: DailyJob, day: dt.date) -> ScheduledRun | None:
    """Insert the claim row of ``entry`` for ``day``; ``None`` when it exists (a command run from cron
    claims the day this way too, so cron and the workers together run it once)."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(name=entry.name, day=day)
    except IntegrityError:
        return None


def check_schedule(now: dt.datetime) -> list[Job]:
    """``queue_due_jobs`` for a worker: a failed check (say, a database locked for too long) is logged,
    not raised, so the worker and its clock go on and the next check tries again."""
    try:
        return queue_due_jobs(now)
    except Exception:
        logger.exception("The daily schedule check failed; the next check tries again")
        return []


@dataclass(frozen=True)
class ScheduleStatus:
    """What the job page shows of one daily job."""

    entry: DailyJob
    at: dt.time | None
    next_due: dt.datetime | None
    overdue: bool
    last_run: ScheduledRun | None


def schedule_status(now: dt.datetime) -> list[ScheduleStatus]:
    """Every daily job with its time, its next due time (``overdue`` once passed and not yet claimed,
    i.e. waiting for a worker) and its last claimed run."""
    today = timezone.localdate(now)
    rows = []
    for entry in scheduled_jobs():
        at = entry.at()
        last = ScheduledRun.objects.filter(name=entry.name).select_related("job").first()
        next_due = None
        if at is not None:
            day = today + dt.timedelta(days=1) if last is not None and last.day >= today else today
            next_due = timezone.make_aware(dt.datetime.combine(day, at))
        rows.append(ScheduleStatus(entry, at, next_due, next_due is not None and next_due <= now, last))
    return rows


class ScheduleClock:
    """Checks the schedule at ``start`` and then, with ``repeat``, every ``seconds``
    (``GAOQI_SCHEDULE_CHECK_SECONDS``, default 60) from a daemon thread beside the worker's queue
    loop, until ``stop``."""

    def __init__(self, now: Clock = timezone.now, *, repeat: bool = True) -> None:
        self.now = now
        self.repeat = repeat
        self.seconds = float(getattr(settings, "GAOQI_SCHEDULE_CHECK_SECONDS", CHECK_SECONDS))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gaoqi-schedule", daemon=True)

    def __enter__(self) -> ScheduleClock:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Check the times of day (a bad one is an error here, at start), queue what is due now (in the
        calling thread), then keep checking in the clock's thread."""
        for entry in scheduled_jobs():
            entry.at()
        check_schedule(self.now())
        if self.repeat:
            self._thread.start()

    def stop(self) -> None:
        """End the clock's thread (after the check it may be running)."""
        self._stop.set()
        if self.repeat:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            try:
                check_schedule(self.now())
            finally:
                connection.close()  # this thread's own connection

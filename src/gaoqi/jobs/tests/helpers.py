"""Helpers for job tests: a district, users by role, waiting, and worker processes on the test database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.db import connection

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.models import Enterprise
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.jobs.models import Job

TOWN_A, TOWN_B = "330603001", "330603002"


def make_district(count: int, first_serial: int = 7000) -> list[Enterprise]:
    """``count`` enterprises, alternating between town A and town B."""
    return [
        make_enterprise(first_serial + i, town_code=TOWN_A if i % 2 == 0 else TOWN_B) for i in range(count)
    ]


def make_user(username: str, role: str = Role.BUREAU_OFFICER, **fields: Any) -> User:
    """An active user of ``role``."""
    return User.objects.create_user(username, role=role, **fields)


def wait_until(predicate: Callable[[], Any], timeout: float = 20.0, step: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError(f"condition not met within {timeout} s")


@contextmanager
def database_for_processes(tmp_path: Path) -> Iterator[str]:
    """A ``DATABASE_URL`` other processes can open, holding the test database's data.

    PostgreSQL: the test database itself. SQLite (an in-memory test database no other process can
    reach): a file copy, copied back into the test database when the block ends.
    """
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        yield f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as the settings ask; readers then never block writers
    try:
        yield f"sqlite:///{path}"
    finally:
        source = sqlite3.connect(path)
        source.backup(connection.connection)
        source.close()


def job_state(database_url: str, job_id: int) -> tuple[str, int, int | None]:
    """``(status, done, total)`` of a job as another process wrote it to ``database_url``."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=5)) as db:
            return db.execute("SELECT status, done, total FROM jobs_job WHERE id = ?", [job_id]).fetchone()
    return Job.objects.filter(pk=job_id).values_list("status", "done", "total").get()


def _alive(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        raise AssertionError(f"the worker exited early:\n{worker.stdout.read().decode()}")


def running(worker: subprocess.Popen, database_url: str, job_id: int) -> bool:
    """Whether the worker has started the job (fails with the worker's output if it exited)."""
    _alive(worker)
    return job_state(database_url, job_id)[0] == Job.Status.RUNNING


def progressed(worker: subprocess.Popen, database_url: str, job_id: int) -> bool:
    """Whether the job reported some work done (fails with the worker's output if the worker exited)."""
    _alive(worker)
    return job_state(database_url, job_id)[1] > 0


def start_worker(database_url: str, var_dir: Path, *extra: str, schedule: bool = False) -> subprocess.Popen:
    """``gaoqi worker`` as a separate process on ``database_url``; without the daily schedule unless
    ``schedule`` (its due jobs would depend on the time of day the test runs)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "gaoqi.config.settings",
        **os.environ,
        "DATABASE_URL": database_url,
        "GAOQI_VAR_DIR": str(var_dir),
    }
    command = [
        sys.executable,
        "-m",
        "gaoqi.cli",
        "worker",
        "--no-reload",
        "--skip-checks",
        "--interval",
        "0.1",
        *([] if schedule else ["--no-schedule"]),
        *extra,
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

"""Page benchmark: the enterprise list and the enterprise file with N enterprises × 5 years in PostgreSQL.

Goals (issue 3): each page under 150 ms median server time, and under 300 ms at the 95th percentile with
20 concurrent clients on loopback. The district is the screening benchmark's generated one, written once
into its own database (``--db``, default ``bench_pages_v<DATA_VERSION>``: a new data version gets a new
database) and reused by later runs; the engine evaluates 5,000 of its enterprises and the others get
copies of those evaluations (``bench/pages_tasks.py``). All requests are the bureau officer ``bench``'s,
with a logged-in session:

- server time: each page requested one after another through Django's test client in a child process
  (middleware, view, queries, templates; no network), with the SQL queries of one request and the CPU
  time per request of Django and of its PostgreSQL backend;
- loaded latency: gunicorn with the recommended configuration (``gaoqi.config.gunicorn``: sync workers,
  the application preloaded and warmed in the master) on 127.0.0.1 and ``--clients`` threads, each
  sending its next request on a new connection as soon as the previous one is answered (no think
  time), for ``--seconds`` or ``--limit`` requests after every worker has served the page kind, with
  the CPU per request of the clients, the server and its database backends, the share of the machine
  those had, and what the latency would be on this machine idle (Little's law).

With ``GAOQI_CACHE_URL`` set (a Redis), the server and the serial step read the sessions from that cache
as a deployment with one would (``cached_db``; recorded in the figures), otherwise from the database.

The list requests are filtered by town and verdict, sorted by turns by name, sales, score, USCC and town,
on pages 1, 2 and 5; the file requests open 200 enterprises spread over the district. The load average
is recorded with every measurement: the figures are only as good as the machine was quiet.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import OUT, machine, print_table, run_child, save
from bench.pages_tasks import cpu_seconds, percentile
from bench.screening import PG, _create_database

DATA_VERSION = 1
DEFAULT_N = 100_000
GOAL_MEDIAN_MS, GOAL_P95_MS = 150.0, 300.0
LOADED_KINDS = ("list", "file")
HOST = "127.0.0.1"
READY_TIMEOUT_S = 90.0
WARM_UP_PER_WORKER = 4  # unmeasured requests per gunicorn worker before each loaded run


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench pages", description=__doc__)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_PAGES_N", DEFAULT_N)))
    parser.add_argument("--db", default=os.environ.get("BENCH_PAGES_DB", f"bench_pages_v{DATA_VERSION}"))
    parser.add_argument("--repeats", type=int, default=60, help="serial requests per page kind")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="loaded run length per page kind")
    parser.add_argument("--limit", type=int, default=3000, help="most requests per loaded run")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gaoqi.config.gunicorn's)")
    return parser.parse_known_args(argv)[0]


def run(argv: list[str]) -> dict[str, Any]:
    """Prepare the database (once), time the pages serially and under load, print and save."""
    options = arguments(argv)
    os.environ.update(
        DATABASE_URL=PG + options.db, GAOQI_DEBUG="0", DJANGO_SETTINGS_MODULE="gaoqi.config.settings"
    )
    _create_database(options.db)
    prepared = run_child("bench.pages_tasks", "prepare", str(options.n))
    serial = {"load_before": os.getloadavg()}
    serial.update(run_child("bench.pages_tasks", "serial", str(options.repeats)))
    serial["load_after"] = os.getloadavg()
    plan = run_child("bench.pages_tasks", "targets")
    with Server(options.workers) as server:
        loaded = {kind: hammer(server, plan["pages"][kind], plan["cookie"], options) for kind in LOADED_KINDS}
    figures = {
        "machine": machine(),
        "database": "postgresql",
        "enterprises": prepared["enterprises"],
        "evaluated": prepared["evaluated"],
        "fiscal_years_per_enterprise": 5,
        "engine_evaluated": prepared["engine_evaluated"],
        "generated_s": prepared.get("generated_s"),
        "engine_s": prepared.get("engine_s"),
        "copied_s": prepared.get("copied_s"),
        "server": {
            "kind": "gunicorn",
            "config": "gaoqi.config.gunicorn",
            "workers": server.workers,
            "sessions": "cached_db (GAOQI_CACHE_URL)" if os.environ.get("GAOQI_CACHE_URL") else "db",
        },
        "serial": serial,
        "loaded": loaded,
        "goals_ms": {"median": GOAL_MEDIAN_MS, "p95_loaded": GOAL_P95_MS},
    }
    figures["goal_met"] = all(
        serial[kind]["median_ms"] < GOAL_MEDIAN_MS and loaded[kind]["p95_ms"] < GOAL_P95_MS
        for kind in LOADED_KINDS
    )
    report(figures)
    save("pages", figures)
    return figures


class Server:
    """A gunicorn serving the platform on a free loopback port with the recommended configuration
    (``gaoqi.config.gunicorn``), stopped (by its own pid) on exit."""

    def __init__(self, workers: int | None) -> None:
        from gaoqi.config import gunicorn as recommended

        self.workers = workers or recommended.workers
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        OUT.mkdir(parents=True, exist_ok=True)
        log = (OUT / "pages-gunicorn.log").open("wb")
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config=python:gaoqi.config.gunicorn",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, stdout=log, stderr=log, cwd=OUT.parent.parent)
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def pids(self) -> list[int]:
        """The master's and its workers' process ids."""
        if self.process is None:
            return []
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [master, *map(int, children)]

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see bench/out/pages-gunicorn.log")
            try:
                if fetch(self.port, "/accounts/login/", "") < 500:
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT_S:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port: int, url: str, cookie: str) -> int:
    """GET ``url`` from the loopback server on a new connection, reading the whole answer; the status.

    A plain socket rather than ``http.client``: the same request on the wire for half the client's
    CPU, which the loaded runs take from the same two cores as the server."""
    request = f"GET {url} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
    request += f"Cookie: {cookie}\r\n\r\n" if cookie else "\r\n"
    with socket.create_connection((HOST, port), timeout=30) as connection:
        connection.sendall(request.encode())
        head = connection.recv(65536)
        while connection.recv(65536):  # the server closes the connection after the body
            pass
    return int(head.split(b" ", 2)[1])


def hammer(server: Server, urls: list[str], cookie: str, options: argparse.Namespace) -> dict[str, Any]:
    """``options.clients`` closed-loop clients on ``urls`` after a warm-up of every worker: latencies,
    and the CPU seconds per request of the clients, the server's processes and their database backends
    (their sum against the elapsed time shows how much of the machine the run had)."""
    # Warm-up: the same closed loop, unmeasured, long enough for every worker to serve the page kind
    # (compile its templates, open its database connection) however the workers share the requests.
    _closed_loop(server.port, urls, cookie, options.clients, WARM_UP_PER_WORKER * server.workers, 60.0)
    load_before = os.getloadavg()
    server_pids, database_pids = server.pids(), _backend_pids(options.db)
    server_cpu, database_cpu = _cpu_of(server_pids), _cpu_of(database_pids)
    client_cpu = time.process_time()
    started = time.perf_counter()
    latencies = _closed_loop(server.port, urls, cookie, options.clients, options.limit, options.seconds)
    elapsed = time.perf_counter() - started
    count = len(latencies)
    cpu = {
        "client_cpu_ms": (time.process_time() - client_cpu) * 1000 / count,
        "server_cpu_ms": _spent(server_cpu, _cpu_of(server_pids)) * 1000 / count,
        "database_cpu_ms": _spent(database_cpu, _cpu_of(database_pids)) * 1000 / count,
    }
    # A worker renews its connection once it is 60 s old (conn_max_age): the CPU of a backend that closed
    # during the run is lost from database_cpu_ms, which is then too low.
    closed_backends = len(set(database_pids) - set(_backend_pids(options.db)))
    return {
        "clients": options.clients,
        "requests": count,
        "seconds": elapsed,
        "per_second": count / elapsed,
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies),
        **cpu,
        "machine_share": sum(cpu.values()) * count / 1000 / (elapsed * (os.cpu_count() or 1)),
        # Little's law for closed-loop clients bound by CPU: the mean latency on this machine idle.
        "idle_projection_ms": options.clients * sum(cpu.values()) / (os.cpu_count() or 1),
        "database_backends_closed": closed_backends,
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def _closed_loop(
    port: int, urls: list[str], cookie: str, clients: int, limit: int, seconds: float
) -> list[float]:
    """``clients`` threads, each sending its next request as soon as the previous answer is read, until
    ``limit`` requests or ``seconds`` have passed: the latencies in ms. Any answer but 200 is an error."""
    counter = itertools.count()
    latencies: list[float] = []
    failures: list[int] = []
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline and (number := next(counter)) < limit:
            sent = time.perf_counter()
            status = fetch(port, urls[number % len(urls)], cookie)
            (latencies if status == 200 else failures).append((time.perf_counter() - sent) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests did not answer 200; see bench/out/pages-gunicorn.log")
    return latencies


def _backend_pids(database: str) -> list[int]:
    """The PostgreSQL backends connected to ``database`` (the server's workers keep theirs open)."""
    query = f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    output = subprocess.run(
        ["psql", PG + "postgres", "-tAc", query], capture_output=True, text=True, check=True
    )
    return [int(line) for line in output.stdout.split()]


def _cpu_of(pids: list[int]) -> dict[int, float]:
    """CPU seconds so far of each of ``pids`` still running."""
    spent = {}
    for pid in pids:
        try:
            spent[pid] = cpu_seconds(pid)
        except OSError:
            continue
    return spent


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def report(figures: dict[str, Any]) -> None:
    """The table of server times and loaded latencies against the goals, with the CPU per request."""
    serial, loaded = figures["serial"], figures["loaded"]
    rows = []
    for kind in ("list", "file", "list_unfiltered"):
        alone, under = serial[kind], loaded.get(kind)
        row = [
            kind,
            f"{alone['median_ms']:.0f} / {alone['p95_ms']:.0f}",
            f"{alone['django_cpu_ms']:.0f} + {alone['postgres_cpu_ms']:.0f}",
            alone["queries"],
        ]
        if under:
            cpu = (under["server_cpu_ms"], under["database_cpu_ms"], under["client_cpu_ms"])
            row += [
                f"{under['median_ms']:.0f} / {under['p95_ms']:.0f}",
                f"{under['per_second']:.1f}",
                " + ".join(f"{value:.0f}" for value in cpu),
                f"{under['machine_share']:.0%}",
                f"{under['idle_projection_ms']:.0f}",
                _met(alone["median_ms"] < GOAL_MEDIAN_MS and under["p95_ms"] < GOAL_P95_MS),
            ]
        rows.append(tuple(row + ["—"] * (10 - len(row))))
    load = serial["load_before"][0], *(loaded[kind]["load_after"][0] for kind in LOADED_KINDS)
    title = (
        f"页面基准 page benchmark: {figures['enterprises']:,} 家企业 × 5 年 (PostgreSQL, "
        f"{loaded['list']['clients']} clients, gunicorn × {figures['server']['workers']}, "
        f"load average {' / '.join(f'{value:.1f}' for value in load)}, {figures['machine']['date']})"
    )
    header = (
        "page",
        "server median / p95 ms",
        "CPU ms django + pg",
        "queries",
        "loaded median / p95 ms",
        "req/s",
        "CPU ms server + pg + client",
        "machine share",
        "idle projection ms",
        "goal",
    )
    print_table(title, header, rows)


def _met(flag: bool) -> str:
    return "达标 met" if flag else "未达标 missed"


if __name__ == "__main__":
    run(sys.argv[1:])

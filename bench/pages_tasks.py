"""Child steps of the page benchmark, each printing JSON: ``python -m bench.pages_tasks <step> [args]``.

- ``prepare N``: the screening benchmark's generated district of N enterprises × 5 years (written once),
  evaluated once; a bureau officer ``bench`` (created by that step).
- ``targets``: a logged-in session of ``bench`` and the URLs to request, chosen deterministically.
- ``serial REPEATS``: each page kind requested in this process through Django's test client, timing
  the server side alone (middleware, views, queries, templates; no network), with its query count.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

LIST_SORTS = ("name", "-sales", "-score", "uscc", "town")
LIST_PAGES = (1, 2, 5)
FILE_SAMPLE = 200
ENGINE_SAMPLE = 5000
HISTORY_ROUNDS = 2
WARM_UP = 5


def _setup() -> None:
    import django

    django.setup()


def prepare(count: int) -> dict[str, Any]:
    """Generate the district unless present (shared with ``bench.screening``), then evaluate it once:
    the engine evaluates the first ``ENGINE_SAMPLE`` enterprises (a random sample: the generator
    shuffles its archetypes) and every other enterprise gets a copy of a sampled evaluation."""
    from bench.screening import prepare as generate

    generated = generate(count)
    from django.db import connection, transaction
    from django.utils import timezone

    from gaoqi.enterprises.evaluation import evaluate_enterprises
    from gaoqi.enterprises.models import Enterprise, Evaluation
    from gaoqi.enterprises.sort_keys import refresh_sort_keys

    latest = Evaluation.objects.filter(is_latest=True)
    if latest.count() < generated["enterprises"]:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # statistics of the freshly written district: without them PostgreSQL planned the engine's
            # per-table queries over the sample as nested loops that ran for over ten minutes
            cursor.execute("ANALYZE")
        sample = Enterprise.objects.filter(pk__lte=_sample_bound())
        evaluate_enterprises(sample.exclude(evaluations__is_latest=True), timezone.localdate())
        generated["engine_s"] = time.perf_counter() - started
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(COPY_EVALUATIONS, {"bound": _sample_bound()})
            refresh_sort_keys()  # the copies bypass the ORM: the list's sort keys of every enterprise
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics and visibility map for index-only scans
        generated["copied_s"] = time.perf_counter() - started - generated["engine_s"]
    generated["evaluated"] = latest.count()
    generated["engine_evaluated"] = latest.exclude(inputs_hash="").count()
    generated["history_entries"] = _add_history()
    return generated


def _file_sample() -> list[str]:
    """The USCCs of the ``FILE_SAMPLE`` enterprises whose files are requested, spread over the ids."""
    from gaoqi.enterprises.models import Enterprise

    usccs = list(Enterprise.objects.order_by("pk").values_list("uscc", flat=True))
    return usccs[:: max(len(usccs) // FILE_SAMPLE, 1)][:FILE_SAMPLE]


def _add_history() -> int:
    """Give each requested file a change history like a file in use (the generator writes none):
    ``HISTORY_ROUNDS`` audited edits of every fiscal year's head count, once. Returns the entries."""
    from django.test import override_settings

    from gaoqi.core.audit_models import AuditEntry
    from gaoqi.enterprises.models import Enterprise, FiscalYear

    sample = Enterprise.objects.filter(uscc__in=_file_sample())
    history = AuditEntry.objects.filter(enterprise_id__in=sample.values("pk"))
    if not history.exists():
        with override_settings(GAOQI_AUTO_EVALUATE=False):
            for _round in range(HISTORY_ROUNDS):
                for year in FiscalYear.objects.filter(enterprise__in=sample):
                    year.employees = (year.employees or 0) + 1
                    year.save()
    return history.count()


def _sample_bound() -> int:
    """The largest enterprise id of the engine's sample (the first ``ENGINE_SAMPLE`` by id)."""
    from gaoqi.enterprises.models import Enterprise

    ids = Enterprise.objects.order_by("pk").values_list("pk", flat=True)
    return ids[min(ENGINE_SAMPLE, ids.count()) - 1]


COPY_EVALUATIONS = """
WITH sample AS (
    SELECT row_number() OVER (ORDER BY enterprise_id) - 1 AS n, v.*
    FROM enterprises_evaluation v WHERE v.is_latest AND v.enterprise_id <= %(bound)s
), todo AS (
    SELECT row_number() OVER (ORDER BY e.id) - 1 AS n, e.id
    FROM enterprises_enterprise e
    WHERE NOT EXISTS (SELECT 1 FROM enterprises_evaluation v WHERE v.enterprise_id = e.id AND v.is_latest)
)
INSERT INTO enterprises_evaluation (enterprise_id, as_of, result, hnte_verdict, tech_sme_verdict, tier,
    score_min, score_max, params_version, inputs_hash, evaluated_at, is_latest)
SELECT todo.id, s.as_of, s.result, s.hnte_verdict, s.tech_sme_verdict, s.tier, s.score_min, s.score_max,
    s.params_version, '', now(), TRUE
FROM todo JOIN sample s ON s.n = todo.n %% (SELECT count(*) FROM sample)
"""
"""Every enterprise without an evaluation gets a copy of a sampled one (round robin), with an empty
``inputs_hash`` so that a real evaluation never mistakes it for its own."""


def targets() -> dict[str, Any]:
    """The session cookie of ``bench`` and the list and file URLs the benchmark requests."""
    _setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from gaoqi.accounts.models import User
    from gaoqi.enterprises.models import Evaluation
    from gaoqi.reference.models import Town

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    towns = list(Town.objects.filter(region=settings.GAOQI_REGION).values_list("code", flat=True))
    verdicts = [value for value, _label in Evaluation.Verdict.choices]
    base = reverse("enterprises:list")
    lists = [
        f"{base}?town={town}&verdict={verdicts[index % len(verdicts)]}"
        f"&sort={LIST_SORTS[index % len(LIST_SORTS)]}&page={LIST_PAGES[index % len(LIST_PAGES)]}"
        for index, town in enumerate(towns * len(LIST_SORTS))
    ]
    files = [reverse("enterprises:detail", args=[uscc]) for uscc in _file_sample()]
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "pages": {"list": lists, "file": files, "list_unfiltered": [f"{base}?sort=name&page=1"]},
    }


def serial(repeats: int) -> dict[str, Any]:
    """Each page kind requested ``repeats`` times in turn (after a warm-up), timed inside Django.

    Besides wall-clock times, the CPU seconds spent per request by this process and by its PostgreSQL
    backend: their sum is what a request costs on an idle machine, whatever the load average."""
    plan = targets()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    name, value = plan["cookie"].split("=", 1)
    client = Client()
    client.cookies[name] = value
    backend = _backend_pid(connection)
    figures = {}
    for kind, urls in plan["pages"].items():
        for url in urls[:WARM_UP]:
            _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            _get(client, urls[0])
        query_count = len(queries)  # read now: the next request clears the connection's query log
        times = []
        cpu, database = time.process_time(), cpu_seconds(backend)
        for index in range(repeats):
            started = time.perf_counter()
            _get(client, urls[index % len(urls)])
            times.append((time.perf_counter() - started) * 1000)
        figures[kind] = {
            "requests": repeats,
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95),
            "max_ms": max(times),
            "django_cpu_ms": (time.process_time() - cpu) * 1000 / repeats,
            "postgres_cpu_ms": (cpu_seconds(backend) - database) * 1000 / repeats,
            "queries": query_count,
        }
    return figures


def _backend_pid(connection: Any) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a local process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")


def percentile(values: list[float], percent: int) -> float:
    """The ``percent``-th percentile of ``values`` (inclusive method, interpolated).

    >>> percentile([float(n) for n in range(1, 102)], 95)
    96.0
    """
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


STEPS = {
    "prepare": lambda args: prepare(int(args[0])),
    "targets": lambda args: targets(),
    "serial": lambda args: serial(int(args[0])),
}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](sys.argv[2:])))

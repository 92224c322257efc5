"""Child steps of the dashboard benchmark, each printing JSON: ``python -m bench.dashboard_tasks <step>``."""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from bench.common import peak_rss_mib

WARM_UP = 3
CHUNK = 20_000


def _setup() -> None:
    import django

    django.setup()


def prepare(count: int) -> dict[str, Any]:
    """The screening benchmark's generated district (written once), then a latest ``Evaluation`` per
    enterprise from the vectorised engine (``evaluate_tables``: the headline columns and the
    ``double_zero`` flags the dashboard reads; no explanation text), once."""
    from bench.screening import prepare as generate

    generated = generate(count)
    from django.db import connection

    from gaoqi.enterprises.models import Enterprise, Evaluation

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics after the bulk load
    evaluated = Evaluation.objects.filter(is_latest=True).count()
    if evaluated < generated["enterprises"]:
        started = time.perf_counter()
        ids = list(
            Enterprise.objects.exclude(evaluations__is_latest=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), CHUNK):
            _evaluate(ids[start : start + CHUNK])
        generated["evaluated_s"] = time.perf_counter() - started
    generated["evaluated"] = Evaluation.objects.filter(is_latest=True).count()
    return generated


def _evaluate(ids: list[int]) -> None:
    from django.conf import settings
    from django.utils import timezone

    from gaoqi import policy
    from gaoqi.enterprises.bridge import build_tables
    from gaoqi.enterprises.models import Enterprise, Evaluation
    from gaoqi.enterprises.sort_keys import refresh_sort_keys

    as_of = timezone.localdate()
    params = policy.load_parameters(as_of, region=settings.GAOQI_REGION)
    built = build_tables(Enterprise.objects.filter(pk__in=ids).order_by("pk"), as_of, params)
    columns = ("hnte_verdict", "tech_sme_verdict", "tier", "score_min", "score_max")
    frame = policy.evaluate_tables(built.tables, as_of, params=params).select(
        *columns, "dz_no_rd_activity", "dz_no_rd_institution"
    )
    rows = []
    for pk, row in zip(built.enterprise_ids, frame.iter_rows(named=True), strict=True):
        result = {
            "hnte": {"verdict": row["hnte_verdict"]},
            "tech_sme": {"verdict": row["tech_sme_verdict"]},
            "double_zero": {
                "no_rd_activity": bool(row["dz_no_rd_activity"]),
                "no_rd_institution": bool(row["dz_no_rd_institution"]),
            },
            "tier": row["tier"],
        }
        rows.append(
            Evaluation(
                enterprise_id=pk,
                as_of=as_of,
                result=result,
                hnte_verdict=row["hnte_verdict"] or "",
                tech_sme_verdict=row["tech_sme_verdict"] or "",
                tier=row["tier"] or "none",
                score_min=None if row["score_min"] is None else round(row["score_min"]),
                score_max=None if row["score_max"] is None else round(row["score_max"]),
                params_version=params.version,
                inputs_hash="bench",
            )
        )
    Evaluation.objects.bulk_create(rows, batch_size=2000)
    refresh_sort_keys(ids)  # bulk_create skips the signals that keep the list's sort keys


def refresh() -> dict[str, Any]:
    """Recompute every snapshot (the refresh job's work), and the district's alone."""
    _setup()
    from gaoqi.dashboard.scope import Scope
    from gaoqi.dashboard.snapshots import refresh as refresh_one
    from gaoqi.dashboard.snapshots import refresh_all

    started = time.perf_counter()
    snapshots = refresh_all()
    all_s = time.perf_counter() - started
    district = refresh_one(Scope())
    return {
        "scopes": len(snapshots),
        "all_s": all_s,
        "district_s": district.duration_ms / 1000,
        "peak_rss_mib": peak_rss_mib(),
    }


def _users() -> dict[str, Any]:
    from gaoqi.accounts.models import Role, User
    from gaoqi.enterprises.models import Enterprise

    officer = User.objects.get(username="bench")
    town = Enterprise.objects.values_list("town__code", flat=True).order_by("town__code").first()
    town_officer, _created = User.objects.get_or_create(
        username="bench_town", defaults={"role": Role.TOWN_OFFICER, "town_code": town}
    )
    return {"district": officer, "town": town_officer}


def _timed_get(client: Any, url: str, repeats: int) -> list[float]:
    for _ in range(WARM_UP):
        client.get(url)
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return seconds


def render(repeats: int) -> dict[str, Any]:
    """The dashboard page for a bureau officer and a town officer, timed in this process."""
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("dashboard:index")
    figures: dict[str, Any] = {}
    for role, user in _users().items():
        client = Client()
        client.force_login(user)
        seconds = _timed_get(client, url, repeats)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        figures[role] = {
            "median_ms": statistics.median(seconds) * 1000,
            "p95_ms": statistics.quantiles(seconds, n=100, method="inclusive")[94] * 1000,
            "requests": repeats,
            "queries": len(queries.captured_queries),
        }
    return figures


def pdf(repeats: int) -> dict[str, Any]:
    """The district's quarterly report as PDF through its view, timed."""
    _setup()
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(_users()["district"])
    url = reverse("dashboard:quarterly_pdf")
    seconds, size = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        size = len(response.content)
    return {"median_s": statistics.median(seconds), "max_s": max(seconds), "bytes": size, "runs": repeats}


STEPS = {
    "prepare": lambda args: prepare(int(args[0])),
    "refresh": lambda args: refresh(),
    "render": lambda args: render(int(args[0])),
    "pdf": lambda args: pdf(int(args[0])),
}

if __name__ == "__main__":
    step, rest = sys.argv[1], sys.argv[2:]
    print(json.dumps(STEPS[step](rest)))

"""Two evaluations of the same enterprise at once (a district job and an edit's re-evaluation) both
finish, and exactly one evaluation stays the latest. Real threads on the real test database."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.enterprises.tests.builders import make_enterprise

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers (every transaction begins IMMEDIATE), so two evaluations "
        "cannot interleave there; the row locks under test are PostgreSQL's",
    ),
]


@pytest.fixture(autouse=True)
def _no_auto_evaluation(settings):
    settings.GAOQI_AUTO_EVALUATE = False


def _waiting_on_locks() -> int:
    """How many other sessions of the test database wait for a lock (read afresh: inside a transaction
    PostgreSQL otherwise keeps showing the activity it read first)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _evaluate_in_thread(firm_id: int, outcomes: list[Any]) -> threading.Thread:
    def run() -> None:
        try:
            outcomes.append(evaluate_enterprises(Enterprise.objects.filter(pk=firm_id), force=True))
        except Exception as error:  # the outcome under test, reported to the main thread
            outcomes.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("earlier", "held"),
    [(False, "the enterprise row"), (True, "the latest evaluation row")],
    ids=["first evaluation", "re-evaluation"],
)
def test_two_concurrent_evaluations_of_one_enterprise_keep_exactly_one_latest(earlier, held):
    firm = make_enterprise(811)
    if earlier:
        evaluate_enterprises(Enterprise.objects.filter(pk=firm.pk))
    outcomes: list[Any] = []
    # Hold a row both evaluations need, so that both start before either has finished.
    with transaction.atomic():
        if earlier:
            Evaluation.objects.select_for_update().get(enterprise=firm, is_latest=True)
        else:
            Enterprise.objects.select_for_update().get(pk=firm.pk)
        threads = [_evaluate_in_thread(firm.pk, outcomes) for _ in range(2)]
        deadline = time.monotonic() + 30
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, f"the two evaluations never waited for {held}"
            time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == [1, 1]
    assert Evaluation.objects.filter(enterprise=firm).count() == 2 + earlier
    assert Evaluation.objects.filter(enterprise=firm, is_latest=True).count() == 1

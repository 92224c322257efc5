"""The follow-up actions share the platform's action base (gaoqi.core.actions): statuses and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from gaoqi.core.actions import ActionStatus
from gaoqi.monitoring.models import DoubleZeroAction, DoubleZeroList
from gaoqi.monitoring.tests.builders import firm

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def test_overdue_actions_are_the_pending_ones_past_their_deadline() -> None:
    company = firm(1)

    def action(description: str, deadline: date | None, status: str) -> DoubleZeroAction:
        return DoubleZeroAction.objects.create(
            enterprise=company,
            target_list=DoubleZeroList.NO_RD_ACTIVITY,
            description=description,
            deadline=deadline,
            status=status,
        )

    action("未开始已逾期", date(2026, 5, 31), ActionStatus.OPEN)
    action("推进中已逾期", date(2026, 1, 1), ActionStatus.IN_PROGRESS)
    action("今天到期", TODAY, ActionStatus.OPEN)
    action("已完成", date(2026, 1, 1), ActionStatus.DONE)
    action("已放弃", date(2026, 1, 1), ActionStatus.DROPPED)
    action("无期限", None, ActionStatus.OPEN)

    overdue = DoubleZeroAction.objects.overdue(TODAY).values_list("description", flat=True)

    assert sorted(overdue) == sorted(["未开始已逾期", "推进中已逾期"])
    assert DoubleZeroAction.objects.pending().count() == 4

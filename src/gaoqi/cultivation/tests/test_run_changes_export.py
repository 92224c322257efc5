"""A screening run's changes as Excel: who flipped and why, in the user's scope, read back, audited."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from gaoqi.accounts.models import Role
from gaoqi.core.audit import AuditAction, AuditEntry
from gaoqi.cultivation.screening import run_screening
from gaoqi.cultivation.tests.district import AS_OF, TOWN_A, TOWN_B, make_firm, make_user, officer, set_rd
from gaoqi.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


@pytest.fixture
def flipped():
    """Two runs between which one firm of each town flipped (its R&D staff rose); the second run."""
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        firms = [make_firm(1, "150", strong=True, town=TOWN_A), make_firm(3, "150", strong=True, town=TOWN_B)]
        make_firm(2, "20", town=TOWN_A)
        run_screening(Enterprise.objects.all(), AS_OF)
        for firm in firms:
            set_rd(firm, "600")
        return firms, run_screening(Enterprise.objects.all(), AS_OF)


def test_a_town_officer_exports_only_its_towns_flips_with_the_reason_and_it_is_audited(client, flipped):
    (town_a_firm, _), run = flipped
    client.force_login(make_user("town_a_reader", Role.TOWN_OFFICER, town_code=TOWN_A))
    link = f"{reverse('jobs:export_now', args=['run_changes'])}?run={run.pk}"
    assert link in client.get(reverse("cultivation:run_changes", args=[run.pk])).content.decode()

    rows = rows_of(client.get(link).content)
    assert rows[0][:3] == ("企业名称", "统一社会信用代码", "镇街")
    assert [row[1] for row in rows[1:]] == [town_a_firm.uscc]
    assert rows[1][3] != rows[1][4] and "rd.personnel" in rows[1][9]
    (entry,) = AuditEntry.objects.filter(action=AuditAction.EXPORT, username="town_a_reader")
    assert entry.after == {"rows": 1, "filters": {"筛选批次": f"#{run.pk}"}}


def test_the_bureau_sees_every_flip_and_an_unknown_run_exports_nothing(client, flipped):
    firms, run = flipped
    client.force_login(officer())
    link = reverse("jobs:export_now", args=["run_changes"])
    assert sorted(row[1] for row in rows_of(client.get(link, {"run": run.pk}).content)[1:]) == sorted(
        firm.uscc for firm in firms
    )
    assert len(rows_of(client.get(link, {"run": run.pk + 99}).content)) == 1

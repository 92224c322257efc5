"""The pool's life cycle (entry with a seeded plan, an action done, a visit, exit) and its scopes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.audit import AuditEntry
from gaoqi.core.models import StaleEditError
from gaoqi.cultivation import pool
from gaoqi.cultivation.models import PlanAction, PoolEntry
from gaoqi.cultivation.tests.district import AS_OF, TOWN_A, TOWN_B, make_firm, make_user, officer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_auto_evaluation")]
YEAR = AS_OF.year


@pytest.fixture
def no_auto_evaluation():
    with override_settings(GAOQI_AUTO_EVALUATE=False):
        yield


def test_entry_seeds_the_engine_plan_then_an_action_is_done_a_visit_recorded_and_the_entry_exits():
    firm = make_firm(1, "150", strong=True)  # short of the R&D ratio only
    user = officer()
    added = pool.add_to_pool(user, [firm.pk], YEAR, "研发投入接近门槛", entered_on=AS_OF)
    (entry,) = added.entries
    assert entry.owner == user and entry.is_active
    actions = list(entry.actions.all())
    assert [action.kind for action in actions if action.source == PlanAction.Source.ENGINE] == ["rd_extra"]
    rd = actions[0]
    assert rd.deadline > AS_OF and rd.cost > 0 and "研究开发费用" in rd.description
    assert rd.responsible == str(user)  # a suggested action is in the charge of the entry's owner

    pool.set_action_status(user, rd, PlanAction.Status.DONE, rd.version)
    rd.refresh_from_db()
    assert rd.status == PlanAction.Status.DONE and rd.completed_on is not None
    with pytest.raises(StaleEditError):
        pool.set_action_status(user, rd, PlanAction.Status.OPEN, rd.version - 1)

    entry.visits.create(
        visited_on=AS_OF, people="王科员、企业财务负责人", notes="核对研发辅助账", recorded_by=user
    )
    pool.exit_entry(
        user,
        entry,
        exited_on=AS_OF + dt.timedelta(days=200),
        kind="certified",
        reason="已获认定",
        expected_version=entry.version,
    )
    entry.refresh_from_db()
    assert not entry.is_active and entry.exit_kind == "certified"
    audited = set(AuditEntry.objects.filter(enterprise_id=firm.pk).values_list("model_label", flat=True))
    assert {"cultivation.PoolEntry", "cultivation.PlanAction", "cultivation.Visit"} <= audited


def test_an_exit_before_the_entry_or_without_a_reason_is_refused():
    firm = make_firm(1, "150")
    user = officer()
    (entry,) = pool.add_to_pool(user, [firm.pk], YEAR, "测试", entered_on=AS_OF).entries
    with pytest.raises(ValidationError):
        pool.exit_entry(
            user,
            entry,
            exited_on=AS_OF - dt.timedelta(days=1),
            kind="other",
            reason="x",
            expected_version=entry.version,
        )
    with pytest.raises(ValidationError):
        pool.exit_entry(
            user, entry, exited_on=AS_OF, kind="other", reason=" ", expected_version=entry.version
        )


def test_an_enterprise_enters_a_year_once():
    firm = make_firm(1, "150")
    user = officer()
    pool.add_to_pool(user, [firm.pk], YEAR, "第一次")
    again = pool.add_to_pool(user, [firm.pk], YEAR, "第二次")
    assert again.entries == [] and again.skipped[0][0] == firm
    assert PoolEntry.objects.filter(enterprise=firm).count() == 1


def test_a_town_officer_manages_only_the_pool_entries_of_its_town():
    own, other = make_firm(1, "150", town=TOWN_A), make_firm(2, "150", town=TOWN_B)
    bureau = officer()
    town = make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A)
    added = pool.add_to_pool(town, [own.pk, other.pk], YEAR, "镇街推荐")
    assert [entry.enterprise for entry in added.entries] == [own]  # the other town is out of scope
    (foreign,) = pool.add_to_pool(bureau, [other.pk], YEAR, "科技局推荐").entries
    assert list(PoolEntry.objects.for_user(town)) == added.entries
    with pytest.raises(PermissionDenied):
        pool.exit_entry(
            town, foreign, exited_on=AS_OF, kind="other", reason="x", expected_version=foreign.version
        )


def test_the_enterprise_user_sees_its_plan_read_only_but_marks_its_actions_done(client):
    firm = make_firm(1, "150", strong=True)
    bureau = officer()
    (entry,) = pool.add_to_pool(bureau, [firm.pk], YEAR, "培育").entries
    (other,) = pool.add_to_pool(bureau, [make_firm(2, "150").pk], YEAR, "培育").entries
    user = make_user("firm", Role.ENTERPRISE_USER, enterprise=firm)
    client.force_login(user)
    page = client.get(reverse("cultivation:entry", args=[entry.pk]))
    assert page.status_code == 200 and "研究开发费用" in page.content.decode()
    assert reverse("cultivation:action_new", args=[entry.pk]) not in page.content.decode()
    assert client.get(reverse("cultivation:entry_exit", args=[entry.pk])).status_code == 403
    assert client.get(reverse("cultivation:entry", args=[other.pk])).status_code == 404
    action = entry.actions.first()
    response = client.post(
        reverse("cultivation:action_status", args=[action.pk]), {"status": "done", "version": action.version}
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE


def test_an_enterprise_outside_the_pool_is_not_told_to_use_the_screening(client):
    firm = make_firm(1, "150")
    client.force_login(make_user("firm", Role.ENTERPRISE_USER, enterprise=firm))
    page = client.get(reverse("cultivation:pool")).content.decode()
    assert "本年度培育库中暂无您可查看的企业" in page
    assert "培育筛选" not in page  # neither the sub-navigation nor the hint offers a page it cannot open
    client.force_login(officer())
    assert "可在“培育筛选”中勾选企业加入" in client.get(reverse("cultivation:pool")).content.decode()

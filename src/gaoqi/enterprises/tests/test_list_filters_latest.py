"""The list's verdict and tier filters read only the latest evaluation, and the count agrees with the rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.enterprises.models import Evaluation
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.enterprises.tests.role_district import TOWN_A, build_district

pytestmark = pytest.mark.django_db
LIST_URL = reverse("enterprises:list")


@pytest.fixture
def district():
    """The role district (a1 pass, a2 fail in town A; b1 pass in town B), a1's earlier evaluation a
    fail in the little-giant tier, and one enterprise of town A never evaluated."""
    built = build_district()
    Evaluation.objects.create(
        enterprise=built.a1,
        as_of="2024-01-01",
        result={},
        hnte_verdict=Evaluation.Verdict.FAIL,
        tier=Evaluation.Tier.LITTLE_GIANT,
        inputs_hash="old",
        is_latest=False,
    )
    latest = Evaluation.objects.get(enterprise=built.b1, is_latest=True)
    latest.tier = Evaluation.Tier.HNTE
    latest.save()
    built.unevaluated = make_enterprise(499, town_code=TOWN_A)
    return built


def _page(client, district, **params):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    page = response.context["page"]
    return page.paginator.count, {firm.uscc for firm in page.object_list}


def test_an_earlier_evaluation_does_not_match_the_verdict_filter(client, district):
    count, listed = _page(client, district, verdict="fail")
    assert listed == {district.a2.uscc}
    assert count == 1


def test_an_earlier_evaluation_does_not_match_the_tier_filter(client, district):
    assert _page(client, district, tier="little_giant") == (0, set())
    assert _page(client, district, tier="hnte") == (1, {district.b1.uscc})


def test_not_evaluated_lists_only_enterprises_without_a_latest_evaluation(client, district):
    assert _page(client, district, verdict="none") == (1, {district.unevaluated.uscc})


def test_town_and_verdict_combine_and_are_counted(client, district):
    count, listed = _page(client, district, town=TOWN_A, verdict="pass", sort="-score")
    assert listed == {district.a1.uscc}
    assert count == 1
    assert _page(client, district, town=TOWN_A) == (
        3,
        {district.a1.uscc, district.a2.uscc, district.unevaluated.uscc},
    )

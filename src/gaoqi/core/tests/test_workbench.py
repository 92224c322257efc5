"""The workbench of roles without access to enterprise files: a guide to their work, never an error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role, User
from gaoqi.core.views import ROLE_GUIDES
from gaoqi.enterprises.models import Certificate, Evaluation
from gaoqi.enterprises.tests.role_district import build_district

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.UNIVERSITY_USER, Role.EXPERT, Role.FINANCE_USER])
def test_roles_without_enterprise_files_land_on_a_guide_to_their_work(client, role):
    client.force_login(User.objects.create_user(f"user-{role}", role=role))
    response = client.get(reverse("core:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="role-guide"' in page
    assert f"{Role(role).label}工作台" in page
    assert all(str(task) in page for task in ROLE_GUIDES[role]["tasks"])
    assert reverse("enterprises:list") not in page
    assert "data-chart=" not in page


@pytest.mark.parametrize("role", [Role.BUREAU_OFFICER, Role.TOWN_OFFICER])
def test_roles_with_enterprise_files_see_figures_not_the_guide(client, role):
    client.force_login(User.objects.create_user(f"user-{role}", role=role, town_code="330603001"))
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="role-guide"' not in page
    assert 'data-testid="figure-enterprises"' in page


def test_an_enterprise_user_sees_its_own_file_at_a_glance_not_district_charts(client):
    district = build_district()
    firm = district.a1
    firm.certificates.all().delete()
    issued = timezone.localdate() - timedelta(days=400)
    Certificate.objects.create(enterprise=firm, kind=Certificate.Kind.HNTE, issued_on=issued)
    Evaluation.objects.filter(enterprise=firm).update(score_min=72, score_max=75)
    client.force_login(district.users[Role.ENTERPRISE_USER])
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="own-figures"' in page
    assert "72–75" in page
    assert f"有效期至 {issued.replace(year=issued.year + 3):%Y-%m-%d}" in page
    assert reverse("enterprises:year_create", args=[firm.uscc]) in page
    assert "data-chart=" not in page
    assert district.b1.name not in page

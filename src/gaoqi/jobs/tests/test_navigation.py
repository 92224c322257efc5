"""The main navigation leads to the jobs page for the roles that may start jobs, and only for them."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.templatetags.gaoqi_ui import main_navigation
from gaoqi.jobs.tasks import may_evaluate_district, may_export
from gaoqi.jobs.tests.helpers import TOWN_A, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_the_jobs_entry_is_shown_to_the_roles_that_may_start_a_job(role):
    user = make_user(f"user_{role}", role, town_code=TOWN_A if role == Role.TOWN_OFFICER else "")
    request = RequestFactory().get(reverse("jobs:list"))
    request.user = user
    entries = {item["url"]: item for item in main_navigation({"request": request})}

    starts_jobs = may_evaluate_district(user) or may_export(user)
    assert (reverse("jobs:list") in entries) == starts_jobs
    if starts_jobs:
        assert str(entries[reverse("jobs:list")]["label"]) == "后台任务"

"""``demo_data`` and ``demo`` on the test database: everything written, evaluated, idempotent, logins work."""

from __future__ import annotations

from collections import defaultdict
from io import StringIO

import pytest
from django.conf import LazySettings, settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gaoqi.accounts.models import Role
from gaoqi.demo.generator import generate_district
from gaoqi.demo.loader import region_from_database, write_district
from gaoqi.demo.thresholds import thresholds_from
from gaoqi.demo.users import DEMO_PASSWORD
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    Evaluation,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.tests.sort_key_checks import assert_sort_keys_current
from gaoqi.policy import load_parameters

pytestmark = pytest.mark.django_db
COUNT, SEED = 60, 11


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    """Nine accounts hashed with the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(**options: object) -> str:
    out = StringIO()
    call_command("demo_data", count=COUNT, seed=SEED, stdout=out, **options)
    return out.getvalue()


def expected_district() -> list:
    today = timezone.localdate()
    thresholds = thresholds_from(load_parameters(today, region=settings.GAOQI_REGION))
    return generate_district(region_from_database(), COUNT, SEED, today, thresholds)


def results_by_archetype() -> dict[str, list[dict]]:
    archetype = {e.uscc: e.archetype for e in expected_district()}
    grouped = defaultdict(list)
    for uscc, result in Evaluation.objects.filter(is_latest=True).values_list("enterprise__uscc", "result"):
        grouped[archetype[uscc]].append(result)
    return grouped


def test_demo_data_writes_the_generated_district_and_evaluates_it() -> None:
    output = load()
    district = expected_district()
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {e.uscc for e in district}
    assert FiscalYear.objects.count() == sum(len(e.fiscal_years) for e in district)
    assert IPAsset.objects.count() == sum(len(e.ip_assets) for e in district)
    assert Certificate.objects.count() == sum(len(e.certificates) for e in district)
    assert RDInstitution.objects.count() == sum(len(e.institutions) for e in district)
    assert Evaluation.objects.filter(is_latest=True).count() == COUNT
    assert DEMO_PASSWORD in output and "demo_town" in output


def test_the_district_has_its_list_sort_keys_when_written_and_when_evaluated() -> None:
    written = write_district(expected_district()[:8], settings.GAOQI_REGION, SEED)
    assert assert_sort_keys_current(written) == 8
    assert not Enterprise.objects.filter(pk__in=written, list_year__isnull=True).exists()
    Enterprise.objects.filter(pk__in=written).delete()
    load()
    assert assert_sort_keys_current() == COUNT
    assert not Enterprise.objects.filter(list_verdict__isnull=True).exists()


def test_demo_data_refuses_to_load_twice_and_reset_replaces_it() -> None:
    load()
    first = set(Enterprise.objects.values_list("uscc", flat=True))
    with pytest.raises(CommandError):
        load()
    assert Enterprise.objects.count() == COUNT
    load(reset=True)
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == first
    assert Enterprise.objects.count() == COUNT
    assert Evaluation.objects.filter(is_latest=True).count() == COUNT


def test_one_demo_user_per_role_and_each_can_log_in(client: Client) -> None:
    load()
    users = get_user_model().objects.filter(username__startswith="demo_")
    assert sorted(users.values_list("role", flat=True)) == sorted(Role.values)
    town_officer = users.get(role=Role.TOWN_OFFICER)
    assert Enterprise.objects.filter(town__code=town_officer.town_code).exists()
    assert users.get(role=Role.ENTERPRISE_USER).enterprise is not None
    for user in users:
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.username
        client.logout()


def test_engine_results_show_every_boundary_and_double_zero_case() -> None:
    load()
    results = results_by_archetype()

    def condition(archetype: str, name: str) -> set:
        return {r["hnte"]["conditions"][name]["passed"] for r in results[archetype]}

    for indicator, name in (
        ("rd", "rd_ratio"),
        ("staff", "scitech_staff_ratio"),
        ("hitech", "hitech_revenue_share"),
    ):
        assert condition(f"{indicator}_below", name) == {False}
        assert condition(f"{indicator}_at", name) == {True}
        assert condition(f"{indicator}_above", name) == {True}
    assert {r["double_zero"]["no_rd_activity"] for r in results["double_zero_rd"]} == {True}
    assert {r["double_zero"]["no_rd_institution"] for r in results["double_zero_institution"]} == {True}
    assert condition("young_new", "registered_365_days") == {False}
    assert condition("incident", "no_major_incident") == {False}
    verdicts = {r["hnte"]["verdict"] for group in results.values() for r in group}
    assert verdicts == {"pass", "fail", "uncertain"}
    assert {r["tier"] for r in results["hnte_valid"]} <= {"hnte", "little_giant", "leading"}


def test_demo_without_server_keeps_the_data_evaluates_the_rest_and_prints_address_and_logins() -> None:
    load()
    unevaluated = Enterprise.objects.order_by("pk")[:3]
    Evaluation.objects.filter(enterprise__in=unevaluated).delete()
    out = StringIO()
    call_command("demo", no_server=True, stdout=out)
    assert Enterprise.objects.count() == COUNT
    assert Evaluation.objects.filter(is_latest=True, as_of=timezone.localdate()).count() == COUNT
    assert "http://127.0.0.1:8000/" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_written_rows_pass_the_models_own_validation() -> None:
    load()
    for model in (Enterprise, FiscalYear, IPAsset, Achievement, Certificate, Incident, RDInstitution):
        for row in model.objects.all():
            row.full_clean()

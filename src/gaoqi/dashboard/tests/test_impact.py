"""District policy impact: raising the R&D ratio threshold flips exactly the firms between the two
thresholds, counted by town and tier, within the requester's scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoqi.accounts.models import Role, User
from gaoqi.dashboard.impact import ImpactForm, choices
from gaoqi.dashboard.tests.district import PASSWORD, TOWN_A, TOWN_B
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Achievement, Enterprise, FiscalYear, IPAsset
from gaoqi.enterprises.tests.builders import make_enterprise
from gaoqi.jobs.models import Job
from gaoqi.jobs.worker import run_pending
from gaoqi.reference.models import TechField

pytestmark = pytest.mark.django_db
# the job runs in the real worker, which commits and uses its own connections
JOBS = pytest.mark.django_db(transaction=True)

BRACKET = "hnte.rd_ratio_brackets#1.min_ratio"  # sales above 5,000 and up to 20,000 万元: 4 % today
# R&D over three years / sales over three years, in per mille: (rd_personnel + 100) / 8,000.
EXPERT_POINTS = {"advancement": 8, "core_support": 8, "acquisition": 6, "standards": 2, "transformation": 30}
RATIOS = {"3.5%": "180", "4.0%": "220", "4.2%": "236", "4.6%": "268", "5.0%": "300", "5.5%": "340"}


def _candidate(serial: int, town: str, label: str, rd_personnel: str) -> Enterprise:
    """A firm meeting every HNTE condition but the R&D ratio, which ``rd_personnel`` sets."""
    firm = make_enterprise(
        serial,
        town_code=town,
        name=f"研发比例{label}测试企业",
        registered_on=dt.date(2012, 5, 8),
        tech_field=TechField.objects.get(code="4.3"),
        rd_management={"system": 6, "institution": 6, "incentives": 4, "talent": 4},
        expert_points={
            "advancement": 8,
            "core_support": 8,
            "acquisition": 6,
            "standards": 2,
            "transformation": 30,
        },
    )
    this_year = timezone.localdate().year
    for offset, growth in ((3, Decimal("0.50")), (2, Decimal("0.70")), (1, Decimal(1))):
        FiscalYear.objects.create(
            enterprise=firm,
            year=this_year - offset,
            sales_revenue=Decimal("8000") * growth,
            total_revenue=Decimal("8200") * growth,
            hitech_revenue=Decimal("6000") * growth,
            rd_personnel=Decimal(rd_personnel) * growth,
            rd_direct=Decimal("100") * growth,
            net_assets=Decimal("3000") * growth,
            total_assets=Decimal("9000") * growth,
            employees=Decimal("200"),
            scitech_staff=Decimal("30"),
        )
    IPAsset.objects.bulk_create(
        IPAsset(enterprise=firm, kind="invention", title=f"发明{serial}-{n}") for n in range(6)
    )
    Achievement.objects.bulk_create(
        Achievement(enterprise=firm, title=f"成果{n}", year=this_year - 1 - n % 3) for n in range(15)
    )
    return firm


@pytest.fixture
def firms(settings) -> dict[str, Enterprise]:
    settings.GAOQI_AUTO_EVALUATE = False  # evaluated once below, not on every save
    built = {
        label: _candidate(900 + index, TOWN_A if index % 2 == 0 else TOWN_B, label, rd)
        for index, (label, rd) in enumerate(RATIOS.items())
    }
    evaluate_enterprises(Enterprise.objects.all())
    return built


def _run(client: Client, value: str) -> Job:
    response = client.post(
        reverse("dashboard:impact"),
        {"parameter": BRACKET, "value": value, "effective_on": timezone.localdate().isoformat()},
    )
    job = Job.objects.get(kind="policy_impact")
    assert response.url == reverse("dashboard:impact_result", args=[job.pk])
    run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    return job


def test_the_bracket_is_offered_with_its_value_in_force() -> None:
    choice = choices(timezone.localdate())[BRACKET]
    assert choice.value == Decimal("0.04")
    assert "4%" in choice.label


@JOBS
def test_raising_the_threshold_to_5_percent_flips_the_firms_from_4_to_below_5(firms) -> None:
    officer = User.objects.create_user("officer", password=PASSWORD, role=Role.BUREAU_OFFICER)
    client = Client()
    client.force_login(officer)
    job = _run(client, "5")
    assert job.summary["flipped"] == 3 and job.summary["evaluated"] == len(RATIOS)
    page = client.get(reverse("dashboard:impact_result", args=[job.pk]))
    result = page.context["result"]
    assert {flip["name"] for flip in result["flips"]} == {
        firms[label].name for label in ("4.0%", "4.2%", "4.6%")
    }
    assert all(flip["hnte"]["to"] == "fail" for flip in result["flips"])
    towns = {row["town"]: (row["flipped"], row["hnte_lost"]) for row in result["by_town"]}
    assert towns == {"柯桥街道": (1, 1), "柯岩街道": (2, 2)}  # 4.2 % in A; 4.0 % and 4.6 % in B
    assert "研发比例4.2%测试企业" in page.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("dashboard:impact_export", args=[job.pk])).content))
    assert sorted(row[0] for row in list(sheet.active.iter_rows(values_only=True))[1:]) == sorted(
        firms[label].name for label in ("4.0%", "4.2%", "4.6%")
    )


@JOBS
def test_a_town_officer_simulates_only_their_town(firms) -> None:
    officer = User.objects.create_user("town", password=PASSWORD, role=Role.TOWN_OFFICER, town_code=TOWN_A)
    client = Client()
    client.force_login(officer)
    job = _run(client, "5")
    assert job.summary == {"as_of": timezone.localdate().isoformat(), "evaluated": 3, "flipped": 1}


def test_a_value_outside_the_unit_is_refused() -> None:
    form = ImpactForm(
        {"parameter": BRACKET, "value": "150", "effective_on": timezone.localdate().isoformat()}
    )
    assert not form.is_valid()
    assert "value" in form.errors
